// test_lexer.cpp — the value tokenizer and the line/call grammar under the strace importer.
#include "sim/strace/lexer.h"
#include "sim/strace/line.h"

#include <gtest/gtest.h>

using namespace ioscope::strace;

TEST(StraceLexer, SkipsStringsWithCommasParensAndEscapedQuotes) {
    std::string_view s = R"x("a \"b\", (c)"..., 5)x";
    LexError err;
    size_t e = skip_value(s, 0, err);
    ASSERT_NE(e, std::string_view::npos) << err.message;
    EXPECT_EQ(s.substr(0, e), R"x("a \"b\", (c)"...)x");
}

TEST(StraceLexer, FdDecorationsWithArrowsSpacesAndNesting) {
    std::vector<std::string_view> items;
    size_t close = 0;
    LexError err;
    std::string_view s = "(7<TCP:[127.0.0.1:6379->127.0.0.1:5000]>, 3</dev/urandom<char 1:9>>, 4</tmp/a b, (c)>, AT_FDCWD</tmp>)";
    ASSERT_TRUE(split_list(s, 0, items, close, err)) << err.message;
    ASSERT_EQ(items.size(), 4u);
    EXPECT_EQ(items[0], "7<TCP:[127.0.0.1:6379->127.0.0.1:5000]>");
    EXPECT_EQ(items[1], "3</dev/urandom<char 1:9>>");
    EXPECT_EQ(items[2], "4</tmp/a b, (c)>");
    EXPECT_EQ(close, s.size() - 1);
    int64_t fd = 0;
    std::string_view deco;
    ASSERT_TRUE(parse_int(items[0], fd, &deco));
    EXPECT_EQ(fd, 7);
    EXPECT_EQ(deco, "TCP:[127.0.0.1:6379->127.0.0.1:5000]");
    ASSERT_TRUE(parse_int(items[1], fd, &deco));
    EXPECT_EQ(deco, "/dev/urandom<char 1:9>");
}

TEST(StraceLexer, ShiftOperatorsCommentsAndArrows) {
    std::vector<std::string_view> items;
    size_t close = 0;
    LexError err;
    std::string_view s = "(FUTEX_OP_SET<<28|0<<12|0x1, 0x30 /* CAP_??? */, [128 => 16], {a=[1, 2], b={c=3}})";
    ASSERT_TRUE(split_list(s, 0, items, close, err)) << err.message;
    ASSERT_EQ(items.size(), 4u);
    EXPECT_EQ(items[1], "0x30 /* CAP_??? */");
    EXPECT_EQ(items[2], "[128 => 16]");
    auto b = field(items[3], "b");
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(*b, "{c=3}");
    EXPECT_FALSE(field(items[3], "c").has_value());   // only the top level
}

TEST(StraceLexer, ReportsUnbalancedInputWithPosition) {
    LexError err;
    EXPECT_EQ(skip_value(R"(abc, "unterminated)", 5, err), std::string_view::npos);
    EXPECT_EQ(err.pos, 5u);
    EXPECT_EQ(skip_value("[1, 2)", 0, err), std::string_view::npos);
    EXPECT_EQ(err.pos, 5u);                               // the ')' that does not match '['
    EXPECT_EQ(skip_value("{a=[1, 2]", 0, err), std::string_view::npos);
    EXPECT_EQ(err.pos, 0u);                               // the '{' never closed
    EXPECT_EQ(skip_value("3<TCP:[1->2]", 0, err), std::string_view::npos);
    EXPECT_NE(err.message.find("decoration"), std::string::npos);
}

TEST(StraceLexer, IntegersInEveryNotation) {
    int64_t v = 0;
    EXPECT_TRUE(parse_int("-1", v)); EXPECT_EQ(v, -1);
    EXPECT_TRUE(parse_int("0x7f", v)); EXPECT_EQ(v, 127);
    EXPECT_TRUE(parse_int("0644", v)); EXPECT_EQ(v, 0644);
    EXPECT_TRUE(parse_int("0", v)); EXPECT_EQ(v, 0);
    EXPECT_TRUE(parse_int("0xffffffffffffffff", v)); EXPECT_EQ(v, -1);   // pointers wrap
    EXPECT_FALSE(parse_int("EPOLLIN", v));
    EXPECT_FALSE(parse_int("12abc", v));
    EXPECT_FALSE(parse_int("", v));
}

TEST(StraceLexer, DecodesEscapesAndTruncation) {
    std::string out;
    bool cut = false;
    ASSERT_TRUE(decode_string(R"("a\"b\\c\r\n\x41\101\0z")", out, &cut));
    EXPECT_EQ(out, std::string("a\"b\\c\r\nAA\0z", 11));
    EXPECT_FALSE(cut);
    ASSERT_TRUE(decode_string(R"("GET / HTTP"...)", out, &cut));
    EXPECT_EQ(out, "GET / HTTP");
    EXPECT_TRUE(cut);
    EXPECT_FALSE(decode_string("NULL", out));
}

TEST(StraceLine, PrefixesAndTimestamps) {
    ParsedLine p;
    LexError err;
    ASSERT_TRUE(parse_line("1886  1795443044.533959 read(3, \"\", 1) = 0 <0.000014>", p, err));
    EXPECT_TRUE(p.has_pid);
    EXPECT_EQ(p.pid, 1886u);
    EXPECT_EQ(p.ts_ns, 1795443044533959000LL);
    EXPECT_EQ(p.type, ParsedLine::Type::Call);
    ASSERT_TRUE(parse_line("[pid  42] 1700000000.123456789 close(3) = 0 <0.000001234>", p, err));
    EXPECT_EQ(p.pid, 42u);
    EXPECT_EQ(p.ts_ns, 1700000000123456789LL);
    ASSERT_TRUE(parse_line("14:10:10.500000 close(3) = 0", p, err));
    EXPECT_FALSE(p.has_pid);
    EXPECT_TRUE(p.time_of_day);
    EXPECT_EQ(p.ts_ns, ((14 * 60 + 10) * 60 + 10) * 1000000000LL + 500000000LL);
    ASSERT_TRUE(parse_line("strace: Process 12 attached", p, err));
    EXPECT_EQ(p.type, ParsedLine::Type::Skip);
}

TEST(StraceLine, SplitSignalAndExitForms) {
    ParsedLine p;
    LexError err;
    ASSERT_TRUE(parse_line("1 1.5 epoll_wait(5<anon_inode:[eventpoll]>,  <unfinished ...>", p, err));
    EXPECT_EQ(p.type, ParsedLine::Type::Unfinished);
    EXPECT_EQ(p.name, "epoll_wait");
    EXPECT_EQ(p.body, "epoll_wait(5<anon_inode:[eventpoll]>,  ");
    ASSERT_TRUE(parse_line("1 1.6 <... epoll_wait resumed>[], 10, 100) = 0 <0.100>", p, err));
    EXPECT_EQ(p.type, ParsedLine::Type::Resumed);
    EXPECT_EQ(p.rest, "[], 10, 100) = 0 <0.100>");
    ASSERT_TRUE(parse_line("1 1.7 --- SIGCHLD {si_signo=SIGCHLD, si_pid=5} ---", p, err));
    EXPECT_EQ(p.type, ParsedLine::Type::Signal);
    EXPECT_EQ(p.name, "SIGCHLD");
    ASSERT_TRUE(parse_line("1 1.8 +++ killed by SIGSEGV (core dumped) +++", p, err));
    EXPECT_EQ(p.type, ParsedLine::Type::Killed);
    EXPECT_TRUE(p.core_dumped);
    ASSERT_TRUE(parse_line("1 1.9 +++ exited with 3 +++", p, err));
    EXPECT_EQ(p.type, ParsedLine::Type::Exited);
    EXPECT_EQ(p.code, 3);
}

TEST(StraceLine, CallResultsErrnosDetailsAndDurations) {
    CallText c;
    LexError err;
    ASSERT_TRUE(parse_call("accept4(6, 0x7ffe, [128], SOCK_CLOEXEC) = -1 EAGAIN (Resource temporarily unavailable) <0.000014>", c, err));
    EXPECT_EQ(c.name, "accept4");
    EXPECT_EQ(c.args.size(), 4u);
    EXPECT_EQ(c.ret, -1);
    EXPECT_EQ(c.err_name, "EAGAIN");
    EXPECT_EQ(c.dur_ns, 14000);
    ASSERT_TRUE(parse_call("pselect6(5, [3 4], NULL, NULL, NULL, NULL) = 1 (in [4], left {tv_sec=0, tv_nsec=1}) <0.5>", c, err));
    EXPECT_EQ(c.detail, "in [4], left {tv_sec=0, tv_nsec=1}");
    EXPECT_EQ(c.dur_ns, 500000000);
    ASSERT_TRUE(parse_call("accept4(4<TCP:[1.2.3.4:80]>, NULL, NULL, 0) = 9<TCP:[127.0.0.1:80->127.0.0.1:5 0]> <0.000100>", c, err));
    EXPECT_EQ(c.ret, 9);
    EXPECT_EQ(c.ret_deco, "TCP:[127.0.0.1:80->127.0.0.1:5 0]");
    EXPECT_EQ(c.dur_ns, 100000);
    ASSERT_TRUE(parse_call("exit_group(0)                           = ?", c, err));
    EXPECT_FALSE(c.has_ret);
    ASSERT_TRUE(parse_call("epoll_wait(5, [], 1, -1) = ? <unavailable>", c, err));
    EXPECT_FALSE(c.has_ret);
    EXPECT_EQ(c.dur_ns, -1);
    ASSERT_TRUE(parse_call("rt_sigsuspend([], 8) = ? ERESTARTNOHAND (To be restarted if no handler) <0.2>", c, err));
    EXPECT_EQ(c.err_name, "ERESTARTNOHAND");
    ASSERT_TRUE(parse_call("mmap(NULL, 8192) = 0x7fb4629be000 <0.000069>", c, err));
    EXPECT_EQ(c.ret, 0x7fb4629be000);
    EXPECT_FALSE(parse_call("read(3, \"abc) = 3", c, err));
    EXPECT_EQ(err.pos, 8u);
    EXPECT_FALSE(parse_call("read(3) 3", c, err));
    EXPECT_EQ(err.pos, 8u);
}

TEST(StraceLine, HostileNumbersAreRejectedOrWrappedNeverOverflowed) {
    int64_t v = 0;
    EXPECT_TRUE(parse_int("-9223372036854775808", v));
    EXPECT_EQ(v, INT64_MIN);
    EXPECT_TRUE(parse_int("99999999999999999999999", v));     // wraps like a printed pointer
    ParsedLine p;
    LexError err;
    EXPECT_FALSE(parse_line("1 99999999999.5 close(3) = 0", p, err));          // seconds beyond 2096
    EXPECT_FALSE(parse_line("1 9999999999999999999999999.5 close(3) = 0", p, err));
    EXPECT_FALSE(parse_line("123456789012345678901 1.5 close(3) = 0", p, err)); // not a pid
    int64_t ns = 0;
    EXPECT_FALSE(parse_duration("<99999999999999999999.1>", ns));
    EXPECT_TRUE(parse_duration("<1.000000001>", ns));
    EXPECT_EQ(ns, 1000000001);
}
