// jsonl.h — lossless JSON Lines trace files (re-loadable by `ioscope FILE.jsonl` and the tests).
//
// Format: line 1 is a header object {"ioscope_trace":1, "meta":{...}}; every further line is one
// record {"t":..,"k":"<kind_name>",...} with names written as strings (re-interned on read).
// Fields equal to their default are omitted. Output is deterministic: same trace => same bytes.
#pragma once
#include "trace.h"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace ioscope {

void write_jsonl(const Trace& trace, std::ostream& out);
bool write_jsonl_file(const Trace& trace, const std::string& path, std::string* error = nullptr);

// On failure returns nullopt and appends "FILE:LINE:COL: message" lines to errors.
std::optional<Trace> read_jsonl(std::istream& in, const std::string& name, std::vector<std::string>& errors);
std::optional<Trace> read_jsonl_file(const std::string& path, std::vector<std::string>& errors);

} // namespace ioscope
