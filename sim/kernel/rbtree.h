// rbtree.h — an intrusive red-black tree that takes lib/rbtree.c's steps in lib/rbtree.c's order,
// used for epoll's interest set. The caller's observer hears every step just after it is made, so
// the trace replays the tree one change at a time:
//   insert: Link (rb_link_node: the new leaf, red, in the empty slot the walk ended at), then
//           rb_insert_color's recolourings and rotations (__rb_insert cases 1-3, the root);
//   erase:  Erase (__rb_erase_augmented: the node unlinked, a child or its successor moved into its
//           place), then ____rb_erase_color's rotations and recolourings (cases 1-4).
// A Recolor is reported only when a colour really changes.
#pragma once
#include "sim/trace/record.h"

#include <cstdint>
#include <functional>

namespace ioscope {

struct RbNode {
    RbNode* parent { nullptr };
    RbNode* left { nullptr };
    RbNode* right { nullptr };
    bool red { true };
};

struct RbChange {
    enum class Op : uint8_t { Link, Erase, Rotate, Recolor };
    Op op { Op::Link };
    RbNode* node { nullptr };     // Link: the new leaf; Erase: the erased node; Rotate: the pivot (it goes
                                  // down); Recolor: the recoloured node
    RbNode* other { nullptr };    // Link: its parent (null: the root); Erase: the successor that took its
                                  // place (null: it had at most one child); Rotate: the child that came up
    bool right { false };         // Link: linked as the right child; Rotate: a right rotation
    RbStep step { RbStep::None }; // Rotate / Recolor: which case of rb_insert_color / rb_erase
};

class RbTree {
public:
    using Less = std::function<bool(const RbNode*, const RbNode*)>;
    using Observer = std::function<void(const RbChange&)>;

    explicit RbTree(Less less) : less_(std::move(less)) {}

    // ep_rbtree_insert + rb_insert_color. Returns the depth at which the node was linked (a cost).
    int insert(RbNode* z, const Observer& obs = {});
    // rb_erase (what rb_erase_cached does to the tree).
    void erase(RbNode* z, const Observer& obs = {});
    RbNode* root() const { return root_; }
    size_t size() const { return size_; }
    // Walk down with a three-way comparison; returns the node and the number of steps.
    template <class Cmp> RbNode* find(Cmp cmp, int* steps) const {
        RbNode* n = root_;
        int s = 0;
        while (n) {
            ++s;
            int c = cmp(n);
            if (c == 0) break;
            n = c < 0 ? n->left : n->right;
        }
        if (steps) *steps = s;
        return n;
    }

private:
    void change_child(RbNode* old, RbNode* now, RbNode* parent);
    void recolor(RbNode* n, bool red, RbStep step, const Observer& obs);
    RbNode* rotate(RbNode* pivot, bool right, RbStep step, const Observer& obs);
    void insert_color(RbNode* node, const Observer& obs);
    void erase_color(RbNode* parent, const Observer& obs);

    Less less_;
    RbNode* root_ { nullptr };
    size_t size_ { 0 };
};

} // namespace ioscope
