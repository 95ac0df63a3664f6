// Helpers shared by the simulation tests.
#pragma once
#include "sim/app/run.h"
#include "sim/kernel/sys.h"
#include "sim/scenario/scenario.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ioscope::testing {

inline Scenario bundled(const std::string& id) {
    LoadResult r = load_scenario_file(resolve_scenario(id));
    for (auto& e : r.errors) ADD_FAILURE() << e.format();
    if (!r.ok()) return Scenario{};
    return *r.scenario;
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
