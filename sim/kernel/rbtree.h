// rbtree.h — an intrusive red-black tree (lib/rbtree.c's job; CLRS's algorithms), used for
// epoll's interest set. Every structural change is reported so the trace can animate it: the
// observer hears each rotation and recolouring, and afterwards every node whose parent, side or
// colour changed is listed as dirty.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

namespace ioscope {

struct RbNode {
    RbNode* parent { nullptr };
    RbNode* left { nullptr };
    RbNode* right { nullptr };
    bool red { true };
    bool dirty { false };
};

class RbTree {
public:
    using Less = std::function<bool(const RbNode*, const RbNode*)>;
    enum class Event { RotateLeft, RotateRight, Recolor };
    using Observer = std::function<void(Event, RbNode*)>;

    explicit RbTree(Less less) : less_(std::move(less)) {}
    void set_observer(Observer o) { observe_ = std::move(o); }

    // Returns the depth at which the node was linked (a cost for ep_rbtree_insert).
    int insert(RbNode* z);
    void erase(RbNode* z);
    RbNode* root() const { return root_; }
    size_t size() const { return size_; }
    // Nodes whose links or colour changed since the last call (insert/erase mark them).
    std::vector<RbNode*> take_dirty();
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
    void mark(RbNode* n);
    void set_red(RbNode* n, bool red);
    void rotate_left(RbNode* x);
    void rotate_right(RbNode* x);
    void transplant(RbNode* u, RbNode* v);
    void insert_fixup(RbNode* z);
    void erase_fixup(RbNode* x, RbNode* xparent);

    Less less_;
    Observer observe_;
    RbNode* root_ { nullptr };
    size_t size_ { 0 };
    std::vector<RbNode*> dirty_;
};

} // namespace ioscope
