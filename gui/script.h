// script.h — `ioscope --script "..."`: a small list of actions that drives the real app, for
// tests and for making screenshots. GL-free parsing (tests/gui/script_test.cpp); the runner in
// script_runner.cpp executes each step through App::run_action, the code path of the keys.
//
// Grammar: steps separated by ';' or newlines; each step is a word and optional arguments:
//   <action> [N]            any action's script name (actions.h), run N times (default 1)
//   play-to-end             play at the fastest speed until the end of the trace
//   back-to-start [UNIT]    step back by UNIT (record|syscall|wakeup|narration; default syscall)
//                           until the start, the way a user holding the key would
//   seek POS                50% | 1.5ms | 1234 (as --seek)
//   select INDEX            select a record (details panel, event list)
//   lang en|zh              switch the interface language
//   open SOURCE             open a bundled scenario id, a .toml or a .jsonl
//   sweep FILE.json         load `ioscope-cli sweep --json` output into the plots window's sweep
//                           chart and show it; a file that is not one fails (exit 2, FILE:LINE:COL)
//   wait N                  render N frames
//   screenshot FILE.png     write the next settled frame
//   expect-position OP N    fail (exit 6) unless the position compares: = < > (a script's own check)
//   type TEXT               the characters of TEXT arrive as typed keys before the next frame
//                           (through the app's key handler, or a focused text field)
//   expect NAME VALUE       fail (exit 6) unless App::probe(NAME) is VALUE ("" as a VALUE of "")
#pragma once
#include "actions.h"
#include "navigate.h"
#include "playback.h"

#include <string>
#include <vector>

namespace ioscope::gui {

struct ScriptStep {
    enum class Op : uint8_t { Action, PlayToEnd, BackToStart, Seek, Select, Lang, Open, Wait, Screenshot, ExpectPosition, Type, Expect, Sweep };
    Op op { Op::Action };
    Action action { Action::StepForward };
    long count { 1 };
    StepUnit unit { StepUnit::Syscall };
    SeekSpec seek;
    std::string arg;                      // file, source, language, comparison, typed text, probe name
    std::string value;                    // expect: the wanted value
    size_t column { 0 };                  // 1-based column of the step in the script text
};

// Parses the whole script; on error returns false and sets `error` to "script:1:COL: message".
bool parse_script(const std::string& text, std::vector<ScriptStep>& out, std::string& error);

} // namespace ioscope::gui
