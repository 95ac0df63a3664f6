#include "rbtree.h"

namespace ioscope {

void RbTree::mark(RbNode* n) {
    if (n && !n->dirty) { n->dirty = true; dirty_.push_back(n); }
}

std::vector<RbNode*> RbTree::take_dirty() {
    std::vector<RbNode*> out;
    out.swap(dirty_);
    for (RbNode* n : out) n->dirty = false;
    return out;
}

void RbTree::set_red(RbNode* n, bool red) {
    if (!n || n->red == red) return;
    n->red = red;
    mark(n);
    if (observe_) observe_(Event::Recolor, n);
}

void RbTree::rotate_left(RbNode* x) {
    RbNode* y = x->right;
    x->right = y->left;
    if (y->left) { y->left->parent = x; mark(y->left); }
    y->parent = x->parent;
    if (!x->parent) root_ = y;
    else if (x == x->parent->left) x->parent->left = y;
    else x->parent->right = y;
    y->left = x;
    x->parent = y;
    mark(x);
    mark(y);
    if (observe_) observe_(Event::RotateLeft, x);
}

void RbTree::rotate_right(RbNode* x) {
    RbNode* y = x->left;
    x->left = y->right;
    if (y->right) { y->right->parent = x; mark(y->right); }
    y->parent = x->parent;
    if (!x->parent) root_ = y;
    else if (x == x->parent->right) x->parent->right = y;
    else x->parent->left = y;
    y->right = x;
    x->parent = y;
    mark(x);
    mark(y);
    if (observe_) observe_(Event::RotateRight, x);
}

int RbTree::insert(RbNode* z) {
    RbNode* y = nullptr;
    RbNode* x = root_;
    int depth = 0;
    while (x) {
        y = x;
        x = less_(z, x) ? x->left : x->right;
        ++depth;
    }
    z->parent = y;
    z->left = z->right = nullptr;
    z->red = true;
    if (!y) root_ = z;
    else if (less_(z, y)) y->left = z;
    else y->right = z;
    ++size_;
    mark(z);
    insert_fixup(z);
    return depth;
}

void RbTree::insert_fixup(RbNode* z) {
    while (z->parent && z->parent->red) {
        RbNode* p = z->parent;
        RbNode* g = p->parent;
        if (p == g->left) {
            RbNode* u = g->right;
            if (u && u->red) {
                set_red(p, false); set_red(u, false); set_red(g, true);
                z = g;
            } else {
                if (z == p->right) { z = p; rotate_left(z); p = z->parent; }
                set_red(p, false); set_red(g, true);
                rotate_right(g);
            }
        } else {
            RbNode* u = g->left;
            if (u && u->red) {
                set_red(p, false); set_red(u, false); set_red(g, true);
                z = g;
            } else {
                if (z == p->left) { z = p; rotate_right(z); p = z->parent; }
                set_red(p, false); set_red(g, true);
                rotate_left(g);
            }
        }
    }
    set_red(root_, false);
}

void RbTree::transplant(RbNode* u, RbNode* v) {
    if (!u->parent) root_ = v;
    else if (u == u->parent->left) u->parent->left = v;
    else u->parent->right = v;
    if (v) { v->parent = u->parent; mark(v); }
    if (u->parent) mark(u->parent);
}

void RbTree::erase(RbNode* z) {
    RbNode* y = z;
    bool y_was_red = y->red;
    RbNode* x = nullptr;
    RbNode* xparent = nullptr;
    if (!z->left) {
        x = z->right;
        xparent = z->parent;
        transplant(z, z->right);
    } else if (!z->right) {
        x = z->left;
        xparent = z->parent;
        transplant(z, z->left);
    } else {
        y = z->right;                                    // the successor takes z's place
        while (y->left) y = y->left;
        y_was_red = y->red;
        x = y->right;
        if (y->parent == z) {
            xparent = y;
        } else {
            xparent = y->parent;
            transplant(y, y->right);
            y->right = z->right;
            y->right->parent = y;
            mark(y->right);
        }
        transplant(z, y);
        y->left = z->left;
        y->left->parent = y;
        mark(y->left);
        if (y->red != z->red) { y->red = z->red; if (observe_) observe_(Event::Recolor, y); }
        mark(y);
    }
    --size_;
    z->parent = z->left = z->right = nullptr;
    if (z->dirty) { z->dirty = false; std::erase(dirty_, z); }
    if (!y_was_red) erase_fixup(x, xparent);
}

void RbTree::erase_fixup(RbNode* x, RbNode* xparent) {
    while (x != root_ && (!x || !x->red)) {
        if (!xparent) break;
        if (x == xparent->left) {
            RbNode* w = xparent->right;
            if (w && w->red) {
                set_red(w, false); set_red(xparent, true);
                rotate_left(xparent);
                w = xparent->right;
            }
            if (!w) { x = xparent; xparent = x->parent; continue; }
            if ((!w->left || !w->left->red) && (!w->right || !w->right->red)) {
                set_red(w, true);
                x = xparent;
                xparent = x->parent;
            } else {
                if (!w->right || !w->right->red) {
                    set_red(w->left, false); set_red(w, true);
                    rotate_right(w);
                    w = xparent->right;
                }
                set_red(w, xparent->red);
                set_red(xparent, false);
                set_red(w->right, false);
                rotate_left(xparent);
                x = root_;
                xparent = nullptr;
            }
        } else {
            RbNode* w = xparent->left;
            if (w && w->red) {
                set_red(w, false); set_red(xparent, true);
                rotate_right(xparent);
                w = xparent->left;
            }
            if (!w) { x = xparent; xparent = x->parent; continue; }
            if ((!w->right || !w->right->red) && (!w->left || !w->left->red)) {
                set_red(w, true);
                x = xparent;
                xparent = x->parent;
            } else {
                if (!w->left || !w->left->red) {
                    set_red(w->right, false); set_red(w, true);
                    rotate_left(w);
                    w = xparent->left;
                }
                set_red(w, xparent->red);
                set_red(xparent, false);
                set_red(w->left, false);
                rotate_right(xparent);
                x = root_;
                xparent = nullptr;
            }
        }
    }
    if (x) set_red(x, false);
}

} // namespace ioscope
