// test_jsonl.cpp — JSONL traces: lossless round trip, deterministic bytes, precise errors and no
// crash on malformed input.
#include "sim/trace/jsonl.h"
#include "synthetic_trace.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

using namespace ioscope;

namespace {

std::string to_jsonl(const Trace& tr) {
    std::ostringstream out;
    write_jsonl(tr, out);
    return out.str();
}

std::optional<Trace> from_jsonl(const std::string& text, std::vector<std::string>& errors) {
    std::istringstream in(text);
    return read_jsonl(in, "t.jsonl", errors);
}

const std::string kHeader = R"({"ioscope_trace":1,"meta":{"scenario":"x","cpus":1}})";

// Expects the text to fail with a first error at "t.jsonl:LINE:" mentioning `what`.
void expect_error(const std::string& text, int line, const std::string& what, int col = 0) {
    std::vector<std::string> errors;
    auto tr = from_jsonl(text, errors);
    EXPECT_FALSE(tr.has_value()) << text;
    ASSERT_FALSE(errors.empty()) << text;
    const std::string prefix = "t.jsonl:" + std::to_string(line) + ":";
    EXPECT_EQ(errors[0].rfind(prefix, 0), 0u) << errors[0];
    EXPECT_NE(errors[0].find(what), std::string::npos) << errors[0];
    if (col) {
        EXPECT_EQ(errors[0].rfind(prefix + std::to_string(col) + ":", 0), 0u) << errors[0];
    }
}

} // namespace

TEST(Jsonl, RoundTripIsLossless) {
    Trace tr = synth::make_synthetic_trace(3000);
    tr.intern("a string no record uses");
    tr.intern("tab\there \"quoted\" back\\slash \x01 ctrl");
    tr.meta.seed = UINT64_MAX;
    tr.meta.end_ns = INT64_MAX;
    Record extreme;
    extreme.t = tr.records.back().t;
    extreme.kind = Kind::Marker;
    extreme.a = INT64_MIN;
    extreme.b = INT64_MAX;
    extreme.task = UINT32_MAX;
    extreme.obj = 1;
    extreme.c = UINT32_MAX;
    extreme.cpu = 254;
    extreme.name = tr.intern("中文 label");
    tr.push(extreme);

    std::vector<std::string> errors;
    auto back = from_jsonl(to_jsonl(tr), errors);
    ASSERT_TRUE(back.has_value()) << (errors.empty() ? "" : errors[0]);
    EXPECT_TRUE(errors.empty());
    EXPECT_EQ(back->meta, tr.meta);
    ASSERT_EQ(back->strings.size(), tr.strings.size());
    for (uint32_t i = 0; i < tr.strings.size(); ++i) EXPECT_EQ(back->str(i), tr.str(i)) << i;
    ASSERT_EQ(back->records.size(), tr.records.size());
    for (size_t i = 0; i < tr.records.size(); ++i) ASSERT_EQ(back->records[i], tr.records[i]) << "record " << i;
}

TEST(Jsonl, OutputIsDeterministic) {
    Trace tr = synth::make_synthetic_trace(2000);
    const std::string once = to_jsonl(tr);
    EXPECT_EQ(once, to_jsonl(tr));
    Trace again = synth::make_synthetic_trace(2000);
    EXPECT_EQ(once, to_jsonl(again));
    std::vector<std::string> errors;
    auto back = from_jsonl(once, errors);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(once, to_jsonl(*back));
}

TEST(Jsonl, DefaultsAreOmittedAndNamesAreText) {
    Trace tr;
    Record r;
    r.t = 5;
    r.kind = Kind::SyscallEnter;
    r.cpu = 0;
    r.task = 7;
    r.name = tr.intern("read");
    tr.push(r);
    Record n;
    n.t = 6;
    n.kind = Kind::Narration;
    n.name = tr.intern("hello");
    n.c = tr.intern("你好");
    tr.push(n);
    const std::string text = to_jsonl(tr);
    EXPECT_NE(text.find("\n{\"t\":5,\"k\":\"syscall_enter\",\"cpu\":0,\"task\":7,\"name\":\"read\"}\n"),
              std::string::npos) << text;
    EXPECT_NE(text.find("{\"t\":6,\"k\":\"narration\",\"name\":\"hello\",\"c\":\"你好\"}"), std::string::npos) << text;
}

// prctl(PR_SET_NAME)'s record reads back by its name, with the new comm as text.
TEST(Jsonl, TaskRenameReadsBack) {
    std::string text = kHeader + "\n" +
                       R"({"t":1,"k":"task_new","task":3,"a":3,"name":"server"})" "\n" +
                       R"({"t":2,"k":"task_rename","cpu":0,"task":3,"name":"worker 1"})" "\n";
    std::vector<std::string> errors;
    auto tr = from_jsonl(text, errors);
    ASSERT_TRUE(tr.has_value()) << (errors.empty() ? "" : errors[0]);
    ASSERT_EQ(tr->size(), 2u);
    EXPECT_EQ(tr->records[1].kind, Kind::TaskRename);
    EXPECT_EQ(tr->str(tr->records[1].name), "worker 1");
    EXPECT_NE(to_jsonl(*tr).find(R"({"t":2,"k":"task_rename","cpu":0,"task":3,"name":"worker 1"})"), std::string::npos);
}

TEST(Jsonl, HandWrittenFileWithoutStringTable) {
    std::string text = kHeader + "\n\n" +
                       R"({"t":1,"k":"task_new","task":3,"a":3,"name":"srv"})" "\r\n" +
                       R"({"k":"syscall_enter","t":2,"cpu":0,"task":3,"name":"accept"})" "\n";
    std::vector<std::string> errors;
    auto tr = from_jsonl(text, errors);
    ASSERT_TRUE(tr.has_value()) << (errors.empty() ? "" : errors[0]);
    ASSERT_EQ(tr->size(), 2u);
    EXPECT_EQ(tr->str(tr->records[0].name), "srv");
    EXPECT_EQ(tr->str(tr->records[1].name), "accept");
    EXPECT_EQ(tr->records[1].kind, Kind::SyscallEnter);
    EXPECT_EQ(tr->records[1].cpu, 0);
    EXPECT_EQ(tr->records[0].cpu, kNoCpu);
    EXPECT_EQ(tr->meta.scenario, "x");
}

TEST(Jsonl, MalformedInputsGiveLineNumbers) {
    expect_error("", 1, "empty file");
    expect_error("\n\n", 1, "empty file");
    expect_error("not json\n", 1, "invalid JSON");
    expect_error("[1,2]\n", 1, "header");
    expect_error(R"({"meta":{}})" "\n", 1, "ioscope_trace");
    expect_error(R"({"ioscope_trace":2})" "\n", 1, "unsupported trace version", 2);
    expect_error(R"({"ioscope_trace":1,"junk":1})" "\n", 1, "unknown header field", 20);
    expect_error(R"({"ioscope_trace":1,"meta":{"cpus":"two"}})" "\n", 1, "cpus");
    const std::string h = kHeader + "\n";
    expect_error(h + R"({"t":1,"k":"wakeup")" "\n", 2, "invalid JSON");                 // truncated
    expect_error(h + R"({"t":1,"k":"wakeup"})" "\n" R"({"t":1,"k":"nope"})" "\n", 3, "unknown record kind");
    expect_error(h + R"({"t":1,"k":"wakeup","zz":1})" "\n", 2, "unknown record field", 21);
    expect_error(h + R"({"t":1})" "\n", 2, "lacks the kind");
    expect_error(h + R"({"t":"1","k":"wakeup"})" "\n", 2, "expected an integer");
    expect_error(h + R"({"t":1.5,"k":"wakeup"})" "\n", 2, "expected an integer");
    expect_error(h + R"({"t":99999999999999999999999,"k":"wakeup"})" "\n", 2, "\"t\"");
    expect_error(h + R"({"t":1e400,"k":"wakeup"})" "\n", 2, "");
    expect_error(h + R"({"t":1,"k":"wakeup","cpu":300})" "\n", 2, "out of range");
    expect_error(h + R"({"t":1,"k":"wakeup","task":-1})" "\n", 2, "out of range");
    expect_error(h + R"({"t":1,"k":"wakeup","a":18446744073709551615})" "\n", 2, "out of range");
    expect_error(h + R"({"t":1,"k":"wakeup","name":7})" "\n", 2, "expected a string");
    expect_error(h + R"({"t":1,"k":"wakeup","c":"text"})" "\n", 2, "\"c\"");
    expect_error(h + R"({"t":1,"k":7})" "\n", 2, "kind");
    expect_error(h + "[]\n", 2, "JSON object");
    expect_error(h + R"({"t":5,"k":"wakeup"})" "\n" R"({"t":4,"k":"wakeup"})" "\n", 3, "backwards");
    expect_error(h + "{\"t\":1,\"k\":\"wakeup\",\"name\":\"\xff\xfe\"}\n", 2, "invalid JSON");
    // A parse error's column comes from the byte position nlohmann reports.
    std::vector<std::string> errors;
    from_jsonl(h + R"({"t":1,"k":"wakeup",,})" "\n", errors);
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors[0].rfind("t.jsonl:2:21:", 0), 0u) << errors[0];
}

TEST(Jsonl, ErrorsAreCollectedAndBounded) {
    std::string text = kHeader + "\n";
    for (int i = 0; i < 100; ++i) text += "garbage\n";
    std::vector<std::string> errors;
    EXPECT_FALSE(from_jsonl(text, errors).has_value());
    EXPECT_GE(errors.size(), 2u);
    EXPECT_LE(errors.size(), 20u);
    EXPECT_EQ(errors[1].rfind("t.jsonl:3:", 0), 0u) << errors[1];
}

TEST(Jsonl, MutatedFilesNeverCrash) {
    Trace tr = synth::make_synthetic_trace(300);
    const std::string good = to_jsonl(tr);
    std::mt19937 rng(1234);
    for (int i = 0; i < 400; ++i) {
        std::string bad = good;
        if (i % 2 == 0) {
            bad.resize(rng() % bad.size());                         // truncated anywhere
        } else {
            for (int k = 0; k < 4; ++k) bad[rng() % bad.size()] = char(rng() % 256);
        }
        std::vector<std::string> errors;
        auto out = from_jsonl(bad, errors);
        if (!out) {
            ASSERT_FALSE(errors.empty());
            EXPECT_EQ(errors[0].rfind("t.jsonl:", 0), 0u) << errors[0];
        }
    }
}

TEST(Jsonl, FileHelpers) {
    Trace tr = synth::make_synthetic_trace(100);
    const std::string path = ::testing::TempDir() + "/ioscope_jsonl_test.jsonl";
    std::string err;
    ASSERT_TRUE(write_jsonl_file(tr, path, &err)) << err;
    std::vector<std::string> errors;
    auto back = read_jsonl_file(path, errors);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->records, tr.records);
    EXPECT_FALSE(read_jsonl_file(path + ".missing", errors).has_value());
    EXPECT_NE(errors.back().find(":1:1: cannot open"), std::string::npos);
    EXPECT_FALSE(write_jsonl_file(tr, "/nonexistent-dir/x.jsonl", &err));
    EXPECT_FALSE(err.empty());
}
