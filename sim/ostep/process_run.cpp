// process_run.cpp — see process_run.h. Written from the behaviour of OSTEP's process-run.py
// (observed with CPython 3.11); the comments say where Python semantics force a detail.
#include "process_run.h"

#include "python_random.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <cstdio>
#include <stdexcept>
#include <string_view>

namespace ioscope::ostep {

const char* instr_name(Instr i) {
    switch (i) {
    case Instr::Cpu: return "cpu";
    case Instr::Io: return "io";
    case Instr::IoDone: return "io_done";
    }
    return "?";
}

const char* state_name(ProcState s) {
    switch (s) {
    case ProcState::Ready: return "READY";
    case ProcState::Running: return "RUNNING";
    case ProcState::Blocked: return "BLOCKED";
    case ProcState::Done: return "DONE";
    }
    return "?";
}

namespace {

// The original's name, kept in usage and error text so the output matches it exactly.
constexpr const char* kProg = "process-run.py";

// optparse's help at its default width (COLUMNS unset: 80 - 2).
constexpr const char* kHelp =
    "Usage: process-run.py [options]\n"
    "\n"
    "Options:\n"
    "  -h, --help            show this help message and exit\n"
    "  -s SEED, --seed=SEED  the random seed\n"
    "  -P PROGRAM, --program=PROGRAM\n"
    "                        more specific controls over programs\n"
    "  -l PROCESS_LIST, --processlist=PROCESS_LIST\n"
    "                        a comma-separated list of processes to run, in the\n"
    "                        form X1:Y1,X2:Y2,... where X is the number of\n"
    "                        instructions that process should run, and Y the\n"
    "                        chances (from 0 to 100) that an instruction will use\n"
    "                        the CPU or issue an IO\n"
    "  -L IO_LENGTH, --iolength=IO_LENGTH\n"
    "                        how long an IO takes\n"
    "  -S PROCESS_SWITCH_BEHAVIOR, --switch=PROCESS_SWITCH_BEHAVIOR\n"
    "                        when to switch between processes: SWITCH_ON_IO,\n"
    "                        SWITCH_ON_END\n"
    "  -I IO_DONE_BEHAVIOR, --iodone=IO_DONE_BEHAVIOR\n"
    "                        type of behavior when IO ends: IO_RUN_LATER,\n"
    "                        IO_RUN_IMMEDIATE\n"
    "  -c                    compute answers for me\n"
    "  -p, --printstats      print statistics at end; only useful with -c flag\n"
    "                        (otherwise stats are not printed)\n";

Outcome usage_error(const std::string& msg) {
    return Outcome{2, {}, std::string("Usage: ") + kProg + " [options]\n\n" + kProg + ": error: " + msg + "\n"};
}

// ---- Python's int() and float() on strings ---------------------------------------------------

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view strip(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

struct PyInt {
    bool negative = false;
    std::vector<uint32_t> mag;   // |value|, 32-bit words, least significant first; empty = 0

    // The value if it fits an int64_t.
    std::optional<int64_t> to_int64() const {
        if (mag.size() > 2) return std::nullopt;
        uint64_t m = 0;
        for (size_t i = 0; i < mag.size(); ++i) m |= uint64_t(mag[i]) << (32 * i);
        if (!negative && m > uint64_t(INT64_MAX)) return std::nullopt;
        if (negative && m > uint64_t(INT64_MAX) + 1) return std::nullopt;
        return negative ? int64_t(0 - m) : int64_t(m);
    }
};

int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

// int(s, base) for base 2, 8, 10 or 16: surrounding whitespace, a sign, the base's own prefix
// (0b/0o/0x, optionally followed by one underscore), digits with single underscores between
// them. Arbitrary size, as Python ints are. nullopt where Python raises ValueError.
std::optional<PyInt> parse_py_int(std::string_view s, int base) {
    s = strip(s);
    PyInt r;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        r.negative = s.front() == '-';
        s.remove_prefix(1);
    }
    bool after_prefix = false;
    if (s.size() >= 2 && s[0] == '0') {
        char p = char(s[1] | 0x20);
        if ((base == 16 && p == 'x') || (base == 8 && p == 'o') || (base == 2 && p == 'b')) {
            s.remove_prefix(2);
            after_prefix = true;
        }
    }
    if (after_prefix && !s.empty() && s.front() == '_') s.remove_prefix(1);
    if (s.empty()) return std::nullopt;
    bool prev_digit = false;
    for (char c : s) {
        if (c == '_') {
            if (!prev_digit) return std::nullopt;
            prev_digit = false;
            continue;
        }
        int d = digit_value(c);
        if (d >= base) return std::nullopt;
        // mag = mag * base + d
        uint64_t carry = uint64_t(d);
        for (uint32_t& w : r.mag) {
            uint64_t v = uint64_t(w) * uint64_t(base) + carry;
            w = uint32_t(v);
            carry = v >> 32;
        }
        if (carry) r.mag.push_back(uint32_t(carry));
        prev_digit = true;
    }
    if (!prev_digit) return std::nullopt;   // a trailing underscore
    if (r.mag.empty()) r.negative = false;
    return r;
}

// float(s): decimal literals with underscores between digits, inf/infinity/nan, any case.
std::optional<double> parse_py_float(std::string_view s) {
    s = strip(s);
    bool neg = false;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        neg = s.front() == '-';
        s.remove_prefix(1);
    }
    std::string lower;
    for (char c : s) lower += char(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (lower == "inf" || lower == "infinity") return neg ? -HUGE_VAL : HUGE_VAL;
    if (lower == "nan") return std::numeric_limits<double>::quiet_NaN();

    // Validate the grammar and drop the underscores; from_chars does the correctly rounded rest.
    std::string clean;
    size_t i = 0;
    auto digitpart = [&]() {
        size_t start = clean.size();
        while (i < s.size()) {
            if (s[i] >= '0' && s[i] <= '9') {
                clean += s[i++];
            } else if (s[i] == '_' && clean.size() > start && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9') {
                ++i;
            } else {
                break;
            }
        }
        return clean.size() > start;
    };
    bool int_digits = digitpart();
    bool frac_digits = false;
    if (i < s.size() && s[i] == '.') {
        clean += s[i++];
        frac_digits = digitpart();
    }
    if (!int_digits && !frac_digits) return std::nullopt;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        clean += s[i++];
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) clean += s[i++];
        if (!digitpart()) return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    double v = 0;
    auto res = std::from_chars(clean.data(), clean.data() + clean.size(), v);
    if (res.ec == std::errc::result_out_of_range) {
        // from_chars reports overflow/underflow instead of returning ±inf / 0 as Python does.
        bool tiny = clean.find_first_of("123456789") == std::string::npos ||
                    clean.find("e-") != std::string::npos || clean.find("E-") != std::string::npos;
        v = tiny ? 0.0 : HUGE_VAL;
    } else if (res.ec != std::errc() || res.ptr != clean.data() + clean.size()) {
        return std::nullopt;
    }
    return neg ? -v : v;
}

// Python's repr() of a str, as optparse's error messages quote values.
std::string py_repr(std::string_view s) {
    bool has_single = s.find('\'') != std::string_view::npos;
    bool has_double = s.find('"') != std::string_view::npos;
    char q = (has_single && !has_double) ? '"' : '\'';
    std::string r(1, q);
    for (unsigned char c : s) {
        if (c == q || c == '\\') {
            r += '\\';
            r += char(c);
        } else if (c == '\n') {
            r += "\\n";
        } else if (c == '\r') {
            r += "\\r";
        } else if (c == '\t') {
            r += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            r += buf;
        } else {
            r += char(c);   // printable ASCII, and UTF-8 passed through as Python shows it
        }
    }
    r += q;
    return r;
}

// ---- optparse ------------------------------------------------------------------------------

enum class Opt { Help, Seed, Program, ProcessList, IoLength, Switch, IoDone, Solve, PrintStats };

struct OptSpec {
    Opt id;
    char short_name;
    const char* long_name;   // nullptr: none (-c)
    bool takes_value;
};

// Declaration order, as optparse lists them.
constexpr OptSpec kOpts[] = {
    {Opt::Help, 'h', "--help", false},
    {Opt::Seed, 's', "--seed", true},
    {Opt::Program, 'P', "--program", true},
    {Opt::ProcessList, 'l', "--processlist", true},
    {Opt::IoLength, 'L', "--iolength", true},
    {Opt::Switch, 'S', "--switch", true},
    {Opt::IoDone, 'I', "--iodone", true},
    {Opt::Solve, 'c', nullptr, false},
    {Opt::PrintStats, 'p', "--printstats", false},
};

// optparse's type="int" check: a 0x/0b/0 prefix picks base 16/2/8 (no sign allowed before it),
// otherwise base 10; then Python's int(value, base).
std::optional<PyInt> parse_optparse_int(std::string_view val) {
    auto lower2 = [&](std::string_view p) {
        return val.size() >= 2 && val[0] == p[0] && char(val[1] | 0x20) == p[1];
    };
    if (lower2("0x")) return parse_py_int(val, 16);
    if (lower2("0b")) {
        std::string_view rest = val.substr(2);
        return parse_py_int(rest.empty() ? std::string_view("0") : rest, 2);
    }
    if (!val.empty() && val[0] == '0') return parse_py_int(val, 8);
    return parse_py_int(val, 10);
}

// Stores one option's value; an error message when the value is invalid.
std::optional<std::string> apply(ProcessRunOptions& o, Opt id, const std::string& opt, const std::string& value) {
    auto int_error = [&]() { return "option " + opt + ": invalid integer value: " + py_repr(value); };
    switch (id) {
    case Opt::Seed: {
        auto v = parse_optparse_int(value);
        if (!v) return int_error();
        o.seed_words = v->mag.empty() ? std::vector<uint32_t>{0} : v->mag;
        return std::nullopt;
    }
    case Opt::IoLength: {
        auto v = parse_optparse_int(value);
        if (!v) return int_error();
        auto n = v->to_int64();
        // Python has no limit; ticks are counted in int64_t here, with room for t + L + 1.
        if (!n || *n > INT64_MAX / 4 || *n < INT64_MIN / 4) return "option " + opt + ": value out of range: " + py_repr(value);
        o.io_length = *n;
        return std::nullopt;
    }
    case Opt::Program: o.program = value; return std::nullopt;
    case Opt::ProcessList: o.process_list = value; return std::nullopt;
    case Opt::Switch: o.switch_behavior = value; return std::nullopt;
    case Opt::IoDone: o.io_done_behavior = value; return std::nullopt;
    case Opt::Solve: o.solve = true; return std::nullopt;
    case Opt::PrintStats: o.print_stats = true; return std::nullopt;
    case Opt::Help: return std::nullopt;
    }
    return std::nullopt;
}

// ---- the scheduler -------------------------------------------------------------------------

// A direct transcription of the original's scheduler state machine. Its asserts are kept as
// checks; they cannot fire for inputs that reach run(), but a port must not silently diverge.
class Scheduler {
public:
    Scheduler(const std::vector<Program>& procs, bool switch_on_end, bool io_run_immediate, int64_t io_length,
              ScheduleObserver* observer)
        : switch_on_end_(switch_on_end), io_run_immediate_(io_run_immediate), io_length_(io_length),
          obs_(observer ? observer : &quiet_) {
        for (const Program& p : procs) procs_.push_back(Proc{p, 0, ProcState::Ready, std::nullopt});
    }

    Schedule run() {
        Schedule sched;
        if (procs_.empty()) return sched;
        curr_ = 0;
        move(curr_, ProcState::Ready, ProcState::Running);
        int64_t tick = 0;
        while (num_active() > 0) {
            ++tick;
            obs_->tick_begin(tick);
            TickRow row;
            row.tick = tick;

            // 1. I/O completions. An I/O issued at tick t completes at t + L + 1 (see the header).
            for (size_t pid = 0; pid < procs_.size(); ++pid) {
                if (procs_[pid].io_finish != tick) continue;
                row.io_done = true;
                obs_->io_completed(pid);
                move(pid, ProcState::Blocked, ProcState::Ready);
                if (io_run_immediate_) {
                    if (curr_ != pid && procs_[curr_].state == ProcState::Running)
                        move(curr_, ProcState::Running, ProcState::Ready);
                    switch_to(pid);
                } else {
                    if (switch_on_end_ && num_runnable() > 1) switch_to(pid);
                    if (num_runnable() == 1) switch_to(pid);   // the only thing to run: run it
                }
                check_if_done();
            }

            // 2. The current process, if RUNNING and not out of code, executes one instruction.
            Proc& cur = procs_[curr_];
            std::optional<Instr> executed;
            if (cur.state == ProcState::Running && cur.pc < cur.code.size()) {
                executed = cur.code[cur.pc++];
                ++sched.cpu_busy;
                row.executed = std::make_pair(curr_, *executed);
                obs_->executed(curr_, *executed);
            }

            // 3. The row: states as they are now; I/Os in flight counted after this tick.
            for (const Proc& p : procs_) row.states.push_back(p.state);
            for (const Proc& p : procs_)
                if (p.io_finish && *p.io_finish > tick) ++row.ios_in_flight;
            if (row.ios_in_flight > 0) ++sched.io_busy;
            obs_->row(row);
            sched.rows.push_back(std::move(row));

            // 4. Issuing an I/O blocks the process; SWITCH_ON_IO moves on at once.
            if (executed == Instr::Io) {
                obs_->io_issued(curr_, tick + io_length_ + 1);
                move(curr_, ProcState::Running, ProcState::Blocked);
                cur.io_finish = tick + io_length_ + 1;
                if (!switch_on_end_) next_ready();
            }
            check_if_done();
        }
        sched.total_ticks = tick;
        return sched;
    }

private:
    struct Proc {
        Program code;
        size_t pc;
        ProcState state;
        // The original keeps every finish time in a list; a process waits for its I/O before it
        // can issue another, so only the latest one can be equal to or later than "now".
        std::optional<int64_t> io_finish;
    };

    void move(size_t pid, ProcState expected, ProcState to) {
        if (procs_[pid].state != expected) throw std::logic_error("process-run: unexpected process state");
        procs_[pid].state = to;
        obs_->moved(pid, expected, to);
    }
    void switch_to(size_t pid) {
        curr_ = pid;
        move(curr_, ProcState::Ready, ProcState::Running);
    }
    // Round robin: the first READY process after the current one, wrapping around to itself.
    void next_ready() {
        for (size_t k = 1; k <= procs_.size(); ++k) {
            size_t pid = (curr_ + k) % procs_.size();
            if (procs_[pid].state == ProcState::Ready) {
                switch_to(pid);
                return;
            }
        }
    }
    void check_if_done() {
        Proc& p = procs_[curr_];
        if (p.pc == p.code.size() && p.state == ProcState::Running) {
            move(curr_, ProcState::Running, ProcState::Done);
            next_ready();
        }
    }
    size_t num_active() const {
        size_t n = 0;
        for (const Proc& p : procs_) n += p.state != ProcState::Done;
        return n;
    }
    size_t num_runnable() const {
        size_t n = 0;
        for (const Proc& p : procs_) n += p.state == ProcState::Ready || p.state == ProcState::Running;
        return n;
    }

    std::vector<Proc> procs_;
    size_t curr_ = 0;
    bool switch_on_end_, io_run_immediate_;
    int64_t io_length_;
    ScheduleObserver quiet_;               // used when nobody watches
    ScheduleObserver* obs_;
};

// ---- output --------------------------------------------------------------------------------

// Python's '%Ns' % s: right-aligned in a field of at least n characters.
void pad(std::string& out, std::string_view s, size_t n) {
    if (s.size() < n) out.append(n - s.size(), ' ');
    out += s;
}

std::string format_question(const std::vector<Program>& procs, const ProcessRunOptions& o) {
    std::string out = "Produce a trace of what would happen when you run these processes:\n";
    for (size_t pid = 0; pid < procs.size(); ++pid) {
        out += "Process " + std::to_string(pid) + "\n";
        for (Instr i : procs[pid]) out += std::string("  ") + instr_name(i) + "\n";
        out += "\n";
    }
    out += "Important behaviors:\n";
    out += "  System will switch when ";
    out += o.switch_behavior == "SWITCH_ON_IO" ? "the current process is FINISHED or ISSUES AN IO\n"
                                               : "the current process is FINISHED\n";
    out += "  After IOs, the process issuing the IO will ";
    out += o.io_done_behavior == "IO_RUN_IMMEDIATE" ? "run IMMEDIATELY\n" : "run LATER (when it is its turn)\n";
    out += "\n";
    return out;
}

std::string format_answer(size_t nprocs, const Schedule& s, bool print_stats) {
    std::string out = "Time";
    for (size_t pid = 0; pid < nprocs; ++pid) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "PID:%2zu", pid);
        pad(out, buf, 14);
    }
    pad(out, "CPU", 14);
    pad(out, "IOs", 14);
    out += "\n";
    for (const TickRow& r : s.rows) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%3lld%c", static_cast<long long>(r.tick), r.io_done ? '*' : ' ');
        out += buf;
        for (size_t pid = 0; pid < nprocs; ++pid) {
            if (r.executed && r.executed->first == pid)
                pad(out, std::string("RUN:") + instr_name(r.executed->second), 14);
            else
                pad(out, state_name(r.states[pid]), 14);
        }
        pad(out, r.executed ? "1" : " ", 14);
        // An idle IO column is 10 wide, not 14: the original's quirk, trailing spaces and all.
        if (r.ios_in_flight > 0)
            pad(out, std::to_string(r.ios_in_flight), 14);
        else
            pad(out, " ", 10);
        out += "\n";
    }
    if (print_stats) {
        char buf[128];
        long long total = s.total_ticks;
        out += "\n";
        out += "Stats: Total Time " + std::to_string(total) + "\n";
        // The only floating point: Python's '%.2f' of 100.0 * busy / total; C's printf rounds
        // the same double the same (exact) way.
        std::snprintf(buf, sizeof buf, "Stats: CPU Busy %lld (%.2f%%)\n", static_cast<long long>(s.cpu_busy),
                      100.0 * double(s.cpu_busy) / double(total));
        out += buf;
        std::snprintf(buf, sizeof buf, "Stats: IO Busy  %lld (%.2f%%)\n", static_cast<long long>(s.io_busy),
                      100.0 * double(s.io_busy) / double(total));
        out += buf;
        out += "\n";
    }
    return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (;;) {
        size_t at = s.find(sep, start);
        parts.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) return parts;
        start = at + 1;
    }
}

// Where Python would stop with a traceback (ValueError, IndexError), we stop with a message
// and exit code 2 instead; stdout is the same (empty) either way.
Outcome value_error(const std::string& msg) {
    return Outcome{2, {}, std::string(kProg) + ": error: " + msg + "\n"};
}

// An instruction count from -l or -P: Python's int(s). Far larger counts would only exhaust
// memory (in Python as here), so they are refused.
constexpr int64_t kMaxInstructions = 100'000'000;

std::variant<int64_t, Outcome> parse_count(const std::string& s, const char* what) {
    auto v = parse_py_int(s, 10);
    if (!v) return value_error(std::string("invalid ") + what + " (not an integer): " + py_repr(s));
    auto n = v->to_int64();
    if (!n || *n > kMaxInstructions) return value_error(std::string("too many instructions in ") + what + ": " + py_repr(s));
    return *n;   // a negative count means no instructions, as range(n) does
}

} // namespace

std::variant<ProcessRunOptions, Outcome> parse_process_run_args(const std::vector<std::string>& args) {
    ProcessRunOptions o;
    size_t i = 0;
    auto find_short = [](char c) -> const OptSpec* {
        for (const OptSpec& s : kOpts)
            if (s.short_name == c) return &s;
        return nullptr;
    };
    while (i < args.size()) {
        const std::string& arg = args[i];
        if (arg == "--") break;   // everything after is positional, and positionals are ignored
        if (arg.rfind("--", 0) == 0) {
            // Long option: exact name, else a unique prefix; "--opt=value" or "--opt value".
            ++i;
            size_t eq = arg.find('=');
            std::string name = arg.substr(0, eq);
            std::optional<std::string> explicit_value;
            if (eq != std::string::npos) explicit_value = arg.substr(eq + 1);
            const OptSpec* spec = nullptr;
            std::vector<std::string> matches;   // optparse lists them sorted
            for (const OptSpec& s : kOpts) {
                if (!s.long_name) continue;
                if (name == s.long_name) { spec = &s; break; }
                if (std::string_view(s.long_name).rfind(name, 0) == 0) matches.push_back(s.long_name);
            }
            if (!spec) {
                if (matches.empty()) return usage_error("no such option: " + name);
                if (matches.size() > 1) {
                    std::sort(matches.begin(), matches.end());
                    std::string list;
                    for (const std::string& m : matches) list += (list.empty() ? "" : ", ") + m;
                    return usage_error("ambiguous option: " + name + " (" + list + "?)");
                }
                for (const OptSpec& s : kOpts)
                    if (s.long_name && matches[0] == s.long_name) spec = &s;
            }
            std::string opt = spec->long_name;
            std::string value;
            if (spec->takes_value) {
                if (explicit_value) {
                    value = *explicit_value;
                } else if (i < args.size()) {
                    value = args[i++];   // taken even if it looks like an option, as optparse does
                } else {
                    return usage_error(opt + " option requires 1 argument");
                }
            } else if (explicit_value) {
                return usage_error(opt + " option does not take a value");
            }
            if (spec->id == Opt::Help) return Outcome{0, kHelp, {}};
            if (auto err = apply(o, spec->id, opt, value)) return usage_error(*err);
        } else if (arg.size() > 1 && arg[0] == '-') {
            // A cluster of short options; the first one taking a value takes the rest of the
            // cluster (-l3:0) or, if nothing is left, the next argument.
            ++i;
            for (size_t k = 1; k < arg.size(); ++k) {
                std::string opt = std::string("-") + arg[k];
                const OptSpec* spec = find_short(arg[k]);
                if (!spec) return usage_error("no such option: " + opt);
                if (spec->id == Opt::Help) return Outcome{0, kHelp, {}};
                if (!spec->takes_value) {
                    apply(o, spec->id, opt, {});
                    continue;
                }
                std::string value;
                if (k + 1 < arg.size()) {
                    value = arg.substr(k + 1);
                } else if (i < args.size()) {
                    value = args[i++];
                } else {
                    return usage_error(opt + " option requires 1 argument");
                }
                if (auto err = apply(o, spec->id, opt, value)) return usage_error(*err);
                break;
            }
        } else {
            ++i;   // a positional argument (or "-"): optparse collects it; the program ignores it
        }
    }
    return o;
}

std::variant<std::vector<Program>, Outcome> load_workload(const ProcessRunOptions& o, PythonRandom& rng) {
    std::vector<Program> procs;
    if (!o.program.empty()) {
        // -P "c7,i,c1:i": processes separated by ':', instructions by ','; cN = N cpu ticks,
        // i... = one I/O (anything after the 'i' is ignored, as in the original).
        for (const std::string& p : split(o.program, ':')) {
            Program& code = procs.emplace_back();
            for (const std::string& line : split(p, ',')) {
                if (line.empty()) return value_error("empty instruction in -P program " + py_repr(o.program));
                if (line[0] == 'c') {
                    auto n = parse_count(line.substr(1), "-P compute instruction");
                    if (auto* e = std::get_if<Outcome>(&n)) return *e;
                    for (int64_t k = 0; k < std::get<int64_t>(n); ++k) code.push_back(Instr::Cpu);
                } else if (line[0] == 'i') {
                    code.push_back(Instr::Io);
                    code.push_back(Instr::IoDone);
                } else {
                    // The opcode is one (Unicode) character: keep a UTF-8 sequence whole.
                    size_t len = 1;
                    while (len < line.size() && (static_cast<unsigned char>(line[len]) & 0xC0) == 0x80) ++len;
                    return Outcome{1, "bad opcode " + line.substr(0, len) + " (should be c or i)\n", {}};
                }
            }
        }
        return procs;
    }
    // -l "X1:Y1,X2:Y2": X instructions, each cpu with probability Y% (random() < Y/100), else
    // an io + io_done pair. One random() per instruction, processes in order.
    for (const std::string& desc : split(o.process_list, ',')) {
        std::vector<std::string> parts = split(desc, ':');
        if (parts.size() != 2) {
            return Outcome{1,
                           "Bad description (" + desc + "): Must be number <x:y>\n"
                           "  where X is the number of instructions\n"
                           "  and Y is the percent change that an instruction is CPU not IO\n",
                           {}};
        }
        auto n = parse_count(parts[0], "-l process description");
        if (auto* e = std::get_if<Outcome>(&n)) return *e;
        auto pct = parse_py_float(parts[1]);
        if (!pct) return value_error("invalid CPU percentage (not a number) in -l: " + py_repr(parts[1]));
        double chance_cpu = *pct / 100.0;
        Program& code = procs.emplace_back();
        for (int64_t k = 0; k < std::get<int64_t>(n); ++k) {
            if (rng.random() < chance_cpu) {
                code.push_back(Instr::Cpu);
            } else {
                code.push_back(Instr::Io);
                code.push_back(Instr::IoDone);
            }
        }
    }
    return procs;
}

Schedule simulate(const std::vector<Program>& procs, bool switch_on_end, bool io_run_immediate, int64_t io_length,
                  ScheduleObserver* observer) {
    return Scheduler(procs, switch_on_end, io_run_immediate, io_length, observer).run();
}

Outcome run_process_run(const std::vector<std::string>& args) {
    auto parsed = parse_process_run_args(args);
    if (auto* done = std::get_if<Outcome>(&parsed)) return *done;
    const ProcessRunOptions& o = std::get<ProcessRunOptions>(parsed);

    PythonRandom rng;
    rng.seed(o.seed_words);

    // The original asserts these (a traceback, exit 1); we say why, optparse-style, exit 2.
    if (o.switch_behavior != "SWITCH_ON_IO" && o.switch_behavior != "SWITCH_ON_END")
        return usage_error("option -S: invalid value " + py_repr(o.switch_behavior) + " (choose SWITCH_ON_IO or SWITCH_ON_END)");
    if (o.io_done_behavior != "IO_RUN_LATER" && o.io_done_behavior != "IO_RUN_IMMEDIATE")
        return usage_error("option -I: invalid value " + py_repr(o.io_done_behavior) + " (choose IO_RUN_LATER or IO_RUN_IMMEDIATE)");

    auto loaded = load_workload(o, rng);
    if (auto* done = std::get_if<Outcome>(&loaded)) return *done;
    const std::vector<Program>& procs = std::get<std::vector<Program>>(loaded);

    // Checked after loading, as in the original (a bad -l description is reported first).
    if (o.io_length < 0) return usage_error("option -L: the I/O length must be >= 0, not " + std::to_string(o.io_length));

    if (!o.solve) return Outcome{0, format_question(procs, o), {}};
    Schedule s = simulate(procs, o.switch_behavior == "SWITCH_ON_END", o.io_done_behavior == "IO_RUN_IMMEDIATE", o.io_length);
    return Outcome{0, format_answer(procs.size(), s, o.print_stats), {}};
}

} // namespace ioscope::ostep
