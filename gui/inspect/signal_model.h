// signal_model.h — signals (pending set per task, the handler running now) and AIO contexts
// (submitted requests in flight, recent completions). GL-free.
#pragma once
#include "inspect_input.h"

#include <string>
#include <vector>

namespace ioscope::gui {

struct TaskSignalsView {
    uint32_t tid { 0 };
    std::string name;
    std::vector<int> pending;             // signal numbers, ascending
    int handler { 0 };                    // signal whose handler runs now, 0 none
    int last_delivered { 0 };
    bool highlight { false };
    bool raised_now { false };            // the current record raised a signal for it
    bool delivered_now { false };
};

struct AioContextView {
    uint32_t ctx { 0 };
    std::string name;
    std::vector<ioscope::AioRequestInfo> inflight, completed;
    uint64_t submitted { 0 }, completions { 0 };
    int64_t changed_request { -1 };       // request id the current record submitted/completed
    bool submitted_now { false };
};

struct SignalsView {
    std::vector<TaskSignalsView> tasks;   // tasks with signal activity
    std::vector<AioContextView> aio;
    int signo_now { 0 };                  // the signal of the current record
};

SignalsView build_signals_view(const InspectInput& in);
const char* signal_name(int signo);       // "SIGIO"

} // namespace ioscope::gui
