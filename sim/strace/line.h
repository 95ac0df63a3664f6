// line.h — one line of `strace -f -ttt -T [-yy]` output, cut into its parts (docs/STRACE.md).
//
//   [PID  |[pid PID] ]TIMESTAMP BODY
//   BODY := name(args) = RET [ERRNO (text) | (decoded)] [<SECONDS>]     complete call
//         | name(args... <unfinished ...>                               entry half of a split call
//         | <... name resumed>rest-of-args) = RET ... [<SECONDS>]       exit half
//         | --- SIGNAME {siginfo} ---                                   signal delivery
//         | +++ exited with N +++ | +++ killed by SIGX [(core dumped)] +++
//
// Lines strace itself writes without a timestamp ("strace: Process 12 attached") are Skip.
// All views point into the line passed to parse_line, which must outlive the result.
#pragma once
#include "lexer.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace ioscope::strace {

struct ParsedLine {
    enum class Type { Skip, Call, Unfinished, Resumed, Signal, Exited, Killed, Superseded };
    Type type { Type::Skip };
    bool has_pid { false };
    uint32_t pid { 0 };
    int64_t ts_ns { 0 };            // -ttt: ns since the epoch; -tt/-t: ns since midnight
    bool time_of_day { false };     // the timestamp was HH:MM:SS[.frac]
    std::string_view body;          // everything after the timestamp
    size_t body_off { 0 };          // offset of body in the line
    std::string_view name;          // syscall (Unfinished, Resumed) or signal name (Signal, Killed)
    std::string_view rest;          // Resumed: text after "resumed>"; Signal: the siginfo text
    size_t rest_off { 0 };
    int64_t code { 0 };             // Exited: exit code; Superseded: the new pid
    bool core_dumped { false };     // Killed
};

// Returns false with err (offset into line) if the line has none of the forms above.
bool parse_line(std::string_view line, ParsedLine& out, LexError& err);

// A complete call text "name(args) = RET ..." (for a split call: the entry half's text followed
// by the exit half's rest). Offsets in errors are into `text`.
struct CallText {
    std::string_view name;
    std::vector<std::string_view> args;
    bool has_ret { false };         // false for "= ?" (exit_group, a call cut short by death);
                                    // "= ? ERESTARTSYS" has a result: ret -1 and err_name
    int64_t ret { 0 };
    std::string_view ret_deco;      // -yy decoration of a returned fd
    std::string_view err_name;      // "EAGAIN", "ERESTARTSYS" (ret is then -1 or unknown)
    std::string_view detail;        // decoded result inside (...): "in [3], left {...}", "Timeout"
    int64_t dur_ns { -1 };          // -T time inside the call; -1 if absent or <unavailable>
};
bool parse_call(std::string_view text, CallText& out, LexError& err);

// "<0.000013>" -> 13000 ns. False if s is not a -T duration.
bool parse_duration(std::string_view s, int64_t& ns);

} // namespace ioscope::strace
