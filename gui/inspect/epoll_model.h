// epoll_model.h — an eventpoll: the red-black interest tree laid out as a tree (x = in-order
// rank, y = depth), the ready list (rdllist) and overflow list (ovflist) as linked boxes, and the
// ep->wq waiters (epoll_wait sleepers). The trace replays rb_insert_color / rb_erase one step at a
// time, so at a RbRotate record the tree is drawn as it is just after that rotation, the pivot
// highlighted and the node that came up into its place marked; the panel animates the nodes'
// movement by interpolating positions between the previous and the current layout
// (interpolate_layout). GL-free.
#pragma once
#include "inspect_input.h"

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace ioscope::gui {

struct RbNodeView {
    uint32_t item { 0 };                  // epitem id
    uint32_t fd { 0 };                    // the key
    bool red { false };
    uint32_t parent { 0 };
    bool right { false };                 // it is its parent's right child
    int depth { 0 };                      // 0 = root
    int rank { 0 };                       // in-order position (left to right)
    float x { 0 }, y { 0 };               // layout: x = rank, y = depth (in node units)
    bool highlight { false };             // the node the current record changed (a rotation's pivot)
    bool came_up { false };               // RbRotate: the child that came up into the pivot's place;
                                          // RbErase: the successor that took the erased node's place
};

struct ListBoxView {
    uint32_t item { 0 };
    int64_t fd { -1 };
    bool highlight { false };             // just added
};

struct EpollView {
    bool valid { false };
    uint32_t ep { 0 };
    std::string name;
    uint32_t owner_task { 0 };
    std::string owner_name;
    // The nodes to draw, in order (sorted by rank): the whole tree, or for a tree of more than
    // kFullTree nodes (c10k: ~6,000, thousands of pixels wide) the subtree around the change:
    // kSubtreeDepth levels under the changed node's grandparent (or under the root), rank, depth,
    // x and y counted from that top node, whose parent is then 0.
    std::vector<RbNodeView> nodes;
    size_t tree_nodes { 0 };              // nodes in the whole tree
    bool partial { false };               // `nodes` is a subtree
    uint32_t anchor_fd { 0 };             // partial: the subtree's top node and its depth in the tree
    int anchor_depth { 0 };
    struct Cut { uint32_t item; size_t hidden; };
    std::vector<Cut> cut;                 // partial: shown nodes whose children are not, and how many
                                          // nodes hang below each (drawn folded into a stub)
    std::vector<ListBoxView> rdllist, ovflist;
    struct Waiter { uint32_t entry; uint32_t task; std::string task_name; bool exclusive; std::string func; bool added; };
    std::vector<Waiter> waiters;          // ep->wq, list order
    uint64_t rotations { 0 };
    // The current record's change:
    ioscope::Kind change { ioscope::Kind::Count_ };
    uint32_t change_item { 0 };
    int64_t change_fd { -1 };
    std::string by;                       // kernel function that made it (ep_poll_callback, ep_send_events...)
    int rotate_dir { -1 };                // RbRotate: 0 left, 1 right
    uint32_t came_up { 0 };               // see RbNodeView::came_up (epitem id, 0 = none)
    ioscope::RbStep step { ioscope::RbStep::None };   // RbRotate / RbRecolor: which case
};

constexpr size_t kFullTree = 63;
constexpr int kSubtreeDepth = 4;          // levels under the subtree's top: at most 31 nodes

// Costs what is drawn, not the tree's size: the whole tree's layout is built once per tree
// version (EpollInfo::items.version(): a frame, or a seek that leaves the tree as it was, reuses
// it), and the subtree is taken from it by following child links.
EpollView build_epoll_view(const InspectInput& in);

// The whole tree's layout: nodes in order with the links as drawn (indexes into `nodes`, -1 none)
// and the size of the subtree under each node.
struct RbLayout {
    std::vector<RbNodeView> nodes;
    std::vector<int> left, right, up, size;
    int root { -1 };                           // the first node drawn without a parent
    std::unordered_map<uint32_t, int> index;   // epitem id -> position in `nodes`
};
RbLayout build_rb_layout(const ioscope::EpollInfo& ep);
std::vector<RbNodeView> layout_rbtree(const ioscope::EpollInfo& ep);   // build_rb_layout(ep).nodes
// How many times build_epoll_view has built a layout (tests check the per-version cache).
size_t epoll_layout_builds();

// Positions for the animation: nodes of `to` move from their place in `from` (or appear in place)
// to their place in `to`; t in [0,1] (0 = from, 1 = to).
std::vector<RbNodeView> interpolate_layout(const std::vector<RbNodeView>& from, const std::vector<RbNodeView>& to, float t);

// Who made the current Rdl/Ovf/Rb change, from the CPU mode and the task's system call:
// "ep_poll_callback" (softirq/irq or another task), "ep_send_events" (splice / level-triggered
// re-queue), "ep_done_scan" (ovflist and leftovers back to the front), "ep_insert", "ep_remove";
// for the tree: "ep_rbtree_insert" (the link), "rb_insert_color" / "rb_erase_cached" (rebalancing).
std::string epoll_change_by(const InspectInput& in);

} // namespace ioscope::gui
