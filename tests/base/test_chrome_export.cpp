// test_chrome_export.cpp — the Chrome Trace Event JSON export obeys docs/FORMATS.md §1: it
// parses, every X has a dur, every pid/tid is named, flows pair up and sit inside slices, and
// timestamps are integer ns printed as µs with exactly three fraction digits.
#include "sim/trace/chrome_export.h"
#include "synthetic_trace.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace ioscope;
using nlohmann::json;

namespace {

std::string export_text(const Trace& tr) {
    std::ostringstream out;
    write_chrome_json(tr, out);
    return out.str();
}

// Integer ns from a ts/dur number (exact: the text has at most 3 fraction digits).
int64_t ns_of(const json& v) {
    return int64_t(std::llround(v.get<double>() * 1000.0));
}

struct Exported {
    std::string text;
    json doc;
    std::vector<json> events;
};

Exported export_and_parse(const Trace& tr) {
    Exported e;
    e.text = export_text(tr);
    e.doc = json::parse(e.text);   // throws (fails the test) if invalid
    for (auto& ev : e.doc.at("traceEvents")) e.events.push_back(ev);
    return e;
}

} // namespace

TEST(ChromeExport, IsValidJsonWithMetadata) {
    Trace tr = synth::make_synthetic_trace(3000);
    Exported e = export_and_parse(tr);
    EXPECT_EQ(e.doc.at("displayTimeUnit"), "ns");
    const json& other = e.doc.at("otherData");
    EXPECT_EQ(other.at("scenario"), "synthetic");
    EXPECT_EQ(other.at("seed"), 42);
    EXPECT_EQ(other.at("source"), "sim");
    EXPECT_EQ(other.at("version"), IOSCOPE_VERSION);
    EXPECT_GT(e.events.size(), 1000u);
    EXPECT_EQ(e.text, export_text(tr));   // deterministic
}

TEST(ChromeExport, EveryXHasDurAndLanesHaveTheRightContent) {
    Trace tr = synth::make_synthetic_trace(3000);
    Exported e = export_and_parse(tr);
    std::set<std::string> phases;
    size_t syscalls = 0, states = 0, ticks = 0, irqs = 0, runq = 0, rx = 0;
    const int64_t end = tr.end_ns();
    for (auto& ev : e.events) {
        const std::string ph = ev.at("ph");
        phases.insert(ph);
        if (ph == "X") {
            ASSERT_TRUE(ev.contains("dur")) << ev.dump();
            EXPECT_GE(ns_of(ev["dur"]), 0) << ev.dump();
            EXPECT_LE(ns_of(ev["ts"]) + ns_of(ev["dur"]), end) << ev.dump();
            const std::string cat = ev.at("cat");
            if (cat == "syscall") {
                ++syscalls;
                EXPECT_TRUE(ev.at("args").contains("fd"));
            }
            if (cat == "state") ++states;
        }
        if (ph == "i") {
            ticks += ev.at("name") == "tick";
            irqs += ev.at("name") == "nic_irq_handler";
        }
        if (ph == "C") {
            ASSERT_TRUE(ev.at("args").is_object());
            for (auto& [k, v] : ev["args"].items()) EXPECT_TRUE(v.is_number_integer()) << ev.dump();
            if (ev.at("name") == "runqueue") ++runq;
            if (ev.at("args").contains("rx_bytes")) ++rx;
        }
    }
    EXPECT_GT(syscalls, 100u);
    EXPECT_GT(states, 100u);
    EXPECT_GT(ticks, 10u);
    EXPECT_GT(irqs, 10u);
    EXPECT_GT(runq, 100u);
    EXPECT_GT(rx, 100u);
    for (auto& ph : phases) EXPECT_TRUE(ph == "X" || ph == "i" || ph == "C" || ph == "M" || ph == "s" || ph == "f") << ph;
}

TEST(ChromeExport, EveryPidAndTidIsNamedAndKernelPidIsReserved) {
    Trace tr = synth::make_synthetic_trace(2000);
    Exported e = export_and_parse(tr);
    std::set<int64_t> named_pids;
    std::set<std::pair<int64_t, int64_t>> named_tids, used;
    int64_t kernel_pid = -1;
    std::set<std::string> thread_names;
    for (auto& ev : e.events) {
        if (ev.at("ph") == "M") {
            if (ev.at("name") == "process_name") {
                named_pids.insert(ev.at("pid").get<int64_t>());
                if (ev.at("args").at("name") == "kernel (sim)") kernel_pid = ev.at("pid").get<int64_t>();
            } else if (ev.at("name") == "thread_name") {
                named_tids.insert({ ev.at("pid").get<int64_t>(), ev.at("tid").get<int64_t>() });
                thread_names.insert(ev.at("args").at("name").get<std::string>());
            }
            continue;
        }
        int64_t pid = ev.at("pid").get<int64_t>();
        int64_t tid = ev.contains("tid") ? ev.at("tid").get<int64_t>() : 0;
        used.insert(std::make_pair(pid, tid));
    }
    for (auto& [pid, tid] : used) {
        EXPECT_TRUE(named_pids.count(pid)) << "pid " << pid;
        EXPECT_TRUE(named_tids.count({ pid, tid })) << "pid " << pid << " tid " << tid;
    }
    ASSERT_NE(kernel_pid, -1);
    for (const Record& r : tr.records) {
        EXPECT_NE(int64_t(r.task), kernel_pid);
        if (r.kind == Kind::TaskNew) {
            EXPECT_NE(r.a, kernel_pid);
        }
    }
    EXPECT_TRUE(thread_names.count("CPU0"));
    EXPECT_TRUE(thread_names.count("CPU1"));
    EXPECT_TRUE(thread_names.count("ring0"));
    EXPECT_TRUE(thread_names.count("ring0 state"));
}

TEST(ChromeExport, FlowsPairUpInsideSlices) {
    Trace tr = synth::make_synthetic_trace(3000);
    Exported e = export_and_parse(tr);
    struct Span { int64_t start, end; };
    std::map<std::pair<int64_t, int64_t>, std::vector<Span>> slices;
    std::map<int64_t, std::vector<json>> flows;
    for (auto& ev : e.events) {
        const std::string ph = ev.at("ph");
        if (ph == "X") {
            int64_t s = ns_of(ev["ts"]);
            slices[{ ev["pid"].get<int64_t>(), ev["tid"].get<int64_t>() }].push_back({ s, s + ns_of(ev["dur"]) });
        }
        if (ph == "s" || ph == "f") flows[ev.at("id").get<int64_t>()].push_back(ev);
    }
    ASSERT_GT(flows.size(), 50u);
    size_t from_irq = 0, from_task = 0;
    for (auto& [id, parts] : flows) {
        ASSERT_EQ(parts.size(), 2u) << "flow " << id;
        const json& s = parts[0].at("ph") == "s" ? parts[0] : parts[1];
        const json& f = parts[0].at("ph") == "s" ? parts[1] : parts[0];
        ASSERT_EQ(s.at("ph"), "s");
        ASSERT_EQ(f.at("ph"), "f");
        EXPECT_EQ(s.at("cat"), f.at("cat"));
        EXPECT_EQ(s.at("name"), f.at("name"));
        EXPECT_EQ(f.at("bp"), "e");
        EXPECT_LE(ns_of(s["ts"]), ns_of(f["ts"])) << "flow " << id;
        // Each end lies strictly inside a slice of its own lane (FORMATS.md pitfall 5).
        for (const json* end : { &s, &f }) {
            int64_t t = ns_of((*end)["ts"]);
            bool inside = false;
            for (auto& sp : slices[{ (*end)["pid"].get<int64_t>(), (*end)["tid"].get<int64_t>() }]) inside |= sp.start < t && t < sp.end;
            EXPECT_TRUE(inside) << end->dump();
        }
        (s.at("pid").get<int64_t>() >= 0x7fff0000 ? from_irq : from_task)++;   // kernel lane = interrupt
    }
    EXPECT_GT(from_irq, 10u);
    EXPECT_GT(from_task, 10u);
}

TEST(ChromeExport, TimestampsAreMicrosecondsWithThreeDigits) {
    Trace tr = synth::make_synthetic_trace(1000);
    const std::string text = export_text(tr);
    const std::regex any_time(R"re("(ts|dur)":([^,}]*))re");
    const std::regex good(R"(-?[0-9]+\.[0-9]{3})");
    size_t n = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), any_time); it != std::sregex_iterator(); ++it) {
        EXPECT_TRUE(std::regex_match((*it)[2].str(), good)) << (*it)[0].str();
        ++n;
    }
    EXPECT_GT(n, 500u);
    // A 1234567 ns record must appear as 1234.567.
    Trace one;
    Record r;
    r.t = 1234567;
    r.kind = Kind::SyscallEnter;
    r.cpu = 0;
    r.task = 9;
    r.name = one.intern("read");
    one.push(r);
    r.t = 1234567 + 1001;
    r.kind = Kind::SyscallExit;
    one.push(r);
    const std::string small = export_text(one);
    EXPECT_NE(small.find("\"ts\":1234.567,\"dur\":1.001,\"name\":\"read\""), std::string::npos) << small;
}

TEST(ChromeExport, StringsAreEscapedAndEdgeCasesExport) {
    Trace tr;
    Record tn;
    tn.t = 0;
    tn.kind = Kind::TaskNew;
    tn.task = 5;
    tn.a = 5;
    tn.name = tr.intern("we\"ird\\name\n\x01 \xff 名字");
    tr.push(tn);
    Record sc;
    sc.t = 10;
    sc.kind = Kind::SyscallEnter;
    sc.cpu = 7;                    // beyond meta.cpus: the CPU lanes grow
    sc.task = 5;
    sc.name = tn.name;
    tr.push(sc);
    Record w;                      // a wakeup of a task that never runs: the flow is dropped
    w.t = 20;
    w.kind = Kind::Wakeup;
    w.cpu = 7;
    w.task = 99;
    tr.push(w);
    Exported e = export_and_parse(tr);
    bool found = false;
    for (auto& ev : e.events) {
        EXPECT_NE(ev.at("ph"), "s");
        if (ev.at("ph") == "M" && ev.at("name") == "thread_name" && ev.at("tid") == 5) {
            EXPECT_EQ(ev.at("args").at("name"), "we\"ird\\name ? 名字");
            found = true;
        }
    }
    EXPECT_TRUE(found);
    EXPECT_EQ(e.text.find("\\u"), std::string::npos);   // plain UTF-8, no \u escapes

    Trace empty;
    Exported z = export_and_parse(empty);
    EXPECT_TRUE(z.doc.at("traceEvents").is_array());
}

TEST(ChromeExport, FileHelper) {
    Trace tr = synth::make_synthetic_trace(100);
    const std::string path = ::testing::TempDir() + "/ioscope_chrome_test.json";
    std::string err;
    ASSERT_TRUE(write_chrome_json_file(tr, path, &err)) << err;
    EXPECT_FALSE(write_chrome_json_file(tr, "/nonexistent-dir/x.json", &err));
    EXPECT_FALSE(err.empty());
}
