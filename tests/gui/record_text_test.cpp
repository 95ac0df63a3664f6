// Details-panel text for records.
#include "gui/i18n.h"
#include "gui/record_labels.h"
#include "gui/record_text.h"
#include "synthetic_trace.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>

using namespace ioscope;
using namespace ioscope::gui;

namespace {
// `w` in `text` as a whole word (identifiers such as "timer_arm" or "rdllist" do not contain "timer" or "list").
bool contains_word(const std::string& text, const std::string& w) {
    auto ident = [](char c) { return std::isalnum((unsigned char)c) || c == '_'; };
    for (size_t p = text.find(w); p != std::string::npos; p = text.find(w, p + 1))
        if ((p == 0 || !ident(text[p - 1])) && (p + w.size() == text.size() || !ident(text[p + w.size()]))) return true;
    return false;
}
std::string value_of(const std::vector<Field>& f, const char* label) {
    for (const Field& x : f) if (x.label == label) return x.value;
    return "<missing>";
}
size_t find_kind(const Trace& tr, Kind k) {
    for (size_t i = 0; i < tr.size(); ++i) if (tr.records[i].kind == k) return i;
    return SIZE_MAX;
}
}

TEST(RecordText, SyscallsShowCallAndReturn) {
    set_language(Lang::En);
    Trace tr = gui_test::make_small_trace();
    TimelineModel m = TimelineModel::build(tr);
    auto enter = describe_record_full(tr, m, find_kind(tr, Kind::SyscallEnter));
    EXPECT_EQ(value_of(enter, "Call"), "recv(4, 64, 0)");
    EXPECT_EQ(value_of(enter, "Task"), "server (tid 100)");
    auto exit = describe_record(tr, m, find_kind(tr, Kind::SyscallExit));
    EXPECT_EQ(value_of(exit, "Return value"), "64");
}

TEST(RecordText, WaitAndWakeup) {
    set_language(Lang::En);
    Trace tr = gui_test::make_small_trace();
    TimelineModel m = TimelineModel::build(tr);
    size_t i = 0;
    for (; i < tr.size(); ++i) if (tr.records[i].kind == Kind::StateChange && tr.records[i].a == int64_t(TaskState::Waiting)) break;
    auto w = describe_record(tr, m, i);
    EXPECT_EQ(value_of(w, "Wait reason"), "Reading");
    EXPECT_EQ(value_of(w, "Wait queue"), "#7");
    auto wk = describe_record(tr, m, find_kind(tr, Kind::Wakeup));
    EXPECT_EQ(value_of(wk, "Woken by"), "interrupt context");
}

TEST(RecordText, ErrnoNames) {
    EXPECT_EQ(return_text(64), "64");
    EXPECT_EQ(return_text(-11), "-11 (EAGAIN)");
    EXPECT_EQ(tcp_flags_text(3), "SYN|ACK");
}

// Issue 5: in Chinese mode the details panel must not fall back to English words. Every label is
// either Chinese or a kernel identifier students look up in the source (epitem, revents); no
// label or value is one of the English words of the record-label table.
TEST(RecordText, ChineseModeLeavesNoEnglishLabelForAnyKind) {
    Trace tr = gui_test::make_small_trace();
    TimelineModel m = TimelineModel::build(tr);
    const size_t first = tr.size();
    for (uint16_t k = uint16_t(Kind::TaskNew); k < uint16_t(Kind::Count_); ++k) {
        Record r;
        r.t = 9000; r.kind = Kind(k); r.task = 100; r.cpu = 0;
        r.a = 2; r.b = 3; r.c = 4;           // c = 4: RbStep::InsertCase3 for the rebalancing kinds
        r.obj = 7; r.obj2 = 200;
        r.name = tr.intern(r.kind == Kind::StateChange ? "Reading" : "tcp_poll");
        if (r.kind == Kind::StateChange) r.a = int64_t(TaskState::Waiting);
        if (r.kind == Kind::SockBuf) r.obj2 = 1;   // the accept queue
        tr.push(r);
    }
    const std::set<std::string> kernel_ids = { "fd", "n", "TCP", "signo", "irq", "epitem", "eventpoll", "pollfd",
                                               "events", "revents", "fd_set", "TIF_NEED_RESCHED", "switch_mm",
                                               "RCV_SHUTDOWN", "CPU", "jiffies", "obj2", "a / b / c" };
    std::set<std::string> english_words;
    for (uint16_t i = 0; i < uint16_t(RL::Count_); ++i) english_words.insert(english(RL(i)));
    set_language(Lang::Zh);
    for (size_t i = first; i < tr.size(); ++i) {
        const std::string kind = kind_name(tr.records[i].kind);
        for (const Field& f : describe_record_full(tr, m, i)) {
            const bool has_cjk = std::any_of(f.label.begin(), f.label.end(), [](char c) { return (unsigned char)c >= 0x80; });
            EXPECT_TRUE(has_cjk || kernel_ids.count(f.label)) << kind << ": label \"" << f.label << "\" left in English";
            EXPECT_FALSE(english_words.count(f.value)) << kind << ": value \"" << f.value << "\" left in English";
            for (const std::string& w : english_words) {
                if (w.size() <= 3) continue;   // "to", "red": too short to tell from parts of names
                EXPECT_FALSE(contains_word(f.value, w)) << kind << ": \"" << f.value << "\" contains \"" << w << "\"";
            }
        }
    }
    // The wait reason the simulator records in English is shown translated, and the rebalancing
    // step names its case in Chinese as the narration does.
    size_t wait = first + (uint16_t(Kind::StateChange) - uint16_t(Kind::TaskNew));
    EXPECT_EQ(value_of(describe_record(tr, m, wait), ioscope::gui::tr(S::WaitReason)), wait_reason_text("Reading"));
    EXPECT_NE(wait_reason_text("Reading"), "Reading");
    EXPECT_EQ(rb_step_text(int(RbStep::InsertCase3)), "rb_insert_color 情形 3");
    EXPECT_EQ(pass_text(1), "第 1 遍");
    EXPECT_EQ(wait_reason_text("epoll_wait"), "epoll_wait");   // kernel names stay
    set_language(Lang::En);
    EXPECT_EQ(value_of(describe_record(tr, m, wait), "Wait reason"), "Reading");
    EXPECT_EQ(rb_step_text(int(RbStep::InsertCase3)), "rb_insert_color case 3");
}

// Every record label has a Chinese form distinct from the English one (a copy of the English word
// in the zh column would pass the table's completeness checks and still show English).
TEST(RecordText, EveryRecordLabelHasADistinctChineseForm) {
    for (uint16_t i = 0; i < uint16_t(RL::Count_); ++i) {
        EXPECT_STRNE(tr(RL(i), Lang::Zh), tr(RL(i), Lang::En)) << "RL " << i;
        EXPECT_STRNE(tr(RL(i), Lang::Zh), "");
    }
}
