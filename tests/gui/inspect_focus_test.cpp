// inspect_focus_test.cpp — the tab the inspector area shows while following the records
// (InspectorFocus): stepping every record of the multiplexing scenarios, the tab stays on the
// mechanism for the whole call and never switches more than once per system call; the poll tab
// shows the pollwake entries its call registers (so it need not hand over to "Wait queues").
#include "inspect_test_util.h"

#include "gui/inspect/inspectors.h"
#include "gui/inspect/poll_model.h"
#include "gui/inspect/waitqueue_model.h"

#include <algorithm>
#include <map>
#include <tuple>

using namespace ioscope;
using namespace ioscope::gui;
using ioscope::gui::testing::Stepper;

namespace {

struct Walk {
    uint64_t switches { 0 };
    uint64_t syscalls { 0 };
    uint64_t naive_switches { 0 };        // following inspector_for_record alone
    size_t max_per_stretch { 0 };
    size_t records_in_call { 0 }, off_tab_in_call { 0 };
};

// Steps every record as a user holding the Right key would, through one InspectorFocus.
Walk walk(const std::string& id, InspectorId mechanism) {
    Walk w;
    auto tr_ = ioscope::gui::testing::run_bundled(id);
    EXPECT_TRUE(tr_);
    if (!tr_) return w;
    const auto avail = available_inspectors(*tr_);
    EXPECT_TRUE(avail[size_t(mechanism)]) << id;
    InspectorFocus focus;
    focus.reset(avail);
    Stepper s(*tr_);
    InspectorId prev = focus.active(), naive_prev = prev;
    // Switches counted per stretch: (task, that task's syscall count, inside a call).
    std::map<std::tuple<uint32_t, uint64_t, bool>, size_t> per_stretch;
    for (size_t i = 0; i < tr_->size(); ++i) {
        const InspectInput in = s.at(i);
        const Record& r = tr_->records[i];
        if (r.kind == Kind::SyscallEnter) ++w.syscalls;
        const InspectorId now = focus.update(in);
        const InspectorId naive = inspector_for_record(in);
        if (avail[size_t(naive)] && naive != naive_prev) { ++w.naive_switches; naive_prev = naive; }
        // The context the record ran in: the task current on its CPU (a softirq or a pollwake
        // removal names no task of its own).
        const uint32_t ctx = r.kind != Kind::ContextSwitch && r.cpu < in.state.cpus.size() && in.state.cpus[r.cpu].curr ? in.state.cpus[r.cpu].curr : r.task;
        auto t = in.state.tasks.find(ctx);
        const bool in_call = t != in.state.tasks.end() && t->second.syscall != 0;
        const uint64_t calls = t == in.state.tasks.end() ? 0 : t->second.syscalls;
        if (now != prev) {
            const size_t n = ++per_stretch[{ ctx, calls, in_call }];
            // "At most once per syscall": a stretch inside one system call of one task.
            if (ctx && in_call) w.max_per_stretch = std::max(w.max_per_stretch, n);
            prev = now;
        }
        if (call_inspector(in, ctx) == mechanism) {
            ++w.records_in_call;
            if (now != mechanism) ++w.off_tab_in_call;
        }
    }
    w.switches = focus.switches();
    EXPECT_EQ(w.switches, [&] { uint64_t n = 0; for (auto& [k, v] : per_stretch) n += v; return n; }());
    return w;
}

} // namespace

TEST(InspectFocus, PollTabStaysForTheWholeCallAndSwitchesAtMostOncePerSyscall) {
    const Walk w = walk("poll-server", InspectorId::Poll);
    ASSERT_GT(w.records_in_call, 100u);
    // Every record of a task inside poll() shows the poll tab (its entries are drawn there).
    EXPECT_EQ(w.off_tab_in_call, 0u);
    EXPECT_LE(w.max_per_stretch, 1u);
    EXPECT_LE(w.switches, w.syscalls);
    // What following each record's own inspector did: many more changes than calls.
    EXPECT_LT(w.switches, w.naive_switches);
}

TEST(InspectFocus, SelectAndEpollCallsKeepTheirTabToo) {
    for (auto [id, mech] : { std::pair { "select-server", InspectorId::Select }, std::pair { "epoll-lt", InspectorId::Epoll } }) {
        const Walk w = walk(id, mech);
        ASSERT_GT(w.records_in_call, 10u) << id;
        EXPECT_EQ(w.off_tab_in_call, 0u) << id;
        EXPECT_LE(w.max_per_stretch, 1u) << id;
        EXPECT_LE(w.switches, w.syscalls) << id;
    }
}

TEST(InspectFocus, PollViewShowsThePollwakeEntriesItsCallAdds) {
    auto tr_ = ioscope::gui::testing::run_bundled("poll-server");
    ASSERT_TRUE(tr_);
    Stepper s(*tr_);
    size_t adds = 0, removes = 0;
    for (size_t i = 0; i < tr_->size(); ++i) {
        const Record& r = tr_->records[i];
        if (r.kind != Kind::WqAdd && r.kind != Kind::WqRemove) continue;
        const InspectInput in = s.at(i);
        const uint32_t ctx = r.cpu < in.state.cpus.size() ? in.state.cpus[r.cpu].curr : r.task;
        if (call_inspector(in, ctx) != InspectorId::Poll) continue;
        const PollView v = build_poll_view(in);
        ASSERT_TRUE(v.valid);
        if (r.kind == Kind::WqAdd) {
            ++adds;
            const auto it = std::find_if(v.wq.entries.begin(), v.wq.entries.end(), [](const TaskWaitEntry& e) { return e.added_now; });
            ASSERT_NE(it, v.wq.entries.end()) << "record " << i;
            EXPECT_EQ(it->func, "pollwake");
        } else {
            ++removes;
            EXPECT_FALSE(v.wq.removed.empty()) << "record " << i;
        }
    }
    EXPECT_GT(adds, 10u);
    EXPECT_GT(removes, 10u);
}
