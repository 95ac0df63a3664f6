// events.h — internal: the importer's two passes meet here.
//   pass 1 (reader.cpp):  lines -> Events, split calls joined, every line validated
//   pass 2 (builder.cpp): Events (in order of entry) -> Trace records
#pragma once
#include "importer.h"

#include <string>
#include <vector>

namespace ioscope::strace {

struct Event {
    enum class Type { Call, Signal, Exit, Killed, Superseded };
    Type type { Type::Call };
    uint32_t tid { 0 };
    int64_t t_enter { 0 };       // absolute ns as printed (entry for calls)
    int64_t t_exit { -1 };       // calls: entry + -T; -1 = never returned in this log
    uint32_t line { 0 };         // line of the entry
    std::string text;            // Call: the whole call "name(args) = RET ..."; Signal: siginfo
    std::string name;            // Call: syscall; Signal/Killed: signal name
    int64_t code { 0 };          // Exit: status; Superseded: new pid
    bool core_dumped { false };
    bool orphan { false };       // a resumed half without its entry: the first arguments are lost
    bool pending { false };      // internal to pass 1: unfinished, waiting for its resumed half
};

struct Warnings {
    std::vector<std::string>& out;
    size_t limit { 50 };
    size_t dropped { 0 };
    void add(std::string msg) {
        if (out.size() < limit) out.push_back(std::move(msg));
        else ++dropped;
    }
};

// Pass 1. Returns false if errors stop the import (errors filled, "FILE:LINE:COL: error: ...").
bool read_events(std::istream& in, const ImportOptions& opts, std::vector<Event>& events,
                 ImportStats& stats, std::vector<std::string>& errors, Warnings& warn);

// Pass 2. Never fails: every event was validated by pass 1.
Trace build_trace(const std::vector<Event>& events, const ImportOptions& opts, ImportStats& stats,
                  Warnings& warn);

} // namespace ioscope::strace
