// epoll_model.h — an eventpoll: the red-black interest tree laid out as a tree (x = in-order
// rank, y = depth), the ready list (rdllist) and overflow list (ovflist) as linked boxes, and the
// ep->wq waiters (epoll_wait sleepers). The trace replays rb_insert_color / rb_erase one step at a
// time, so at a RbRotate record the tree is drawn as it is just after that rotation, the pivot
// highlighted and the node that came up into its place marked; the panel animates the nodes'
// movement by interpolating positions between the previous and the current layout
// (interpolate_layout). GL-free.
#pragma once
#include "inspect_input.h"

#include <string>
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
    std::vector<RbNodeView> nodes;        // in-order (sorted by rank)
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

EpollView build_epoll_view(const InspectInput& in);

// The rb-tree layout alone (tests check it against the parent links).
std::vector<RbNodeView> layout_rbtree(const ioscope::EpollInfo& ep);

// Positions for the animation: nodes of `to` move from their place in `from` (or appear in place)
// to their place in `to`; t in [0,1] (0 = from, 1 = to).
std::vector<RbNodeView> interpolate_layout(const std::vector<RbNodeView>& from, const std::vector<RbNodeView>& to, float t);

// Who made the current Rdl/Ovf/Rb change, from the CPU mode and the task's system call:
// "ep_poll_callback" (softirq/irq or another task), "ep_send_events" (splice / level-triggered
// re-queue), "ep_done_scan" (ovflist and leftovers back to the front), "ep_insert", "ep_remove";
// for the tree: "ep_rbtree_insert" (the link), "rb_insert_color" / "rb_erase_cached" (rebalancing).
std::string epoll_change_by(const InspectInput& in);

} // namespace ioscope::gui
