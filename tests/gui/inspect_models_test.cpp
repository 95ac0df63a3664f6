// inspect_models_test.cpp — the inspector models on bundled runs and the string table: poll's
// pollfd array and poll_list chunks, the process table's highlight, the follow-the-record choice,
// the narration (never empty, kernel names kept, both languages, placeholders all filled).
#include "inspect_test_util.h"

#include "gui/i18n.h"
#include "gui/inspect/inspect_strings.h"
#include "gui/inspect/inspectors.h"
#include "gui/inspect/narration.h"
#include "gui/inspect/poll_model.h"
#include "gui/inspect/process_model.h"
#include "gui/inspect/signal_model.h"
#include "gui/inspect/socket_model.h"

#include <algorithm>

using namespace ioscope;
using namespace ioscope::gui;
using ioscope::gui::testing::Stepper;

TEST(InspectStrings, EveryEntryHasBothLanguagesAndTheFontSeesThem) {
    const auto zh = all_zh_strings();
    for (size_t i = 0; i < size_t(SI::Count_); ++i) {
        const SI id = SI(i);
        EXPECT_STRNE(tr(id, Lang::En), "");
        EXPECT_STRNE(tr(id, Lang::Zh), "");
        // Templates use the same placeholders in both languages.
        for (char k = '0'; k <= '5'; ++k) {
            const std::string ph = std::string("{") + k + "}";
            EXPECT_EQ(std::string(tr(id, Lang::En)).find(ph) == std::string::npos,
                      std::string(tr(id, Lang::Zh)).find(ph) == std::string::npos) << "SI " << i << " " << ph;
        }
        EXPECT_NE(std::find(zh.begin(), zh.end(), std::string(tr(id, Lang::Zh))), zh.end()) << "SI " << i;
    }
    EXPECT_EQ(fill_placeholders("{1} then {0}{9}", { "a", "b" }), "b then a");
}

TEST(InspectPoll, ChunksAreThirtyOnTheStackThenPagesOf510) {
    auto c = poll_chunks(1000);
    ASSERT_EQ(c.size(), 3u);
    EXPECT_TRUE(c[0].on_stack);
    EXPECT_EQ(c[0].count, 30);
    EXPECT_EQ(c[1].first, 30);
    EXPECT_EQ(c[1].count, 510);
    EXPECT_EQ(c[2].count, 1000 - 540);
    EXPECT_EQ(c[2].bytes, (1000 - 540) * 8);
    EXPECT_TRUE(poll_chunks(0).empty());
    EXPECT_EQ(poll_events_text(0x41), "POLLIN|POLLRDNORM");
}

TEST(InspectPoll, PollServerArrayMatchesTheRecords) {
    auto tr_ = ioscope::gui::testing::run_bundled("poll-server");
    ASSERT_TRUE(tr_);
    Stepper s(*tr_);
    size_t writes = 0, cursor_hits = 0, chunk_copies = 0;
    for (size_t i = 0; i < tr_->size(); ++i) {
        const Record& r = tr_->records[i];
        if (r.kind == Kind::CopyFromUser && tr_->str(r.name) == "poll_list chunk") {
            const PollView v = build_poll_view(s.at(i));
            ASSERT_TRUE(v.valid);
            EXPECT_EQ(std::count_if(v.chunks.begin(), v.chunks.end(), [](const PollChunkView& c) { return c.copying; }), 1);
            ++chunk_copies;
        }
        if (r.kind == Kind::PollfdWrite) {
            const PollView v = build_poll_view(s.at(i));
            ASSERT_TRUE(v.valid);
            ASSERT_LT(size_t(r.a), v.fds.size());
            const PollfdView& p = v.fds[size_t(r.a)];
            EXPECT_TRUE(p.written);
            EXPECT_EQ(p.fd, int32_t(uint32_t(uint64_t(r.b) >> 32)));
            EXPECT_EQ(p.revents, uint16_t(r.b));
            ++writes;
        }
        if (r.kind == Kind::FdPoll) {
            const PollView v = build_poll_view(s.at(i));
            if (!v.valid) continue;
            EXPECT_EQ(v.scan_fd, r.a);
            cursor_hits += std::count_if(v.fds.begin(), v.fds.end(), [](const PollfdView& p) { return p.cursor; }) == 1;
        }
    }
    EXPECT_GT(writes, 10u);
    EXPECT_GT(cursor_hits, 10u);
    EXPECT_GT(chunk_copies, 5u);
}

TEST(InspectNarration, EveryRecordOfARunHasASentenceInBothLanguages) {
    auto tr_ = ioscope::gui::testing::run_bundled("epoll-lt");
    ASSERT_TRUE(tr_);
    Stepper s(*tr_);
    size_t switches = 0;
    for (size_t i = 0; i < tr_->size(); i += 7) {
        const InspectInput in = s.at(i);
        for (Lang l : { Lang::En, Lang::Zh }) {
            set_language(l);
            const std::string text = narrate_record(in);
            EXPECT_FALSE(text.empty()) << "record " << i;
            EXPECT_EQ(text.find('{'), std::string::npos) << text;
        }
        set_language(Lang::En);
        // The process table marks the PCB a context switch wrote (prev's saved context).
        if (tr_->records[i].kind == Kind::ContextSwitch && tr_->records[i].obj2) {
            const ProcessView v = build_process_view(in);
            auto row = std::find_if(v.rows.begin(), v.rows.end(), [&](const PcbRow& p) { return p.tid == tr_->records[i].obj2; });
            ASSERT_NE(row, v.rows.end());
            EXPECT_TRUE(row->highlight);
            EXPECT_STREQ(row->changed_field, "saved_context");
            ++switches;
        }
    }
    set_language(Lang::En);
    const InspectInput start { *tr_, s.at(0).state, kNoRecord };
    EXPECT_EQ(narrate_record(start), tr(SI::NarrStart));
}

// thundering-herd: a worker's prctl(PR_SET_NAME) renames its row in the process table from that
// record on (the row before it still says "server"), marks the name as what changed, and the
// narration names the new comm in both languages.
TEST(InspectProcess, ARenamedWorkerShowsItsNewNameFromThePrctlOn) {
    auto tr_ = ioscope::gui::testing::run_bundled("thundering-herd");
    ASSERT_TRUE(tr_);
    Stepper s(*tr_);
    size_t renames = 0;
    for (size_t i = 1; i < tr_->size(); ++i) {
        const Record& r = tr_->records[i];
        if (r.kind != Kind::TaskRename) continue;
        ++renames;
        auto row_of = [&](const ProcessView& v) {
            return std::find_if(v.rows.begin(), v.rows.end(), [&](const PcbRow& p) { return p.tid == r.task; });
        };
        const ProcessView before = build_process_view(s.at(i - 1));
        auto b = row_of(before);
        ASSERT_NE(b, before.rows.end());
        EXPECT_EQ(b->comm, "server");
        const InspectInput in = s.at(i);
        const ProcessView after = build_process_view(in);
        auto a = row_of(after);
        ASSERT_NE(a, after.rows.end());
        EXPECT_EQ(a->comm, std::string(tr_->str(r.name)));
        EXPECT_EQ(a->comm.rfind("worker ", 0), 0u);
        EXPECT_TRUE(a->highlight);
        EXPECT_STREQ(a->changed_field, "comm");
        EXPECT_EQ(inspector_for_record(in), InspectorId::Processes) << "the table that shows the name";
        for (Lang l : { Lang::En, Lang::Zh }) {
            set_language(l);
            const std::string text = narrate_record(in);
            EXPECT_NE(text.find("PR_SET_NAME"), std::string::npos) << text;
            EXPECT_NE(text.find(a->comm), std::string::npos) << text;
        }
        set_language(Lang::En);
    }
    EXPECT_EQ(renames, 4u);
}

TEST(InspectFollow, TheInspectorFollowsWhatTheRecordChanges) {
    auto tr_ = ioscope::gui::testing::run_bundled("epoll-lt");
    ASSERT_TRUE(tr_);
    const auto avail = available_inspectors(*tr_);
    EXPECT_TRUE(avail[size_t(InspectorId::Epoll)]);
    EXPECT_FALSE(avail[size_t(InspectorId::Select)]);
    Stepper s(*tr_);
    for (size_t i = 0; i < tr_->size(); ++i) {
        const Kind k = tr_->records[i].kind;
        if (k == Kind::RdlAdd || k == Kind::RbInsert) EXPECT_EQ(inspector_for_record(s.at(i)), InspectorId::Epoll);
        if (k == Kind::SockBuf) EXPECT_EQ(inspector_for_record(s.at(i)), InspectorId::Sockets);
        if (k == Kind::RunqEnqueue) EXPECT_EQ(inspector_for_record(s.at(i)), InspectorId::Processes);
    }
    InspectorId id;
    EXPECT_TRUE(inspector_from_key("select", id));
    EXPECT_EQ(id, InspectorId::Select);
    EXPECT_FALSE(inspector_from_key("bogus", id));
}

TEST(InspectSockets, ReceivePathStagesFollowThePacket) {
    auto tr_ = ioscope::gui::testing::run_bundled("blocking-echo");
    ASSERT_TRUE(tr_);
    Stepper s(*tr_);
    bool seen[7] = {};
    for (size_t i = 0; i < tr_->size(); ++i) {
        const SocketsView v = build_sockets_view(s.at(i));
        seen[size_t(v.net.stage)] = true;
        if (tr_->records[i].kind == Kind::SockBuf) {
            auto sk = std::find_if(v.sockets.begin(), v.sockets.end(), [&](const SocketView& x) { return x.id == tr_->records[i].obj; });
            ASSERT_NE(sk, v.sockets.end());
            EXPECT_EQ(sk->changed_queue, int(tr_->records[i].obj2));
        }
    }
    for (int st = 1; st <= 6; ++st) EXPECT_TRUE(seen[st]) << "stage " << st;
}

#include "gui/record_text.h"

TEST(InspectRecordText, EveryKindOfTheMultiplexingRunsHasItsOwnFields) {
    for (const char* id : { "select-server", "poll-server", "epoll-lt" }) {
        auto tr_ = ioscope::gui::testing::run_bundled(id);
        ASSERT_TRUE(tr_);
        const TimelineModel model = TimelineModel::build(*tr_);
        for (size_t i = 0; i < tr_->size(); ++i) {
            const auto f = describe_record(*tr_, model, i);
            for (const Field& x : f) EXPECT_NE(x.label, "a / b / c") << id << " record " << i << " " << kind_name(tr_->records[i].kind);
            const Kind k = tr_->records[i].kind;
            if (k == Kind::FdSetWord) {
                ASSERT_EQ(f.size(), 3u);
                EXPECT_EQ(f[2].value.size(), 18u);   // 0x + 16 hex digits
            }
            if (k == Kind::RdlAdd) EXPECT_EQ(f[3].value, "rdllist");
        }
    }
}

// async-io: io_uring's accept has no request id (-1). The inspector must still mark exactly the
// request the record submitted or completed (no "-1 = nothing changed" sentinel) and name its
// operation from the submitting record (io_uring_prep_accept / io_uring_prep_recv).
TEST(InspectAio, ChangedRequestAndOperationEvenForAcceptsWithoutId) {
    auto trace = ioscope::gui::testing::run_bundled("async-io");
    ASSERT_TRUE(trace);
    Stepper st(*trace);
    size_t submits = 0, accepts = 0, completes = 0;
    for (size_t i = 0; i < trace->size(); ++i) {
        const ioscope::Record& r = trace->records[i];
        if (r.kind != ioscope::Kind::AioSubmit && r.kind != ioscope::Kind::AioComplete) continue;
        const InspectInput in = st.at(i);
        const SignalsView v = build_signals_view(in);
        const AioContextView* ctx = nullptr;
        for (const auto& a : v.aio) if (a.ctx == r.obj) ctx = &a;
        ASSERT_NE(ctx, nullptr);
        ASSERT_TRUE(ctx->changed_request.has_value()) << "record " << i;
        EXPECT_EQ(*ctx->changed_request, r.a);
        EXPECT_EQ(ctx->submitted_now, r.kind == ioscope::Kind::AioSubmit);
        const std::string sentence = narrate_record(in);
        if (r.kind == ioscope::Kind::AioSubmit) {
            ++submits;
            ASSERT_FALSE(ctx->inflight.empty());
            const std::string op(trace->str(r.name));
            EXPECT_EQ(ctx->inflight.back().op, op) << "record " << i;
            EXPECT_NE(sentence.find(op), std::string::npos) << sentence;
            if (r.a < 0) { ++accepts; EXPECT_EQ(sentence.find("-1"), std::string::npos) << sentence; }
        } else {
            ++completes;
            ASSERT_FALSE(ctx->completed.empty());
            EXPECT_FALSE(ctx->completed.back().op.empty()) << "record " << i;
            EXPECT_NE(sentence.find(ctx->completed.back().op), std::string::npos) << sentence;
        }
    }
    EXPECT_GT(submits, 0u);
    EXPECT_GT(accepts, 0u);
    EXPECT_GT(completes, 0u);
    // A record that is not AIO changes no request.
    for (size_t i = 0; i < trace->size(); ++i)
        if (trace->records[i].kind == ioscope::Kind::ContextSwitch) {
            for (const auto& a : build_signals_view(st.at(i)).aio) EXPECT_FALSE(a.changed_request.has_value());
            break;
        }
}
