// rbtree.cpp — see the header. The case numbers and the order of the steps are lib/rbtree.c's
// (__rb_insert, __rb_erase_augmented, ____rb_erase_color), so a trace step matches a line of the
// kernel's source; the code is written from the algorithm, with "dir" helpers for the mirror
// images instead of the kernel's duplicated left/right branches.
#include "rbtree.h"

namespace ioscope {

namespace {

RbNode*& child(RbNode* n, bool right) { return right ? n->right : n->left; }

} // namespace

// __rb_change_child: whatever pointed at `old` (its parent's slot, or the root) now points at `now`.
void RbTree::change_child(RbNode* old, RbNode* now, RbNode* parent) {
    if (!parent) root_ = now;
    else if (parent->left == old) parent->left = now;
    else parent->right = now;
}

void RbTree::recolor(RbNode* n, bool red, RbStep step, const Observer& obs) {
    if (!n || n->red == red) return;
    n->red = red;
    if (obs) obs(RbChange { RbChange::Op::Recolor, n, nullptr, false, step });
}

// A rotation at `pivot`: its child on the far side (right child for a left rotation) comes up into
// its place, the pivot becomes that child's near child and takes over the child's inner subtree.
// Colours are left alone: the callers recolour afterwards, as __rb_rotate_set_parents does.
RbNode* RbTree::rotate(RbNode* pivot, bool right, RbStep step, const Observer& obs) {
    RbNode* up = child(pivot, !right);
    RbNode* inner = child(up, right);
    RbNode* gp = pivot->parent;
    child(pivot, !right) = inner;
    if (inner) inner->parent = pivot;
    child(up, right) = pivot;
    pivot->parent = up;
    up->parent = gp;
    change_child(pivot, up, gp);
    if (obs) obs(RbChange { RbChange::Op::Rotate, pivot, up, right, step });
    return up;
}

int RbTree::insert(RbNode* z, const Observer& obs) {
    // ep_rbtree_insert's walk: greater keys go right, others left (ep_cmp_ffd > 0).
    RbNode* parent = nullptr;
    bool right = false;
    int depth = 0;
    for (RbNode* x = root_; x; x = child(x, right)) {
        parent = x;
        right = less_(x, z);
        ++depth;
    }
    // rb_link_node: a red leaf in the empty slot.
    z->parent = parent;
    z->left = z->right = nullptr;
    z->red = true;
    if (parent) child(parent, right) = z;
    else root_ = z;
    ++size_;
    if (obs) obs(RbChange { RbChange::Op::Link, z, parent, right, RbStep::None });
    insert_color(z, obs);
    return depth;
}

// __rb_insert. Invariant: `node` is red; the only possible violation is a red parent.
void RbTree::insert_color(RbNode* node, const Observer& obs) {
    for (;;) {
        RbNode* parent = node->parent;
        if (!parent) { recolor(node, false, RbStep::InsertRoot, obs); return; }
        if (!parent->red) return;
        RbNode* g = parent->parent;                  // a red parent is never the root
        const bool side = g->right == parent;        // the side the parent hangs on
        RbNode* uncle = child(g, !side);
        if (uncle && uncle->red) {
            // Case 1: a colour flip pushes the red up two levels; the grandparent may now clash.
            recolor(uncle, false, RbStep::InsertCase1, obs);
            recolor(parent, false, RbStep::InsertCase1, obs);
            recolor(g, true, RbStep::InsertCase1, obs);
            node = g;
            continue;
        }
        if (child(parent, !side) == node) {
            // Case 2: the node is an inner grandchild; rotating at the parent makes it an outer one
            // (the node comes up, the parent goes down) and case 3 finishes.
            parent = rotate(parent, side, RbStep::InsertCase2, obs);
        }
        // Case 3: rotate at the grandparent; the parent takes its place and its (black) colour.
        const bool g_red = g->red;
        rotate(g, !side, RbStep::InsertCase3, obs);
        recolor(parent, g_red, RbStep::InsertCase3, obs);
        recolor(g, true, RbStep::InsertCase3, obs);
        return;
    }
}

// rb_erase: __rb_erase_augmented unlinks, then ____rb_erase_color if a black node went missing.
void RbTree::erase(RbNode* z, const Observer& obs) {
    RbNode* zp = z->parent;
    RbNode* rebalance = nullptr;
    RbNode* successor = nullptr;
    if (!z->left || !z->right) {
        // At most one child: it takes z's place and colour. (A lone child is red under a black z,
        // so the black count is restored at once; a childless black z leaves a hole.)
        RbNode* c = z->left ? z->left : z->right;
        change_child(z, c, zp);
        if (c) { c->parent = zp; c->red = z->red; }
        else if (!z->red) rebalance = zp;
    } else {
        // Two children: the in-order successor (leftmost of the right subtree) takes z's place.
        RbNode* s = z->right;
        RbNode* gap = s;                             // where the successor leaves a hole
        if (s->left) {
            while (s->left) { gap = s; s = s->left; }
            gap->left = s->right;                    // the successor's right child moves up
            s->right = z->right;
            z->right->parent = s;
        }
        RbNode* moved = gap == s ? s->right : gap->left;
        s->left = z->left;
        z->left->parent = s;
        change_child(z, s, zp);
        s->parent = zp;
        const bool s_was_red = s->red;
        s->red = z->red;
        if (moved) { moved->parent = gap; moved->red = false; }
        else if (!s_was_red) rebalance = gap;
        successor = s;
    }
    z->parent = z->left = z->right = nullptr;
    --size_;
    if (obs) obs(RbChange { RbChange::Op::Erase, z, successor, false, RbStep::None });
    if (rebalance) erase_color(rebalance, obs);
}

// ____rb_erase_color. Invariant: every path through `node` (a black node, or the hole on the
// first round) under `parent` has one black node fewer than the others.
void RbTree::erase_color(RbNode* parent, const Observer& obs) {
    RbNode* node = nullptr;
    for (;;) {
        // The hole's side: on the first round node is null and the sibling (non-null: the other
        // side has a black node to spare) tells the sides apart.
        const bool side = parent->right == node;
        RbNode* sibling = child(parent, !side);
        if (sibling->red) {
            // Case 1: rotate at the parent so the hole gets a black sibling; the red sibling comes
            // up with the parent's (black) colour and the parent turns red.
            const bool p_red = parent->red;
            rotate(parent, side, RbStep::EraseCase1, obs);
            recolor(sibling, p_red, RbStep::EraseCase1, obs);
            recolor(parent, true, RbStep::EraseCase1, obs);
            sibling = child(parent, !side);
        }
        RbNode* far = child(sibling, !side);
        if (!far || !far->red) {
            RbNode* near = child(sibling, side);
            if (!near || !near->red) {
                // Case 2: take a black off the sibling's side; a red parent absorbs the debt,
                // a black one passes it up.
                recolor(sibling, true, RbStep::EraseCase2, obs);
                if (parent->red) { recolor(parent, false, RbStep::EraseCase2, obs); return; }
                node = parent;
                parent = node->parent;
                if (!parent) return;
                continue;
            }
            // Case 3: the near child is red: rotate at the sibling so it becomes the far one
            // (colours are fixed by case 4's recolouring).
            rotate(sibling, !side, RbStep::EraseCase3, obs);
            far = sibling;
            sibling = near;
        }
        // Case 4: the far child turns black, rotate at the parent; the sibling takes the parent's
        // place and colour, the parent turns black: the hole's side gains its black node.
        recolor(far, false, RbStep::EraseCase4, obs);
        const bool p_red = parent->red;
        rotate(parent, side, RbStep::EraseCase4, obs);
        recolor(sibling, p_red, RbStep::EraseCase4, obs);
        recolor(parent, false, RbStep::EraseCase4, obs);
        return;
    }
}

} // namespace ioscope
