// line.cpp — the line and call grammar of line.h, scanned left to right (no regular expressions:
// std::regex is slow and its errors cannot point at a column).
#include "line.h"

#include <cctype>

namespace ioscope::strace {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

// Reads digits at s[i..]; returns the count (0 if none) and accumulates the first 18 into v
// (no overflow on hostile input: callers bound the count they accept).
size_t read_digits(std::string_view s, size_t i, int64_t& v) {
    size_t n = 0;
    for (; i + n < s.size() && is_digit(s[i + n]); ++n)
        if (n < 18) v = v * 10 + (s[i + n] - '0');
    return n;
}

// A fraction ".123456" (any number of digits) scaled to nanoseconds; returns digits consumed.
size_t read_fraction_ns(std::string_view s, size_t i, int64_t& ns) {
    ns = 0;
    size_t n = 0;
    int64_t scale = 100000000;
    for (; i + n < s.size() && is_digit(s[i + n]); ++n) {
        if (scale > 0) ns += (s[i + n] - '0') * scale;
        scale /= 10;
    }
    return n;
}

// Timestamp at line[i]: "1795443044.533959" (-ttt, any fraction length) or "14:10:10.123456"
// (-tt) or "14:10:10" (-t). Returns the offset after it, or npos.
size_t read_timestamp(std::string_view s, size_t i, ParsedLine& out) {
    int64_t a = 0;
    size_t n = read_digits(s, i, a);
    if (n == 0) return std::string_view::npos;
    size_t j = i + n;
    if (j < s.size() && s[j] == ':') {
        int64_t m = 0, sec = 0;
        size_t n2 = read_digits(s, j + 1, m);
        if (n2 != 2 || j + 3 >= s.size() || s[j + 3] != ':') return std::string_view::npos;
        size_t n3 = read_digits(s, j + 4, sec);
        if (n3 != 2 || a > 23 || m > 59 || sec > 60) return std::string_view::npos;
        j += 6;
        int64_t frac = 0;
        if (j < s.size() && s[j] == '.') {
            size_t nf = read_fraction_ns(s, j + 1, frac);
            if (nf == 0) return std::string_view::npos;
            j += 1 + nf;
        }
        out.ts_ns = ((a * 60 + m) * 60 + sec) * 1000000000LL + frac;
        out.time_of_day = true;
        return j;
    }
    if (j >= s.size() || s[j] != '.') return std::string_view::npos;
    int64_t frac = 0;
    size_t nf = read_fraction_ns(s, j + 1, frac);
    // Seconds since the epoch up to 4e9 (year 2096): keeps every ns sum below INT64_MAX.
    if (nf == 0 || n > 10 || a > 4000000000LL) return std::string_view::npos;
    out.ts_ns = a * 1000000000LL + frac;
    out.time_of_day = false;
    return j + 1 + nf;
}

} // namespace

bool parse_duration(std::string_view s, int64_t& ns) {
    s = trim(s);
    if (s.size() < 3 || s.front() != '<' || s.back() != '>') return false;
    s = s.substr(1, s.size() - 2);
    int64_t sec = 0;
    size_t n = read_digits(s, 0, sec);
    if (n == 0 || n > 9 || n >= s.size() || s[n] != '.') return false;   // < 31 years inside
    int64_t frac = 0;
    size_t nf = read_fraction_ns(s, n + 1, frac);
    if (nf == 0 || n + 1 + nf != s.size()) return false;
    ns = sec * 1000000000LL + frac;
    return true;
}

bool parse_line(std::string_view line, ParsedLine& out, LexError& err) {
    out = ParsedLine {};
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
    if (trim(line).empty() || starts_with(line, "strace: ")) return true;   // Skip

    size_t i = 0;
    // Prefix: "[pid  1234] " (-f to a terminal) or "1234  " (-f -o FILE).
    if (starts_with(line, "[pid")) {
        i = 4;
        while (i < line.size() && line[i] == ' ') ++i;
        int64_t pid = 0;
        size_t n = read_digits(line, i, pid);
        if (n == 0 || n > 10 || i + n >= line.size() || line[i + n] != ']') {
            err = { i, "expected a pid and ']' in the '[pid N]' prefix" };
            return false;
        }
        out.has_pid = true;
        out.pid = uint32_t(pid);
        i += n + 1;
    } else {
        int64_t pid = 0;
        size_t n = read_digits(line, 0, pid);
        if (n > 0 && n <= 10 && n < line.size() && line[n] == ' ') {
            out.has_pid = true;
            out.pid = uint32_t(pid);
            i = n;
        }
    }
    while (i < line.size() && line[i] == ' ') ++i;

    size_t after_ts = read_timestamp(line, i, out);
    if (after_ts == std::string_view::npos || after_ts >= line.size() || line[after_ts] != ' ') {
        err = { i, "expected a timestamp such as 1700000000.123456 (capture with strace -ttt)" };
        return false;
    }
    i = after_ts;
    while (i < line.size() && line[i] == ' ') ++i;
    out.body_off = i;
    out.body = line.substr(i);
    std::string_view b = out.body;

    if (starts_with(b, "--- ")) {
        if (!ends_with(b, " ---")) {
            err = { i, "a signal line must end with ' ---'" };
            return false;
        }
        std::string_view inner = b.substr(4, b.size() - 8);
        size_t sp = inner.find(' ');
        out.name = inner.substr(0, sp);
        if (!starts_with(out.name, "SIG")) return true;      // "--- stopped by SIGSTOP ---": no delivery
        out.type = ParsedLine::Type::Signal;
        out.rest = sp == std::string_view::npos ? std::string_view {} : trim(inner.substr(sp + 1));
        out.rest_off = out.rest.empty() ? i : size_t(out.rest.data() - line.data());
        return true;
    }
    if (starts_with(b, "+++ ")) {
        if (!ends_with(b, " +++")) {
            err = { i, "an exit line must end with ' +++'" };
            return false;
        }
        std::string_view inner = b.substr(4, b.size() - 8);
        if (starts_with(inner, "exited with ")) {
            int64_t code = 0;
            std::string_view num = inner.substr(12);
            if (!parse_int(num, code)) {
                err = { i + 4 + 12, "expected the exit code after 'exited with'" };
                return false;
            }
            out.type = ParsedLine::Type::Exited;
            out.code = code;
            return true;
        }
        if (starts_with(inner, "killed by ")) {
            std::string_view sig = inner.substr(10);
            size_t sp = sig.find(' ');
            out.name = sig.substr(0, sp);
            out.core_dumped = sig.find("(core dumped)") != std::string_view::npos;
            out.type = ParsedLine::Type::Killed;
            return true;
        }
        if (starts_with(inner, "superseded by execve in pid ")) {
            int64_t pid = 0;
            if (!parse_int(inner.substr(28), pid)) {
                err = { i + 4 + 28, "expected a pid after 'superseded by execve in pid'" };
                return false;
            }
            out.type = ParsedLine::Type::Superseded;
            out.code = pid;
            return true;
        }
        err = { i + 4, "unknown '+++' line (expected 'exited with N' or 'killed by SIG...')" };
        return false;
    }
    if (starts_with(b, "<... ")) {
        size_t e = b.find(" resumed>");
        size_t n = 5;
        while (n < b.size() && is_name_char(b[n])) ++n;
        if (e == std::string_view::npos || n != e || n == 5) {
            err = { i, "expected '<... NAME resumed>'" };
            return false;
        }
        out.type = ParsedLine::Type::Resumed;
        out.name = b.substr(5, n - 5);
        out.rest = b.substr(e + 9);
        out.rest_off = i + e + 9;
        return true;
    }
    size_t n = 0;
    while (n < b.size() && is_name_char(b[n])) ++n;
    if (n == 0 || n >= b.size() || b[n] != '(') {
        err = { i + n, n == 0 ? "expected a system call, a signal ('---') or an exit ('+++')"
                              : "expected '(' after the system call name" };
        return false;
    }
    out.name = b.substr(0, n);
    constexpr std::string_view kUnfinished = "<unfinished ...>";
    if (ends_with(b, kUnfinished)) {
        out.type = ParsedLine::Type::Unfinished;
        out.body = b.substr(0, b.size() - kUnfinished.size());
    } else {
        out.type = ParsedLine::Type::Call;
    }
    return true;
}

bool parse_call(std::string_view text, CallText& out, LexError& err) {
    out = CallText {};
    size_t n = 0;
    while (n < text.size() && is_name_char(text[n])) ++n;
    if (n == 0 || n >= text.size() || text[n] != '(') {
        err = { n, "expected NAME(" };
        return false;
    }
    out.name = text.substr(0, n);
    size_t close = 0;
    if (!split_list(text, n, out.args, close, err)) return false;
    size_t i = close + 1;
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size() || text[i] != '=') {
        err = { i, "expected '= RESULT' after the arguments" };
        return false;
    }
    ++i;
    while (i < text.size() && text[i] == ' ') ++i;

    // -T duration: the last "<...>" of the line when it is a number (or "<unavailable>").
    std::string_view tail = text.substr(i);
    while (!tail.empty() && (tail.back() == ' ' || tail.back() == '\r')) tail.remove_suffix(1);
    if (!tail.empty() && tail.back() == '>') {
        size_t lt = tail.rfind('<');
        if (lt != std::string_view::npos && (lt == 0 || tail[lt - 1] == ' ')) {
            std::string_view d = tail.substr(lt);
            int64_t ns = 0;
            if (parse_duration(d, ns)) {
                out.dur_ns = ns;
                tail = trim(tail.substr(0, lt));
            } else if (d == "<unavailable>") {
                tail = trim(tail.substr(0, lt));
            }
        }
    }

    // RET: '?' or an integer, perhaps with an fd decoration.
    size_t r = 0;
    if (!tail.empty() && tail[0] == '?') {
        r = 1;
    } else {
        size_t e = 0;
        while (e < tail.size() && tail[e] != ' ') {
            if (tail[e] == '<') {
                // Decoration of a returned fd (`5<TCP:[a->b]>`, may contain spaces): find its
                // '>' with the same rules as the lexer (arrows inside [...] are text).
                size_t depth = 0, sq = 0, k = e;
                for (; k < tail.size(); ++k) {
                    if (tail[k] == '[') ++sq;
                    else if (tail[k] == ']' && sq) --sq;
                    else if (!sq && tail[k] == '<') ++depth;
                    else if (!sq && tail[k] == '>' && --depth == 0) break;
                }
                if (k >= tail.size()) {
                    err = { i + e, "unterminated fd decoration in the result" };
                    return false;
                }
                e = k + 1;
                break;
            }
            ++e;
        }
        std::string_view deco;
        if (!parse_int(tail.substr(0, e), out.ret, &deco)) {
            err = { i, "expected the result: a number or '?'" };
            return false;
        }
        out.has_ret = true;
        out.ret_deco = deco;
        r = e;
    }
    std::string_view rest = trim(tail.substr(r));
    if (!rest.empty() && rest[0] == 'E' && rest.size() > 1 && std::isupper(static_cast<unsigned char>(rest[1]))) {
        size_t sp = rest.find(' ');
        out.err_name = rest.substr(0, sp);
        rest = sp == std::string_view::npos ? std::string_view {} : trim(rest.substr(sp));
    }
    if (!rest.empty() && rest.front() == '(' && rest.back() == ')') {
        if (out.err_name.empty()) out.detail = rest.substr(1, rest.size() - 2);
    }
    // "= ? ERESTARTSYS (...)": the call did leave the kernel (to run a signal handler); its
    // result is the errno, as for "= -1 EINTR".
    if (!out.has_ret && !out.err_name.empty()) {
        out.has_ret = true;
        out.ret = -1;
    }
    return true;
}

} // namespace ioscope::strace
