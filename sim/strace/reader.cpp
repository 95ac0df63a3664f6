// reader.cpp — pass 1: read the log line by line, validate each line, join split calls.
//
// strace prints a call when it returns; when another tracee does something first, it prints the
// entry half ("name(args <unfinished ...>") and later the exit half ("<... name resumed>rest").
// A thread is inside at most one call, so halves pair up per tid. The exit half continues the
// argument list exactly where the entry half stopped: the two texts are concatenated and parsed
// as one call, and an error in the joined text is reported at the line and column it came from.
#include "events.h"
#include "line.h"

#include <istream>
#include <map>

namespace ioscope::strace {

namespace {

std::string position(const std::string& file, uint32_t line, size_t col0) {
    return file + ":" + std::to_string(line) + ":" + std::to_string(col0 + 1);
}

// Where the pieces of a joined call text came from, to map an offset back to LINE:COL.
struct Origin {
    uint32_t line1 { 0 };
    size_t col1 { 0 };           // column (0-based) of the text's first character in line1
    size_t len1 { 0 };           // characters that came from line1
    uint32_t line2 { 0 };
    size_t col2 { 0 };           // column in line2 of the character at offset len1
};

std::string at(const std::string& file, const Origin& o, size_t off) {
    if (off < o.len1 || o.line2 == 0) return position(file, o.line1, o.col1 + off);
    return position(file, o.line2, o.col2 + (off - o.len1));
}

// The message, with the related bracket located in the same file coordinates as the error:
// "opened at column C" on the same line, "opened at line L, column C" in a joined call.
std::string message(const LexError& e, const std::string& file, const Origin& o) {
    if (e.related == std::string_view::npos) return e.message;
    auto line_col = [&](size_t off) {
        std::string w = at(file, o, off).substr(file.size() + 1);   // "LINE:COL"
        size_t c = w.find(':');
        return std::pair<std::string, std::string>(w.substr(0, c), w.substr(c + 1));
    };
    auto [rl, rc] = line_col(e.related);
    auto [el, ec] = line_col(e.pos);
    (void)ec;
    return e.message + (rl == el ? " opened at column " + rc : " opened at line " + rl + ", column " + rc);
}

Origin single_line(uint32_t line, size_t col) {
    Origin o;
    o.line1 = line;
    o.col1 = col;
    o.len1 = std::string::npos;
    return o;
}

uint32_t pid_from_name(const std::string& name) {
    size_t dot = name.rfind('.');
    if (dot == std::string::npos || dot + 1 >= name.size()) return 0;
    uint64_t v = 0;
    for (size_t i = dot + 1; i < name.size(); ++i) {
        if (name[i] < '0' || name[i] > '9' || v > 100000000) return 0;
        v = v * 10 + uint64_t(name[i] - '0');
    }
    return uint32_t(v);
}

} // namespace

bool read_events(std::istream& in, const ImportOptions& opts, std::vector<Event>& events,
                 ImportStats& stats, std::vector<std::string>& errors, Warnings& warn) {
    uint32_t default_pid = opts.default_pid;
    if (default_pid == 0) default_pid = pid_from_name(opts.name);
    if (default_pid == 0) default_pid = 1;

    struct Pending {
        size_t index;            // into events
        Origin origin;
    };
    std::map<uint32_t, Pending> pending;     // tid -> its unfinished call
    std::string raw;
    uint32_t lineno = 0;
    int64_t day_offset = 0, last_tod = -1;   // -tt wraps at midnight: count the days
    bool saw_epoch = false, saw_tod = false;

    auto fail = [&](std::string where, const std::string& msg) {
        ++stats.bad_lines;
        if (opts.keep_going) {
            warn.add(where + ": warning: " + msg + " (line skipped)");
            return;
        }
        if (errors.size() < opts.max_errors) errors.push_back(where + ": error: " + msg);
    };

    while (std::getline(in, raw)) {
        ++lineno;
        ++stats.lines;
        if (!opts.keep_going && errors.size() >= opts.max_errors) {
            errors.push_back(opts.name + ": error: too many errors, giving up");
            return false;
        }
        std::string_view line = raw;
        ParsedLine pl;
        LexError lerr;
        if (!parse_line(line, pl, lerr)) {
            fail(position(opts.name, lineno, lerr.pos), lerr.message);
            continue;
        }
        if (pl.type == ParsedLine::Type::Skip) {
            ++stats.skipped_lines;
            // `strace -f CMD 2>log` prints "strace: Process N attached" and prefixes lines with
            // [pid N] only while several tracees live: before the first event, an attach line
            // names the process the unprefixed lines belong to.
            constexpr std::string_view kAttach = "strace: Process ";
            int64_t pid = 0;
            if (opts.default_pid == 0 && events.empty() && line.substr(0, kAttach.size()) == kAttach) {
                std::string_view rest = line.substr(kAttach.size());
                size_t sp = rest.find(' ');
                if (parse_int(rest.substr(0, sp), pid) && pid > 0) default_pid = uint32_t(pid);
            }
            continue;
        }
        (pl.time_of_day ? saw_tod : saw_epoch) = true;
        if (saw_tod && saw_epoch) {
            fail(position(opts.name, lineno, 0),
                 "timestamps mix -ttt (seconds since the epoch) and -tt (time of day)");
            continue;
        }
        int64_t ts = pl.ts_ns;
        if (pl.time_of_day) {
            constexpr int64_t kDay = 86400LL * 1000000000LL;
            if (last_tod >= 0 && ts + kDay / 2 < last_tod) day_offset += kDay;   // midnight passed
            if (day_offset > 36500 * kDay) {
                fail(position(opts.name, lineno, 0), "time of day wrapped past midnight more than 36500 times");
                continue;
            }
            last_tod = ts;
            ts += day_offset;
        }
        const uint32_t tid = pl.has_pid ? pl.pid : default_pid;

        switch (pl.type) {
        case ParsedLine::Type::Call: {
            CallText ct;
            if (!parse_call(pl.body, ct, lerr)) {
                fail(position(opts.name, lineno, pl.body_off + lerr.pos),
                     message(lerr, opts.name, single_line(lineno, pl.body_off)));
                continue;
            }
            Event e;
            e.type = Event::Type::Call;
            e.tid = tid;
            e.t_enter = ts;
            e.line = lineno;
            e.name = std::string(ct.name);
            e.text = std::string(pl.body);
            if (ct.dur_ns < 0 && ct.has_ret) ++stats.missing_durations;
            e.t_exit = ct.has_ret ? ts + std::max<int64_t>(ct.dur_ns, 0) : -1;
            if (!ct.has_ret) ++stats.never_returned;
            ++stats.calls;
            events.push_back(std::move(e));
            break;
        }
        case ParsedLine::Type::Unfinished: {
            if (auto it = pending.find(tid); it != pending.end()) {
                warn.add(position(opts.name, events[it->second.index].line, 0) +
                         ": warning: this unfinished call of pid " + std::to_string(tid) +
                         " is never resumed (pid starts another call on line " + std::to_string(lineno) + ")");
                events[it->second.index].pending = false;
                ++stats.never_returned;
                pending.erase(it);
            }
            Event e;
            e.type = Event::Type::Call;
            e.tid = tid;
            e.t_enter = ts;
            e.line = lineno;
            e.name = std::string(pl.name);
            e.text = std::string(pl.body);
            e.pending = true;
            Origin o;
            o.line1 = lineno;
            o.col1 = pl.body_off;
            o.len1 = e.text.size();
            pending[tid] = Pending { events.size(), o };
            ++stats.calls;
            events.push_back(std::move(e));
            break;
        }
        case ParsedLine::Type::Resumed: {
            auto it = pending.find(tid);
            if (it != pending.end() && events[it->second.index].name == pl.name) {
                Event& e = events[it->second.index];
                Origin o = it->second.origin;
                o.line2 = lineno;
                o.col2 = pl.rest_off;
                std::string joined = e.text + std::string(pl.rest);
                CallText ct;
                if (!parse_call(joined, ct, lerr)) {
                    fail(at(opts.name, o, lerr.pos), message(lerr, opts.name, o) + " (in the call joined from lines " +
                                                          std::to_string(o.line1) + " and " + std::to_string(lineno) + ")");
                    // The entry half stays a call that never returned.
                    e.pending = false;
                    ++stats.never_returned;
                    pending.erase(it);
                    continue;
                }
                e.text = std::move(joined);
                e.pending = false;
                // The exit half is printed when the call returns: its timestamp is the exit.
                if (!ct.has_ret) {
                    e.t_exit = -1;
                    ++stats.never_returned;
                } else if (ct.dur_ns >= 0) {
                    e.t_exit = e.t_enter + ct.dur_ns;
                } else {
                    e.t_exit = std::max(ts, e.t_enter);
                    ++stats.missing_durations;
                }
                ++stats.joined;
                pending.erase(it);
                break;
            }
            if (it != pending.end()) {
                warn.add(position(opts.name, lineno, pl.body_off) + ": warning: '<... " + std::string(pl.name) +
                         " resumed>' but pid " + std::to_string(tid) + " was inside " +
                         events[it->second.index].name + " (line " + std::to_string(events[it->second.index].line) + ")");
            }
            // A resumed half without its entry (the log starts mid-call, or was cut): keep what
            // is known — the name, the result, the duration; the first arguments are lost.
            std::string text = std::string(pl.name) + "(" + std::string(pl.rest);
            CallText ct;
            if (!parse_call(text, ct, lerr)) {
                // The text is "name(" + rest: offsets past the added prefix map into rest.
                Origin o;
                o.line1 = lineno;
                o.col1 = pl.body_off + 5;                   // "<... " then the name, as in the line
                o.len1 = pl.name.size() + 1;
                o.line2 = lineno;
                o.col2 = pl.rest_off;
                fail(at(opts.name, o, lerr.pos), message(lerr, opts.name, o));
                continue;
            }
            Event e;
            e.type = Event::Type::Call;
            e.tid = tid;
            e.line = lineno;
            e.name = std::string(pl.name);
            e.text = std::move(text);
            e.orphan = true;
            e.t_exit = ct.has_ret ? ts : -1;
            e.t_enter = ct.dur_ns >= 0 ? ts - ct.dur_ns : ts;
            if (!ct.has_ret) ++stats.never_returned;
            ++stats.orphan_resumed;
            ++stats.calls;
            warn.add(position(opts.name, lineno, pl.body_off) + ": warning: '<... " + std::string(pl.name) +
                     " resumed>' without its '<unfinished ...>' line: imported without its first arguments");
            events.push_back(std::move(e));
            break;
        }
        case ParsedLine::Type::Signal:
        case ParsedLine::Type::Exited:
        case ParsedLine::Type::Killed:
        case ParsedLine::Type::Superseded: {
            Event e;
            e.tid = tid;
            e.t_enter = ts;
            e.line = lineno;
            e.name = std::string(pl.name);
            e.code = pl.code;
            e.core_dumped = pl.core_dumped;
            if (pl.type == ParsedLine::Type::Signal) {
                e.type = Event::Type::Signal;
                e.text = std::string(pl.rest);
                ++stats.signals;
            } else {
                e.type = pl.type == ParsedLine::Type::Exited ? Event::Type::Exit
                       : pl.type == ParsedLine::Type::Killed ? Event::Type::Killed
                                                               : Event::Type::Superseded;
                ++stats.exits;
            }
            events.push_back(std::move(e));
            break;
        }
        case ParsedLine::Type::Skip:
            break;
        }
    }
    for (auto& [tid, p] : pending) {
        (void)tid;
        events[p.index].pending = false;
        ++stats.never_returned;
    }
    if (in.bad()) {
        errors.push_back(opts.name + ": error: read error");
        return false;
    }
    if (!errors.empty()) return false;
    if (events.empty()) {
        errors.push_back(opts.name + ":1:1: error: no strace lines found (expected output of strace -f -ttt -T)");
        return false;
    }
    return true;
}

} // namespace ioscope::strace
