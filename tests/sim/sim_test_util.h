// Helpers shared by the simulation tests.
#pragma once
#include "sim/app/run.h"
#include "sim/kernel/sys.h"
#include "sim/scenario/scenario.h"
#include "sim/trace/jsonl.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

namespace ioscope::testing {

inline Scenario bundled(const std::string& id) {
    LoadResult r = load_scenario_file(resolve_scenario(id));
    for (auto& e : r.errors) ADD_FAILURE() << e.format();
    if (!r.ok()) return Scenario{};
    return *r.scenario;
}

// "ID" or "ID@VARIANT" (a bundled scenario with one of its [[variant]]s applied).
inline Scenario bundled_ref(const std::string& ref) {
    LoadResult r = load_scenario_ref(ref);
    for (auto& e : r.errors) ADD_FAILURE() << e.format();
    return r.ok() ? *r.scenario : Scenario{};
}

// The trace as its JSONL file: what "byte-identical trace" compares.
inline std::string trace_jsonl(const Trace& t) {
    std::ostringstream out;
    write_jsonl(t, out);
    return out.str();
}

inline nlohmann::json summary(const RunResult& r) { return nlohmann::json::parse(r.summary_json); }

// Index of the first record at or after `from` matching kind (and name, task when given).
inline size_t find(const Trace& t, Kind k, size_t from = 0, const char* name = nullptr, uint32_t task = 0) {
    for (size_t i = from; i < t.size(); ++i) {
        const Record& r = t.records[i];
        if (r.kind != k) continue;
        if (name && t.str(r.name) != name) continue;
        if (task && r.task != task) continue;
        return i;
    }
    return SIZE_MAX;
}

inline size_t count(const Trace& t, Kind k, const char* name = nullptr) {
    size_t n = 0;
    for (const Record& r : t.records)
        if (r.kind == k && (!name || t.str(r.name) == name)) ++n;
    return n;
}

// A machine with the default costs and `cpus` CPUs.
inline MachineSpec machine(uint32_t cpus = 1) { MachineSpec m; m.cpus = cpus; return m; }

} // namespace ioscope::testing
