// inspect_select_test.cpp — issue 5 acceptance on the select-server scenario: stepping through
// the trace, the select inspector's scan cursor visits every fd whose bit is set (below n), in
// increasing order, on every pass of every call; the wait-queue inspector shows each pollwake
// entry being added (__pollwait) and removed again (poll_freewait); copy-in/copy-out carry the
// byte counts and turn the user's fd_set from "interest" into "results".
#include "inspect_test_util.h"

#include "gui/inspect/narration.h"
#include "gui/inspect/select_model.h"
#include "gui/inspect/waitqueue_model.h"

#include <map>
#include <set>
#include <vector>

using namespace ioscope;
using namespace ioscope::gui;
using ioscope::gui::testing::Stepper;

namespace {

std::vector<int64_t> interest_bits(const SelectView& v) {
    std::vector<int64_t> out;
    for (int64_t fd = 0; fd < v.n; ++fd)
        if (v.kernel[0].test(fd) || v.kernel[1].test(fd) || v.kernel[2].test(fd)) out.push_back(fd);
    return out;
}

class SelectServer : public ::testing::Test {
protected:
    static void SetUpTestSuite() { trace_ = ioscope::gui::testing::run_bundled("select-server").release(); }
    static void TearDownTestSuite() { delete trace_; trace_ = nullptr; }
    static ioscope::Trace* trace_;
};
ioscope::Trace* SelectServer::trace_ = nullptr;

} // namespace

TEST_F(SelectServer, ScanCursorVisitsEverySetBitInOrderOnEveryPass) {
    ASSERT_NE(trace_, nullptr);
    const ioscope::Trace& tr = *trace_;
    Stepper s(tr);
    const uint32_t select_id = tr.strings.find("select");
    ASSERT_NE(select_id, UINT32_MAX);
    std::map<uint32_t, std::vector<int64_t>> visited;   // task -> fds polled in the current pass
    std::map<uint32_t, uint32_t> pass;                  // task -> current pass number
    std::map<uint32_t, std::vector<int64_t>> expect;    // task -> interest bits of the call
    size_t passes_checked = 0, multi_fd_passes = 0, rescans = 0;
    auto close_pass = [&](uint32_t task) {
        if (visited[task].empty()) return;
        EXPECT_EQ(visited[task], expect[task]) << "pass " << pass[task] << " of task " << task;
        ++passes_checked;
        if (visited[task].size() > 1) ++multi_fd_passes;
        if (pass[task] > 1) ++rescans;
        visited[task].clear();
    };
    for (size_t i = 0; i < tr.size(); ++i) {
        const ioscope::Record& r = tr.records[i];
        if (r.kind == Kind::SyscallEnter && r.name == select_id) { visited[r.task].clear(); pass[r.task] = 0; }
        if (r.kind == Kind::SyscallExit && r.name == select_id) close_pass(r.task);
        if (r.kind != Kind::FdPoll) continue;
        const InspectInput in = s.at(i);
        const SelectView v = build_select_view(in);
        ASSERT_TRUE(v.valid);
        if (!v.in_call) continue;   // not select's poll (another mechanism)
        ASSERT_EQ(v.task, r.task);
        EXPECT_EQ(v.scan_fd, r.a) << "record " << i;
        EXPECT_EQ(v.scan_pass, r.c);
        EXPECT_EQ(v.poll_mask, r.b);
        if (r.c != pass[r.task]) {
            close_pass(r.task);
            pass[r.task] = r.c;
            expect[r.task] = interest_bits(v);
            ASSERT_FALSE(expect[r.task].empty());
        }
        if (!visited[r.task].empty()) EXPECT_GT(r.a, visited[r.task].back()) << "cursor went backwards at record " << i;
        EXPECT_LT(r.a, v.n);
        visited[r.task].push_back(r.a);
        // The narration names do_select and the poll function.
        const std::string text = narrate_record(in);
        EXPECT_NE(text.find("do_select"), std::string::npos) << text;
        EXPECT_NE(text.find("tcp_poll"), std::string::npos) << text;
    }
    EXPECT_GT(passes_checked, 10u);
    EXPECT_GT(multi_fd_passes, 5u);   // the server watches the listener and several connections
    EXPECT_GT(rescans, 0u);           // woken without being told which fd: a second pass
}

TEST_F(SelectServer, CopyInAndOutWithByteCounts) {
    ASSERT_NE(trace_, nullptr);
    const ioscope::Trace& tr = *trace_;
    Stepper s(tr);
    size_t ins = 0, outs = 0;
    for (size_t i = 0; i < tr.size(); ++i) {
        const ioscope::Record& r = tr.records[i];
        if (r.kind != Kind::FdSetCopyIn && r.kind != Kind::FdSetCopyOut) continue;
        const SelectView v = build_select_view(s.at(i));
        ASSERT_TRUE(v.valid);
        EXPECT_EQ(v.copy_set, int(r.c));
        EXPECT_EQ(v.copy_bytes, r.b);
        EXPECT_EQ(v.bytes, r.b);
        EXPECT_EQ(v.n, r.a);
        EXPECT_EQ(r.b, (r.a + 63) / 64 * 8);   // FDS_BYTES(n)
        if (r.kind == Kind::FdSetCopyIn) {
            ++ins;
            EXPECT_TRUE(v.copy_in);
            EXPECT_EQ(v.user_phase[r.c], UserSetPhase::Interest);
        } else {
            ++outs;
            EXPECT_FALSE(v.copy_in);
            EXPECT_EQ(v.user_phase[r.c], UserSetPhase::Results);
        }
        // The grid is wide enough for every bit of n, in whole words.
        EXPECT_GE(v.nbits, v.n);
        EXPECT_EQ(v.nbits % 64, 0);
    }
    EXPECT_GT(ins, 5u);
    // Every call copies in and out the same sets; the run may end inside the last call.
    EXPECT_GE(ins, outs);
    EXPECT_LE(ins - outs, 3u);
    // After a copy-out the user's set equals the kernel's result map word for word.
    for (size_t i = tr.size(); i-- > 0;) {
        if (tr.records[i].kind != Kind::FdSetCopyOut || tr.records[i].c != 0) continue;
        const SelectView v = build_select_view(s.at(i));
        EXPECT_EQ(v.user_phase[0], UserSetPhase::Results);
        EXPECT_EQ(v.user[0].words, v.kernel[3].words);
        break;
    }
}

// The select tab lists the server's pollwake entries: __pollwait's entries carry no task, only
// their poll_table as owner. At the record after each add the entry is listed (marked new); at
// each poll_freewait remove the queue is shown as the one just unlinked, and the list shrinks.
TEST_F(SelectServer, SelectTabShowsEachPollwakeEntryAddedAndRemoved) {
    ASSERT_NE(trace_, nullptr);
    const ioscope::Trace& tr = *trace_;
    Stepper s(tr);
    const uint32_t select_id = tr.strings.find("select");
    std::map<uint32_t, bool> in_select;
    std::map<uint32_t, size_t> live;                 // task -> its pollwake entries queued now
    size_t adds = 0, removes = 0;
    for (size_t i = 0; i < tr.size(); ++i) {
        const ioscope::Record& r = tr.records[i];
        if (r.kind == Kind::SyscallEnter && r.name == select_id) in_select[r.task] = true;
        if (r.kind == Kind::SyscallExit && r.name == select_id) in_select[r.task] = false;
        if (r.kind != Kind::WqAdd && r.kind != Kind::WqRemove) continue;
        const InspectInput in = s.at(i);
        const uint32_t caller = in.state.cpus.at(r.cpu).curr;
        if (!in_select[caller]) continue;
        const SelectView v = build_select_view(in);
        ASSERT_TRUE(v.valid);
        ASSERT_EQ(v.task, caller) << "record " << i;
        const std::string queue = in.object_name(r.obj);
        if (r.kind == Kind::WqAdd) {
            ++adds;
            ++live[caller];
            size_t now = 0;
            for (const auto& e : v.wq_entries)
                if (e.added_now) {
                    ++now;
                    EXPECT_EQ(e.queue, queue) << "record " << i;
                    EXPECT_EQ(e.func, "pollwake");
                }
            EXPECT_EQ(now, 1u) << "record " << i << ": the entry just added is marked";
        } else {
            ++removes;
            ASSERT_GT(live[caller], 0u);
            --live[caller];
            EXPECT_EQ(v.wq_removed, queue) << "record " << i;
        }
        EXPECT_EQ(v.wq_entries.size(), live[caller]) << "record " << i;
    }
    EXPECT_GT(adds, 10u);
    EXPECT_GT(removes, 10u);
}

// do_select sets a result bit as tcp_poll reports its fd ready ('res |= bit' right after that
// FdPoll), before poll_freewait and copy_to_user; the result maps are drawn (zeroed by
// zero_fd_set) for the whole scan, not "not copied yet".
TEST_F(SelectServer, ResultBitIsSetWhenTheFdIsFoundReady) {
    ASSERT_NE(trace_, nullptr);
    const ioscope::Trace& tr = *trace_;
    Stepper s(tr);
    const uint32_t res_bit = tr.strings.find("res |= bit");
    ASSERT_NE(res_bit, UINT32_MAX);
    size_t set_bits = 0, scans = 0;
    for (size_t i = 0; i < tr.size(); ++i) {
        const ioscope::Record& r = tr.records[i];
        if (r.kind == Kind::FdPoll) {
            const SelectView v = build_select_view(s.at(i));
            if (!v.in_call || v.task != r.task) continue;
            ++scans;
            EXPECT_TRUE(v.kernel[3].present) << "record " << i << ": res_in exists (zeroed) during the scan";
            EXPECT_FALSE(v.kernel[3].test(r.a)) << "record " << i << ": not set before tcp_poll's answer";
        }
        if (r.kind != Kind::FdSetWord || r.name != res_bit) continue;
        const InspectInput in = s.at(i);
        const SelectView v = build_select_view(in);
        ++set_bits;
        // The record before (of this task) is the FdPoll that found the fd ready.
        size_t k = i;
        while (k-- > 0 && tr.records[k].task != r.task) {}
        ASSERT_EQ(tr.records[k].kind, Kind::FdPoll) << "record " << i;
        const int64_t fd = tr.records[k].a;
        EXPECT_EQ(v.scan_fd, fd);
        EXPECT_TRUE(v.res_bit_now);
        EXPECT_EQ(v.word_map, int(r.c));
        EXPECT_TRUE(v.kernel[r.c].present);
        EXPECT_TRUE(v.kernel[r.c].test(fd)) << "record " << i << ": fd " << fd << "'s result bit is drawn set";
        EXPECT_EQ(v.user_phase[r.c - 3], UserSetPhase::Interest) << "not copied out yet";
        EXPECT_EQ(v.copied_out, 0);
        const std::string text = narrate_record(in);
        EXPECT_NE(text.find("|= bit"), std::string::npos) << text;
        EXPECT_NE(text.find(std::to_string(fd)), std::string::npos) << text;
    }
    EXPECT_GT(scans, 50u);
    EXPECT_GT(set_bits, 5u);
}

// At get_fd_set's copy_from_user step the program's fd_set (the copy's source) is drawn with its
// bits and named as the set being copied; the cursor chip is off during poll_freewait and
// set_fd_set's copy_to_user.
TEST_F(SelectServer, CopySourceIsDrawnAndCursorOffAfterThePasses) {
    ASSERT_NE(trace_, nullptr);
    const ioscope::Trace& tr = *trace_;
    Stepper s(tr);
    const uint32_t cfu = tr.strings.find("copy_from_user"), ctu = tr.strings.find("copy_to_user"),
                   freewait = tr.strings.find("poll_freewait");
    size_t sources = 0, after = 0;
    for (size_t i = 0; i < tr.size(); ++i) {
        const ioscope::Record& r = tr.records[i];
        const bool step = r.kind == Kind::KernelStep && (r.name == cfu || r.name == ctu || r.name == freewait);
        if (!step && r.kind != Kind::WqRemove) continue;
        const InspectInput in = s.at(i);
        const SelectView v = build_select_view(in);
        if (!v.valid || !v.in_call || (r.task && v.task != r.task)) continue;
        if (r.kind == Kind::KernelStep && r.name == cfu) {
            // The FdSetCopyIn that follows names the set and its words.
            size_t k = i + 1;
            while (k < tr.size() && !(tr.records[k].task == r.task && tr.records[k].kind == Kind::FdSetCopyIn)) ++k;
            ASSERT_LT(k, tr.size());
            const int set = int(tr.records[k].c);
            EXPECT_EQ(v.copy_set, set) << "record " << i;
            EXPECT_TRUE(v.copy_in);
            EXPECT_EQ(v.n, tr.records[k].a) << "record " << i << ": this call's n";
            ASSERT_TRUE(v.user[set].present) << "record " << i << ": the source of the copy is drawn";
            for (size_t j = k + 1; j < tr.size() && tr.records[j].kind == Kind::FdSetWord && tr.records[j].c == uint32_t(set); ++j)
                for (int b = 0; b < 64; ++b)
                    EXPECT_EQ(v.user[set].test(tr.records[j].a * 64 + b), bool((uint64_t(tr.records[j].b) >> b) & 1));
            ++sources;
        } else {
            EXPECT_EQ(v.scan_fd, -1) << "record " << i << ": " << narrate_record(in);
            ++after;
        }
    }
    EXPECT_GT(sources, 5u);
    EXPECT_GT(after, 20u);
}

TEST_F(SelectServer, EveryPollwakeEntryIsAddedThenRemovedByPollFreewait) {
    ASSERT_NE(trace_, nullptr);
    const ioscope::Trace& tr = *trace_;
    Stepper s(tr);
    const uint32_t select_id = tr.strings.find("select");
    std::map<uint32_t, std::set<uint32_t>> live;   // task -> pollwake entry ids on some queue
    std::map<uint32_t, uint32_t> in_select;
    size_t adds = 0, removes = 0;
    for (size_t i = 0; i < tr.size(); ++i) {
        const ioscope::Record& r = tr.records[i];
        if (r.kind == Kind::SyscallEnter && r.name == select_id) in_select[r.task] = 1;
        if (r.kind == Kind::SyscallExit && r.name == select_id) {
            EXPECT_TRUE(live[r.task].empty()) << "select returned with entries still queued";
            in_select[r.task] = 0;
        }
        if (r.kind != Kind::WqAdd && r.kind != Kind::WqRemove) continue;
        const InspectInput in = s.at(i);
        // pollwake entries carry no task: the caller is the task running select on that CPU.
        const uint32_t caller = in.state.cpus.at(r.cpu).curr;
        if (!in_select[caller]) continue;
        const WaitQueuesView v = build_wait_queues_view(in);
        const WaitQueueView* q = nullptr;
        for (const auto& x : v.queues) if (x.id == r.obj) q = &x;
        ASSERT_NE(q, nullptr) << "record " << i;
        EXPECT_TRUE(q->highlight);
        const std::string text = narrate_record(in);
        if (r.kind == Kind::WqAdd) {
            ++adds;
            const WaitEntryView* e = nullptr;
            for (const auto& x : q->entries) if (x.id == uint32_t(r.a)) e = &x;
            ASSERT_NE(e, nullptr);
            EXPECT_EQ(e->change, EntryChange::Added);
            EXPECT_EQ(e->func, "pollwake");
            EXPECT_FALSE(e->exclusive);
            EXPECT_EQ(e->for_task, caller);
            EXPECT_NE(e->owner.find("poll_table"), std::string::npos) << e->owner;
            EXPECT_EQ(q->entries.front().id, e->id);   // add_wait_queue links at the head
            EXPECT_TRUE(q->owner_known);
            EXPECT_TRUE(q->owner_type == ObjType::Socket || q->owner_type == ObjType::ListenSocket);
            EXPECT_NE(text.find("pollwake"), std::string::npos) << text;
            EXPECT_NE(text.find("__pollwait"), std::string::npos) << text;
            live[caller].insert(uint32_t(r.a));
        } else {
            ++removes;
            ASSERT_TRUE(q->removed.has_value());
            EXPECT_EQ(q->removed->id, uint32_t(r.a));
            EXPECT_EQ(q->removed->by, "poll_freewait");
            // The removed entry keeps the name of the task that was waiting on it.
            EXPECT_EQ(q->removed->task, caller);
            EXPECT_FALSE(q->removed->task_name.empty());
            for (const auto& x : q->entries) EXPECT_NE(x.id, uint32_t(r.a));
            EXPECT_NE(text.find("poll_freewait"), std::string::npos) << text;
            EXPECT_EQ(live[caller].erase(uint32_t(r.a)), 1u);
        }
    }
    EXPECT_GT(adds, 10u);
    // Every entry is removed again, except those of a call the end of the run cut short.
    size_t still_queued = 0;
    for (const auto& [task, ids] : live) still_queued += ids.size();
    EXPECT_EQ(adds, removes + still_queued);
    EXPECT_LT(still_queued, 20u);
}

// The scan cursor belongs to a pass: while the task sleeps in poll_schedule_timeout (Waiting)
// or after set_fd_set copied the results out, no fd is "being polled".
TEST_F(SelectServer, ScanCursorOnlyWhileAPassRuns) {
    ASSERT_NE(trace_, nullptr);
    const ioscope::Trace& tr = *trace_;
    Stepper s(tr);
    size_t waiting_checked = 0, scanning_seen = 0;
    for (size_t i = 0; i < tr.size() && i < 6000; ++i) {
        const InspectInput in = s.at(i);
        const SelectView v = build_select_view(in);
        if (!v.valid || !v.in_call) continue;
        const auto& t = in.state.tasks.at(v.task);
        if (t.state == ioscope::TaskState::Waiting || v.copied_out) {
            EXPECT_EQ(v.scan_fd, -1) << "record " << i;
            ++waiting_checked;
        } else if (v.scan_fd >= 0) {
            ++scanning_seen;
        }
    }
    EXPECT_GT(waiting_checked, 0u);
    EXPECT_GT(scanning_seen, 0u);
}
