// ostep_section.cpp — see ostep_section.h. The syntax accepted here is a strict subset of what
// process-run.py accepts (plain decimal numbers, no spaces), so that every file that validates
// runs exactly as `ioscope-cli process-run` would run the same flags.
#include "ostep_section.h"

#include <charconv>

namespace ioscope::scenario_detail {

namespace {

// Trace size stays modest: each instruction is a tick, and each tick a handful of records.
constexpr int64_t kMaxProcesses = 100;
constexpr int64_t kMaxInstructions = 10000;         // summed over all processes
constexpr int64_t kMaxIoLength = 10000;

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

// A decimal integer without sign or spaces ("5"), or nullopt.
std::optional<int64_t> plain_int(const std::string& s) {
    int64_t v = 0;
    if (s.empty() || s.size() > 9) return std::nullopt;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

// A percentage 0..100: digits, optionally one '.' and more digits ("100", "50", "33.3").
bool plain_percent(const std::string& s) {
    size_t dot = s.find('.');
    std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
    auto w = plain_int(whole);
    if (!w || (dot != std::string::npos && frac.empty())) return false;
    for (char c : frac)
        if (c < '0' || c > '9') return false;
    bool frac_zero = frac.find_first_not_of('0') == std::string::npos;
    return *w < 100 || (*w == 100 && frac_zero);
}

// -l "X1:Y1,X2:Y2": returns an error message or "" (and the instruction count).
std::string check_process_list(const std::string& list, int64_t& instructions) {
    auto procs = split(list, ',');
    if (int64_t(procs.size()) > kMaxProcesses) return "at most " + std::to_string(kMaxProcesses) + " processes";
    for (const std::string& p : procs) {
        auto xy = split(p, ':');
        if (xy.size() != 2)
            return "bad process " + in_quotes(p) + ": write X:Y, X instructions of which Y percent use the CPU "
                   "(the rest issue an I/O), e.g. \"5:100,5:0\"";
        auto x = plain_int(xy[0]);
        if (!x) return "bad instruction count " + in_quotes(xy[0]) + " in " + in_quotes(p) + " (a whole number)";
        if (!plain_percent(xy[1]))
            return "bad CPU percentage " + in_quotes(xy[1]) + " in " + in_quotes(p) + " (a number from 0 to 100)";
        instructions += *x;
    }
    return "";
}

// -P "c7,i,c1:i": processes separated by ':', instructions by ','; cN = N cpu ticks, i = one I/O.
std::string check_program(const std::string& program, int64_t& instructions) {
    auto procs = split(program, ':');
    if (int64_t(procs.size()) > kMaxProcesses) return "at most " + std::to_string(kMaxProcesses) + " processes";
    for (const std::string& p : procs) {
        for (const std::string& ins : split(p, ',')) {
            if (ins == "i") { instructions += 2; continue; }       // io + io_done
            auto n = ins.size() > 1 && ins[0] == 'c' ? plain_int(ins.substr(1)) : std::nullopt;
            if (!n) return "bad instruction " + in_quotes(ins) + " in " + in_quotes(p) +
                           ": write cN (N ticks of CPU) or i (one I/O), e.g. \"c3,i,c2:c5\"";
            instructions += *n;
        }
    }
    return "";
}

} // namespace

void load_ostep(TomlReader& r, const toml::table& root, Scenario& sc) {
    const toml::node* n = root.get("ostep");
    if (!n) return;
    const toml::table* t = r.as_table(*n, "ostep");
    if (!t) return;
    OstepSpec& o = sc.ostep;
    o.present = true;
    o.pos = r.pos(*t);
    if (o.pos.line == 0) { o.pos.line = 1; o.pos.col = 1; }
    r.check_keys(*t, { "process_list", "program", "switch", "io_done", "io_length", "tick" }, "[ostep]");

    const toml::node* list = t->get("process_list");
    const toml::node* prog = t->get("program");
    if (list && prog) r.error(*prog, "[ostep] takes process_list (-l) or program (-P), not both");
    if (!list && !prog)
        r.error(o.pos, "missing key 'process_list' in [ostep] (process-run's -l, e.g. process_list = \"5:100,5:100\")");
    int64_t instructions = 0;
    if (list && r.read_string(*list, "ostep.process_list", o.process_list)) {
        std::string err = check_process_list(o.process_list, instructions);
        if (!err.empty()) r.error(*list, "ostep.process_list: " + err);
    }
    if (prog && !list && r.read_string(*prog, "ostep.program", o.program)) {
        std::string err = check_program(o.program, instructions);
        if (!err.empty()) r.error(*prog, "ostep.program: " + err);
    }
    if (instructions > kMaxInstructions)
        r.error(list ? *list : *prog, "[ostep] asks for " + std::to_string(instructions) + " instructions; at most " +
                                          std::to_string(kMaxInstructions) + " (each one is a tick of the trace)");

    int64_t v = 0;
    if (const toml::node* x = t->get("switch"))
        if (r.read_choice(*x, "ostep.switch", { "SWITCH_ON_IO", "SWITCH_ON_END" }, v)) o.switch_on_end = v == 1;
    if (const toml::node* x = t->get("io_done"))
        if (r.read_choice(*x, "ostep.io_done", { "IO_RUN_LATER", "IO_RUN_IMMEDIATE" }, v)) o.io_run_immediate = v == 1;
    if (const toml::node* x = t->get("io_length")) r.read_int(*x, "ostep.io_length", 0, kMaxIoLength, o.io_length);
    if (const toml::node* x = t->get("tick")) r.read_duration(*x, "ostep.tick", SimTime(1), SimTime(1000000000), o.tick);
}

} // namespace ioscope::scenario_detail
