// inspect_epoll_test.cpp — issue 5 acceptance on epoll-lt: stepping through the trace, the epoll
// inspector shows ep_poll_callback (in the NET_RX softirq) putting an epitem on the ready list,
// ep_send_events taking it off and — level-triggered — re-queueing it; and the red-black tree's
// layout is consistent with the tree (depths, in-order ranks, key order, red-black rules); at every
// tree record the drawn tree is a search tree, and a rotation shows its pivot, the node that came
// up and its direction, narrated with its rb_insert_color / rb_erase case in both languages.
#include "inspect_test_util.h"

#include "gui/bench_trace.h"
#include "gui/inspect/epoll_model.h"
#include "gui/i18n.h"
#include "gui/inspect/narration.h"

#include <algorithm>
#include <map>

using namespace ioscope;
using namespace ioscope::gui;
using ioscope::gui::testing::Stepper;

namespace {

class EpollLt : public ::testing::Test {
protected:
    static void SetUpTestSuite() { trace_ = ioscope::gui::testing::run_bundled("epoll-lt").release(); }
    static void TearDownTestSuite() { delete trace_; trace_ = nullptr; }
    static ioscope::Trace* trace_;
};
ioscope::Trace* EpollLt::trace_ = nullptr;

bool on(const std::vector<ListBoxView>& l, uint32_t item) {
    return std::any_of(l.begin(), l.end(), [&](const ListBoxView& b) { return b.item == item; });
}

bool is_rb(Kind k) { return k == Kind::RbInsert || k == Kind::RbErase || k == Kind::RbRecolor || k == Kind::RbRotate; }

// The layout against the tree it was made from.
void check_layout(const EpollView& v, bool complete, size_t at) {
    std::map<uint32_t, const RbNodeView*> by;
    for (const auto& n : v.nodes) by[n.item] = &n;
    int roots = 0;
    for (size_t k = 0; k < v.nodes.size(); ++k) {
        const RbNodeView& n = v.nodes[k];
        EXPECT_EQ(n.rank, int(k));
        EXPECT_FLOAT_EQ(n.x, float(n.rank));
        EXPECT_FLOAT_EQ(n.y, float(n.depth));
        if (!n.parent) { ++roots; EXPECT_EQ(n.depth, 0); continue; }
        const RbNodeView* p = by.at(n.parent);
        EXPECT_EQ(n.depth, p->depth + 1) << "record " << at;
        if (n.right) EXPECT_GT(n.rank, p->rank) << "record " << at;
        else EXPECT_LT(n.rank, p->rank) << "record " << at;
    }
    if (v.nodes.empty()) return;
    // The trace replays rb_insert_color / rb_erase one step at a time: after every record the
    // tree is one binary search tree (keys in order)...
    EXPECT_EQ(roots, 1) << "record " << at;
    for (size_t k = 1; k < v.nodes.size(); ++k) EXPECT_LT(v.nodes[k - 1].fd, v.nodes[k].fd) << "record " << at;
    if (!complete) return;
    // ... and between changes a valid red-black tree: a black root, no red node with a red
    // parent, the same number of black nodes on every root-to-leaf path.
    std::map<uint32_t, int> children;
    for (const auto& n : v.nodes) {
        if (!n.parent) { EXPECT_FALSE(n.red); continue; }
        children[n.parent]++;
        if (n.red) EXPECT_FALSE(by.at(n.parent)->red) << "red-red at record " << at;
    }
    int black_height = -1;
    for (const auto& n : v.nodes) {
        if (children[n.item] == 2) continue;     // only nodes with a NIL child end a path
        int h = 0;
        for (const RbNodeView* x = &n; x; x = x->parent ? by.at(x->parent) : nullptr) h += x->red ? 0 : 1;
        if (black_height < 0) black_height = h;
        EXPECT_EQ(h, black_height) << "record " << at;
    }
}

} // namespace

TEST_F(EpollLt, CallbackQueuesThenSendEventsTakesOffAndRequeues) {
    ASSERT_NE(trace_, nullptr);
    const ioscope::Trace& tr = *trace_;
    Stepper s(tr);
    const uint32_t epoll_wait = tr.strings.find("epoll_wait");
    ASSERT_NE(epoll_wait, UINT32_MAX);
    enum class Seen { None, Callback, TakenOff };
    std::map<uint32_t, Seen> stage;               // epitem -> what happened to it last
    size_t callbacks = 0, taken_off = 0, requeued = 0, full_cycles = 0;
    for (size_t i = 0; i < tr.size(); ++i) {
        const ioscope::Record& r = tr.records[i];
        if (r.kind != Kind::RdlAdd && r.kind != Kind::RdlRemove) continue;
        const InspectInput in = s.at(i);
        const EpollView v = build_epoll_view(in);
        ASSERT_TRUE(v.valid);
        ASSERT_EQ(v.ep, r.obj);
        EXPECT_EQ(v.change, r.kind);
        EXPECT_EQ(v.change_item, r.obj2);
        const std::string text = narrate_record(in);
        if (r.kind == Kind::RdlAdd) {
            ASSERT_TRUE(on(v.rdllist, r.obj2)) << "record " << i;
            auto box = std::find_if(v.rdllist.begin(), v.rdllist.end(), [&](const ListBoxView& b) { return b.item == r.obj2; });
            EXPECT_TRUE(box->highlight);
            EXPECT_EQ(box->fd, r.a);
            if (v.by == "ep_poll_callback") {
                ++callbacks;
                EXPECT_EQ(in.state.cpus[r.cpu].mode, CpuMode::Softirq);   // from NET_RX, not from the server
                EXPECT_NE(text.find("ep_poll_callback"), std::string::npos) << text;
                EXPECT_NE(text.find("rdllist"), std::string::npos) << text;
                stage[r.obj2] = Seen::Callback;
            } else if (v.by == "ep_send_events") {
                ++requeued;
                EXPECT_EQ(v.rdllist.back().item, r.obj2);   // level-triggered re-queue at the tail
                EXPECT_EQ(in.str(in.state.tasks.at(r.task).syscall), "epoll_wait");
                EXPECT_NE(text.find("level-triggered"), std::string::npos) << text;
                if (stage[r.obj2] == Seen::TakenOff) ++full_cycles;
                stage[r.obj2] = Seen::None;
            }
        } else {
            EXPECT_FALSE(on(v.rdllist, r.obj2)) << "record " << i;
            EXPECT_EQ(v.by, "ep_send_events");
            EXPECT_NE(text.find("ep_send_events"), std::string::npos) << text;
            ++taken_off;
            if (stage[r.obj2] == Seen::Callback) stage[r.obj2] = Seen::TakenOff;
        }
    }
    EXPECT_GT(callbacks, 3u);
    EXPECT_GT(taken_off, 3u);
    EXPECT_GT(requeued, 3u);
    // ep_poll_callback -> ep_send_events takes it off -> ep_send_events re-queues it (LT).
    EXPECT_GT(full_cycles, 0u);
}

TEST_F(EpollLt, RbTreeLayoutMatchesTheTreeAfterEveryChange) {
    ASSERT_NE(trace_, nullptr);
    const ioscope::Trace& tr = *trace_;
    Stepper s(tr);
    size_t checked = 0, complete = 0, rotations = 0;
    size_t max_nodes = 0;
    for (size_t i = 0; i < tr.size(); ++i) {
        const ioscope::Record& r = tr.records[i];
        if (!is_rb(r.kind)) continue;
        const EpollView v = build_epoll_view(s.at(i));
        ASSERT_TRUE(v.valid);
        // "Complete" once the next record is no longer part of this tree change.
        const bool done = i + 1 >= tr.size() || !is_rb(tr.records[i + 1].kind) || tr.records[i + 1].obj != r.obj;
        check_layout(v, done, i);
        ++checked;
        complete += done;
        max_nodes = std::max(max_nodes, v.nodes.size());
        auto node = [&](uint32_t item) { return std::find_if(v.nodes.begin(), v.nodes.end(), [&](const RbNodeView& x) { return x.item == item; }); };
        if (r.kind == Kind::RbRotate) {
            // The shape after this rotation: the pivot went down to the side of the rotation,
            // under the node that came up into its place.
            ++rotations;
            EXPECT_EQ(v.rotate_dir, int(r.b & 1));
            auto pivot = node(r.obj2);
            ASSERT_NE(pivot, v.nodes.end());
            EXPECT_TRUE(pivot->highlight);
            ASSERT_NE(v.came_up, 0u);
            EXPECT_EQ(pivot->parent, v.came_up) << "record " << i;
            EXPECT_EQ(pivot->right, (r.b & 1) == 1) << "a left rotation makes the pivot a left child";
            auto up = node(v.came_up);
            ASSERT_NE(up, v.nodes.end());
            EXPECT_TRUE(up->came_up);
            EXPECT_NE(v.step, ioscope::RbStep::None);
            EXPECT_EQ(v.by, ioscope::rb_step_is_erase(v.step) ? "rb_erase_cached" : "rb_insert_color");
            // Narrated with its case, in both languages.
            const std::string en = narrate_record(s.at(i));
            EXPECT_NE(en.find(" case "), std::string::npos) << en;
            EXPECT_NE(en.find((r.b & 1) ? "right rotation at fd " : "left rotation at fd "), std::string::npos) << en;
            EXPECT_NE(en.find("fd " + std::to_string(up->fd) + " comes up"), std::string::npos) << en;
            set_language(Lang::Zh);
            const std::string zh = narrate_record(s.at(i));
            set_language(Lang::En);
            EXPECT_NE(zh.find("情形"), std::string::npos) << zh;
            EXPECT_NE(zh.find((r.b & 1) ? "右旋" : "左旋"), std::string::npos) << zh;
        }
        if (r.kind == Kind::RbInsert) {
            // rb_link_node: a red leaf, before any rebalancing.
            auto n = node(r.obj2);
            ASSERT_NE(n, v.nodes.end());
            EXPECT_TRUE(n->highlight);
            EXPECT_TRUE(n->red);
            EXPECT_TRUE(std::none_of(v.nodes.begin(), v.nodes.end(), [&](const RbNodeView& x) { return x.parent == r.obj2; }))
                << "record " << i << ": a new node is a leaf";
            EXPECT_FALSE(i > 0 && is_rb(tr.records[i - 1].kind) && tr.records[i - 1].obj == r.obj) << "record " << i << ": the link starts its change";
        }
    }
    EXPECT_GT(checked, 10u);
    EXPECT_GT(complete, 5u);
    EXPECT_GE(max_nodes, 5u);
    EXPECT_GT(rotations, 0u);
}

TEST(InspectEpoll, InterpolationMovesNodesSmoothlyBetweenLayouts) {
    std::vector<RbNodeView> a(2), b(3);
    a[0].item = 1; a[0].x = 0; a[0].y = 1;
    a[1].item = 2; a[1].x = 1; a[1].y = 0;
    b[0].item = 1; b[0].x = 0; b[0].y = 0;      // became the root: a rotation
    b[1].item = 2; b[1].x = 1; b[1].y = 1;
    b[2].item = 3; b[2].x = 2; b[2].y = 2;      // new node: appears in place
    auto at0 = interpolate_layout(a, b, 0.0f);
    auto mid = interpolate_layout(a, b, 0.5f);
    auto at1 = interpolate_layout(a, b, 1.0f);
    EXPECT_FLOAT_EQ(at0[0].y, 1.0f);
    EXPECT_FLOAT_EQ(at0[1].y, 0.0f);
    EXPECT_FLOAT_EQ(mid[0].y, 0.5f);
    EXPECT_FLOAT_EQ(mid[1].y, 0.5f);
    EXPECT_FLOAT_EQ(at1[0].y, 0.0f);
    EXPECT_FLOAT_EQ(at1[1].y, 1.0f);
    EXPECT_FLOAT_EQ(at0[2].x, 2.0f);
    EXPECT_FLOAT_EQ(interpolate_layout(a, b, 7.0f)[0].y, 0.0f);   // clamped
    // A broken parent link (cycle) in a hand-edited trace never hangs the layout.
    ioscope::EpollInfo ep;
    ep.items.edit()[1] = { 5, 0, 2, 0 };
    ep.items.edit()[2] = { 7, 0, 1, 1 };
    EXPECT_EQ(layout_rbtree(ep).size(), 2u);
}

// A c10k-sized tree (the GUI benchmark's 6,000 epitems): the view holds only the subtree around
// the changed epitem, at most kSubtreeDepth levels under its grandparent, in key order, with the
// nodes below its cut edge counted; and the whole tree's layout is built once for all the records
// that leave the tree as it is, not once per frame.
TEST(InspectEpoll, BigTreeDrawsASubtreeFromALayoutBuiltOncePerTreeVersion) {
    const auto tr = make_bench_trace(9000);
    Stepper s(*tr);
    const size_t builds0 = epoll_layout_builds();
    size_t checked = 0, counted = 0, with_cut = 0;
    for (size_t i = 0; i < tr->size(); ++i) {
        const ioscope::Record& r = tr->records[i];
        if (r.kind != Kind::RdlAdd) continue;
        const InspectInput in = s.at(i);
        const EpollView v = build_epoll_view(in);
        ASSERT_TRUE(v.partial);
        ASSERT_EQ(v.tree_nodes, 6000u);
        ASSERT_LE(v.nodes.size(), 31u);
        auto it = std::find_if(v.nodes.begin(), v.nodes.end(), [&](const RbNodeView& n) { return n.item == r.obj2; });
        ASSERT_NE(it, v.nodes.end()) << "record " << i << ": the epitem put on the ready list is drawn";
        EXPECT_EQ(int64_t(it->fd), r.a);
        uint32_t top = 0;
        for (size_t k = 0; k < v.nodes.size(); ++k) {
            EXPECT_LE(v.nodes[k].depth, kSubtreeDepth);
            if (!v.nodes[k].parent) { EXPECT_EQ(top, 0u); top = v.nodes[k].item; }
            if (k) EXPECT_LT(v.nodes[k - 1].fd, v.nodes[k].fd);
        }
        ASSERT_NE(top, 0u);
        for (const EpollView::Cut& c : v.cut) {
            auto n = std::find_if(v.nodes.begin(), v.nodes.end(), [&](const RbNodeView& x) { return x.item == c.item; });
            ASSERT_NE(n, v.nodes.end());
            EXPECT_EQ(n->depth, kSubtreeDepth);
        }
        // Shown + folded = the top node's subtree, counted here from the State's parent links.
        with_cut += !v.cut.empty();
        if (counted < 100) {
            ++counted;
            const ioscope::EpollInfo& ep = in.state.epolls.at(v.ep);
            size_t under_top = 0;
            for (const auto& [item, n] : ep.items) {
                uint32_t x = item;
                for (int guard = 0; x && x != top && guard < 64; ++guard) x = ep.items.at(x).parent;
                under_top += x == top;
            }
            size_t folded = 0;
            for (const EpollView::Cut& c : v.cut) folded += c.hidden;
            EXPECT_EQ(v.nodes.size() + folded, under_top) << "record " << i;
        }
        ++checked;
    }
    EXPECT_GT(checked, 50u);
    EXPECT_GT(with_cut, 0u);                           // some epitems sit high enough to fold levels
    EXPECT_EQ(epoll_layout_builds() - builds0, 1u) << "the tree does not change after it is built";
}
