// document.h — what the GUI has open: a trace (simulated from a scenario, or read from JSONL),
// its lane model, and the reconstructors that answer "what did the kernel look like at record i".
#pragma once
#include "timeline_model.h"

#include "sim/scenario/scenario.h"
#include "sim/trace/state.h"

#include <memory>
#include <string>
#include <vector>

namespace ioscope::gui {

struct Document {
    std::string source;                   // what the user asked for ("blocking-echo", a path)
    std::string path;                     // resolved file
    std::string name;                     // short name for titles ("blocking-echo", "x.jsonl")
    bool from_trace_file { false };
    ioscope::LocalizedText title, explanation, look_at;
    std::unique_ptr<ioscope::Trace> trace;
    TimelineModel model;
    std::unique_ptr<ioscope::Reconstructor> playhead;   // follows the transport
    std::unique_ptr<ioscope::Reconstructor> probe;      // answers the details panel (hover)
    double load_ms { 0 };
};

struct LoadOutcome {
    std::unique_ptr<Document> doc;
    std::vector<std::string> errors;      // "FILE:LINE:COL: error: message" lines when doc is null
};

// A bundled scenario id, a .toml scenario path (simulated now) or a .jsonl trace. Never throws.
LoadOutcome load_document(const std::string& path_or_id);

bool is_trace_path(const std::string& path);

// A document around a trace made in-process (the GUI benchmark's synthetic trace).
std::unique_ptr<Document> make_document(std::unique_ptr<ioscope::Trace> trace, const std::string& name);

} // namespace ioscope::gui
