// scenario.h — a teacher-written scenario (TOML, see scenarios/README.md), loaded and validated.
//
// Contract: load_scenario() either returns a fully validated Scenario (every option known, typed
// and in range, every model name registered) or a non-empty list of errors, each pointing at
// FILE:LINE:COL. It never throws and never crashes on any input.
#pragma once
#include "../core/sim_time.h"
#include "../kernel/cost_model.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ioscope {

struct SourcePos {
    std::string file;
    uint32_t line { 0 }, col { 0 };
};

struct ScenarioError {
    SourcePos pos;
    std::string message;
    std::string format() const;           // "FILE:LINE:COL: error: message"
};

struct LocalizedText {
    std::string en, zh;
    const std::string& get(bool chinese) const { return chinese && !zh.empty() ? zh : en; }
};

// --- Model schemas: what a program model accepts. Programs register these (sim/programs). ----
enum class OptType : uint8_t { Count, Bytes, Duration, Bool, Choice };
struct OptionSpec {
    std::string key;
    OptType type { OptType::Count };
    int64_t def { 0 };                     // Duration in ns, Bool 0/1, Choice = index into choices
    int64_t min { 0 }, max { INT64_MAX };
    std::vector<std::string> choices;      // OptType::Choice
    std::string help;
};
struct ModelSchema {
    std::string name;                      // "blocking-echo-server"
    std::string help;
    std::vector<OptionSpec> options;
};
const std::vector<ModelSchema>& program_models();      // implemented in sim/programs
const ModelSchema* find_model(const std::string& name);

// Option values after validation: every key of the schema is present (defaults filled in).
using Options = std::map<std::string, int64_t>;

struct ProcessSpec {
    std::string name;                      // comm shown in the process table
    std::string model;
    SimTime start {};
    uint32_t count { 1 };                  // identical copies (name-0, name-1, ...)
    int64_t nofile { 1024 };               // RLIMIT_NOFILE soft limit it starts with (`ulimit -n`)
    Options options;
    SourcePos pos;
};

enum class Placement : uint8_t { Remote = 0, Local = 1 };
enum class Arrival : uint8_t { Fixed = 0, Uniform = 1, Exponential = 2 };

// The client workload: N clients connecting to `port`, each sending `requests` requests.
struct ClientSpec {
    bool present { false };
    uint32_t count { 1 };
    Placement placement { Placement::Remote };   // remote host over the NIC, or local processes
    Arrival arrival { Arrival::Fixed };          // inter-arrival distribution of connects
    SimTime start {};                            // first connect
    SimTime connect_interval {};                 // mean gap between connects
    uint32_t requests { 1 };                     // per connection; 0 = connect and stay idle
    uint32_t active { UINT32_MAX };              // how many clients send requests (spread evenly over
                                                 // the connects); the others stay idle. Max = all
    int64_t request_bytes { 64 };
    int64_t response_bytes { 64 };               // 0: fire-and-forget (no reply expected)
    SimTime think {};                            // between a response and the next request
    int64_t port { 7000 };
    SourcePos pos;
};

struct NarrationNote {
    SimTime at {};
    LocalizedText text;
    SourcePos pos;
};

struct MachineSpec {
    uint32_t cpus { 1 };
    uint32_t hz { 250 };
    CostModel costs;
};

// [ostep]: the run is OSTEP's process-run model (sim/ostep) instead of programs and clients.
// The keys are process-run.py's flags; the scenario's `seed` is its -s (scenarios/README.md §3).
struct OstepSpec {
    bool present { false };
    std::string process_list;              // -l "5:100,5:100" (X instructions, Y% of them cpu)
    std::string program;                   // -P "c3,i:c2" (used instead of process_list when set)
    bool switch_on_end { false };          // -S SWITCH_ON_END (default SWITCH_ON_IO)
    bool io_run_immediate { false };       // -I IO_RUN_IMMEDIATE (default IO_RUN_LATER)
    int64_t io_length { 5 };               // -L, in ticks
    SimTime tick { 1000000 };              // simulated time one process-run tick takes (1 ms)
    SourcePos pos;
};

// A named variation of the scenario ([[variant]] in the file): the same load with another server
// model or another size, so one file can compare select, poll and epoll (scenarios/README.md §6).
struct VariantInfo {
    std::string id;
    LocalizedText title;
    SourcePos pos;
};

struct Scenario {
    std::string id;
    std::string variant;                   // the [[variant]] applied ("" = the file as written)
    std::vector<VariantInfo> variants;     // every [[variant]] the file defines
    std::string path;                      // file it came from
    uint64_t seed { 1 };
    SimTime duration { 1000000000 };       // default --until (1 s)
    LocalizedText title, explanation, look_at;
    MachineSpec machine;
    std::vector<ProcessSpec> processes;
    ClientSpec clients;
    OstepSpec ostep;                       // present: an OSTEP process-run scenario (no programs)
    std::vector<NarrationNote> narration;
};

struct LoadResult {
    std::optional<Scenario> scenario;
    std::vector<ScenarioError> errors;
    bool ok() const { return scenario.has_value() && errors.empty(); }
};

// `variant` = "" loads the file as written; otherwise the [[variant]] with that id is applied
// first (an unknown id is an error listing the ids the file has).
LoadResult load_scenario_file(const std::string& path, const std::string& variant = "");
LoadResult load_scenario_text(const std::string& text, const std::string& virtual_path,
                              const std::string& variant = "");
// "ID", "ID@VARIANT", "PATH.toml" or "PATH.toml@VARIANT" (what the CLI and the GUI accept):
// resolved (resolve_scenario) and loaded. A reference that resolves to nothing is one error.
LoadResult load_scenario_ref(const std::string& ref);

// Bundled scenarios: directory resolution ($IOSCOPE_SCENARIOS, then the source tree's scenarios/).
std::string scenario_dir();
struct BundledScenario { std::string id, title, path; };
std::vector<BundledScenario> list_bundled_scenarios();     // sorted by id
// A path to an existing file, or the path of a bundled id; "" if neither.
std::string resolve_scenario(const std::string& path_or_id);

} // namespace ioscope
