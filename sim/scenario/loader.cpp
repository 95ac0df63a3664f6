// loader.cpp — scenario TOML -> validated Scenario (schema: scenarios/README.md).
//
// Contract (scenario.h): either a fully validated Scenario or a non-empty list of errors, each at
// FILE:LINE:COL. Never throws, never crashes. The walk below does not stop at the first problem:
// each section is validated independently so a teacher sees every mistake from one `validate`.
//
// [SECTION] Limits
// [SECTION] Sections: meta, machine, processes, clients, narration
// [SECTION] Cross-checks
// [SECTION] Entry points
#include "ostep_section.h"
#include "scenario.h"
#include "toml_reader.h"
#include "variants.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

namespace ioscope {

std::string ScenarioError::format() const {
    // A file-level problem (cannot open it) has no line; don't print a fake "0:0".
    if (pos.line == 0) return pos.file + ": error: " + message;
    return pos.file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.col) + ": error: " + message;
}

namespace {

using namespace scenario_detail;

//-----------------------------------------------------------------------------------------------
// [SECTION] Limits
//-----------------------------------------------------------------------------------------------
// Generous bounds: they exist to catch typos (an extra three zeros) and to keep a mistyped file
// from asking the simulator for a billion processes, not to restrict real teaching scenarios.
constexpr SimTime kMaxSimTime { int64_t(3600) * 1000000000 };   // one simulated hour
constexpr int64_t kMaxProcesses = 4096;                         // after expanding `count`
constexpr int64_t kMaxClients = 100000;
constexpr int64_t kMaxRequests = 1000000;
constexpr int64_t kMaxMessageBytes = int64_t(64) << 20;         // 64 MiB per request/response
constexpr int64_t kMaxCostPsPerByte = 1000000000;               // 1 ms per byte
constexpr size_t kMaxFileBytes = size_t(4) << 20;               // scenarios are small text files
constexpr size_t kMaxErrors = 100;
const std::vector<int64_t> kAllowedHz = { 100, 250, 300, 1000 }; // the kernel's CONFIG_HZ choices

std::vector<std::string> model_names() {
    std::vector<std::string> names;
    for (const auto& m : program_models()) names.push_back(m.name);
    return names;
}

// Position for "missing key" errors: the table that should have held it. The root table has no
// header, so it gets 1:1 (the top of the file, where top-level keys belong).
SourcePos table_pos(TomlReader& r, const toml::table& t) {
    SourcePos p = r.pos(t);
    if (p.line == 0) { p.line = 1; p.col = 1; }
    return p;
}

// An array of tables ([[process]], [[narration]]). A single [process] table is the commonest
// slip, so it gets its own hint.
const toml::array* table_array(TomlReader& r, const toml::node& n, std::string_view key) {
    if (const toml::array* a = n.as_array()) {
        bool ok = true;
        for (const toml::node& e : *a)
            if (!e.is_table()) {
                r.error(e, std::string(key) + " entries must be tables (got " + std::string(type_phrase(e.type())) +
                               "); write [[" + std::string(key) + "]] sections");
                ok = false;
            }
        return ok ? a : nullptr;
    }
    std::string msg = std::string(key) + " must be an array of tables";
    if (n.is_table()) msg += ": write [[" + std::string(key) + "]] (two brackets), not [" + std::string(key) + "]";
    else msg += " (got " + std::string(type_phrase(n.type())) + ")";
    r.error(n, std::move(msg));
    return nullptr;
}

//-----------------------------------------------------------------------------------------------
// [SECTION] Sections: meta, machine, processes, clients, narration
//-----------------------------------------------------------------------------------------------

void load_top(TomlReader& r, const toml::table& root, Scenario& sc) {
    r.check_keys(root, { "id", "seed", "duration", "meta", "machine", "process", "clients", "narration", "variant",
                         "ostep" },
                 "the top level");
    if (const toml::node* n = root.get("id")) {
        if (r.read_string(*n, "id", sc.id)) {
            bool ok = !sc.id.empty() && sc.id.size() <= 64;
            for (char c : sc.id)
                ok = ok && (std::islower((unsigned char)c) || std::isdigit((unsigned char)c) || c == '-' || c == '_');
            if (!ok)
                r.error(*n, "id " + in_quotes(sc.id) + " must be 1..64 characters of a-z, 0-9, '-' or '_' "
                                                     "(it names the scenario on the command line)");
        }
    } else {
        r.error(table_pos(r, root), "missing required key 'id' (e.g. id = \"blocking-echo\")");
    }
    if (const toml::node* n = root.get("seed")) {
        int64_t seed = 0;
        if (r.read_int(*n, "seed", 0, INT64_MAX, seed)) sc.seed = uint64_t(seed);
    }
    if (const toml::node* n = root.get("duration"))
        r.read_duration(*n, "duration", SimTime(1), kMaxSimTime, sc.duration);
}

void load_meta(TomlReader& r, const toml::table& root, Scenario& sc) {
    const toml::node* n = root.get("meta");
    if (!n) {
        r.error(table_pos(r, root), "missing required table [meta] with title = { en = \"...\", zh = \"...\" }");
        return;
    }
    const toml::table* meta = r.as_table(*n, "meta");
    if (!meta) return;
    r.check_keys(*meta, { "title", "explanation", "look_at" }, "[meta]");
    if (const toml::node* t = meta->get("title")) r.read_text(*t, "meta.title", sc.title);
    else r.error(table_pos(r, *meta), "missing required key 'title' in [meta] (title = { en = \"...\", zh = \"...\" })");
    if (const toml::node* t = meta->get("explanation")) r.read_text(*t, "meta.explanation", sc.explanation);
    if (const toml::node* t = meta->get("look_at")) r.read_text(*t, "meta.look_at", sc.look_at);
}

void load_costs(TomlReader& r, const toml::table& costs, CostModel& model) {
    std::vector<std::string> names;
    for (const auto& f : CostModel::fields()) names.emplace_back(f.key);
    r.check_keys(costs, names, "[machine.costs]");
    for (const auto& f : CostModel::fields()) {
        const toml::node* n = costs.get(f.key);
        if (!n) continue;
        std::string what = "machine.costs." + std::string(f.key);
        // A zero slice would reschedule forever; every other step may be modelled as free.
        int64_t min = f.key == "sched_base_slice_ns" ? 1 : 0;
        if (f.key.ends_with("_ns")) {
            SimTime t;
            if (r.read_duration(*n, what, SimTime(min), kMaxSimTime, t)) model.*f.member = t.ns;
        } else {
            int64_t v = 0;
            if (r.read_int(*n, what, min, kMaxCostPsPerByte, v)) model.*f.member = v;
        }
    }
}

void load_machine(TomlReader& r, const toml::table& root, Scenario& sc) {
    const toml::node* n = root.get("machine");
    if (!n) return;
    const toml::table* m = r.as_table(*n, "machine");
    if (!m) return;
    r.check_keys(*m, { "cpus", "hz", "costs" }, "[machine]");
    int64_t v = 0;
    if (const toml::node* c = m->get("cpus"))
        if (r.read_int(*c, "machine.cpus", 1, 64, v)) sc.machine.cpus = uint32_t(v);
    if (const toml::node* h = m->get("hz")) {
        if (r.read_int(*h, "machine.hz", INT64_MIN, INT64_MAX, v)) {
            if (std::find(kAllowedHz.begin(), kAllowedHz.end(), v) == kAllowedHz.end())
                r.error(*h, "machine.hz must be one of 100, 250, 300, 1000 (Linux's CONFIG_HZ choices; got " +
                                std::to_string(v) + ")");
            else sc.machine.hz = uint32_t(v);
        }
    }
    if (const toml::node* c = m->get("costs"))
        if (const toml::table* t = r.as_table(*c, "machine.costs")) load_costs(r, *t, sc.machine.costs);
}

void load_options(TomlReader& r, const toml::node& n, const ModelSchema& schema, ProcessSpec& p) {
    // Defaults first: the runner may rely on every schema key being present.
    for (const auto& o : schema.options) p.options[o.key] = o.def;
    const toml::table* t = r.as_table(n, "process.options");
    if (!t) return;
    std::vector<std::string> keys;
    for (const auto& o : schema.options) keys.push_back(o.key);
    r.check_keys(*t, keys, "[process.options] of model " + in_quotes(schema.name));
    for (const auto& o : schema.options) {
        const toml::node* v = t->get(o.key);
        if (!v) continue;
        std::string what = "option " + in_quotes(o.key) + " of " + schema.name;
        int64_t x = 0;
        bool ok = false;
        switch (o.type) {
        case OptType::Count: ok = r.read_int(*v, what, o.min, o.max, x); break;
        case OptType::Bytes: ok = r.read_bytes(*v, what, o.min, o.max, x); break;
        case OptType::Duration: {
            SimTime d;
            ok = r.read_duration(*v, what, SimTime(o.min), SimTime(o.max), d);
            x = d.ns;
            break;
        }
        case OptType::Bool: {
            bool b = false;
            ok = r.read_bool(*v, what, b);
            x = b ? 1 : 0;
            break;
        }
        case OptType::Choice: ok = r.read_choice(*v, what, o.choices, x); break;
        }
        if (ok) p.options[o.key] = x;
    }
}

void load_processes(TomlReader& r, const toml::table& root, Scenario& sc) {
    const toml::node* n = root.get("process");
    if (!n) {
        // An [ostep] scenario runs process-run's model instead of programs (ostep_section.cpp).
        if (!sc.ostep.present)
            r.error(table_pos(r, root), "no [[process]] defined: a scenario needs at least one program to run "
                                        "(or an [ostep] table)");
        return;
    }
    if (sc.ostep.present) {
        r.error(*n, "a scenario has either [[process]] programs or an [ostep] table, not both");
        return;
    }
    const toml::array* arr = table_array(r, *n, "process");
    if (!arr) return;
    if (arr->empty()) r.error(*n, "process is empty: a scenario needs at least one program to run");

    std::map<std::string, uint32_t> first_line;     // base and expanded names -> line of definition
    int64_t total = 0;
    for (const toml::node& e : *arr) {
        const toml::table& t = *e.as_table();
        r.check_keys(t, { "name", "model", "start", "count", "nofile", "options" }, "[[process]]");
        ProcessSpec p;
        p.pos = table_pos(r, t);

        const ModelSchema* schema = nullptr;
        if (const toml::node* m = t.get("model")) {
            if (r.read_string(*m, "process.model", p.model)) {
                schema = find_model(p.model);
                if (!schema) {
                    std::string msg = "unknown model " + in_quotes(p.model);
                    std::string near = closest_match(p.model, model_names());
                    if (!near.empty()) msg += "; did you mean " + in_quotes(near) + "?";
                    msg += " (valid models: " + join_words(model_names()) + ")";
                    r.error(*m, std::move(msg));
                }
            }
        } else {
            r.error(p.pos, "missing required key 'model' in [[process]] (valid models: " + join_words(model_names()) + ")");
        }

        const toml::node* name_node = t.get("name");
        if (name_node) {
            if (r.read_string(*name_node, "process.name", p.name)) {
                bool ok = !p.name.empty() && p.name.size() <= 64;
                for (unsigned char c : p.name) ok = ok && c > ' ' && c != 0x7f;
                if (!ok) r.error(*name_node, "process.name " + in_quotes(p.name) +
                                                 " must be 1..64 characters without spaces or control characters");
            }
        } else {
            p.name = p.model;                       // a lone server needs no name of its own
        }

        int64_t count = 1;
        if (const toml::node* c = t.get("count"))
            if (r.read_int(*c, "process.count", 1, kMaxProcesses, count)) p.count = uint32_t(count);
        if (const toml::node* s = t.get("start")) r.read_duration(*s, "process.start", SimTime(0), kMaxSimTime, p.start);
        // fs.nr_open's default (1048576) bounds RLIMIT_NOFILE; 4 covers stdin/out/err + one socket.
        if (const toml::node* nf = t.get("nofile")) r.read_int(*nf, "process.nofile", 4, 1048576, p.nofile);

        if (const toml::node* o = t.get("options")) {
            if (schema) load_options(r, *o, *schema, p);
        } else if (schema) {
            for (const auto& opt : schema->options) p.options[opt.key] = opt.def;
        }

        // Duplicate names make the process table and the trace ambiguous. The runner names copies
        // name-1, name-2, ... (sim/app/run.cpp), so those expanded names must be unique too.
        if (!p.name.empty()) {
            std::vector<std::string> names;
            if (p.count == 1) names.push_back(p.name);
            else for (uint32_t i = 1; i <= p.count; ++i) names.push_back(p.name + "-" + std::to_string(i));
            if (p.count != 1) names.push_back(p.name);        // the group name itself must not clash either
            SourcePos at = name_node ? r.pos(*name_node) : p.pos;
            for (const auto& nm : names) {
                auto [it, fresh] = first_line.emplace(nm, at.line);
                if (!fresh) {
                    r.error(at, "duplicate process name " + in_quotes(nm) + " (already used by the [[process]] at line " +
                                    std::to_string(it->second) + "); give each process its own name");
                    break;
                }
            }
        }
        total += p.count;
        sc.processes.push_back(std::move(p));
    }
    if (total > kMaxProcesses)
        r.error(*n, "too many processes: " + std::to_string(total) + " after expanding count (at most " +
                        std::to_string(kMaxProcesses) + ")");
}

void load_clients(TomlReader& r, const toml::table& root, Scenario& sc) {
    const toml::node* n = root.get("clients");
    if (!n) return;
    const toml::table* t = r.as_table(*n, "clients");
    if (!t) return;
    ClientSpec& c = sc.clients;
    c.present = true;
    c.pos = table_pos(r, *t);
    r.check_keys(*t, { "count", "placement", "arrival", "start", "connect_interval", "requests", "request_bytes",
                       "response_bytes", "think", "port", "active" }, "[clients]");
    int64_t v = 0;
    if (const toml::node* x = t->get("count"))
        if (r.read_int(*x, "clients.count", 1, kMaxClients, v)) c.count = uint32_t(v);
    if (const toml::node* x = t->get("placement"))
        if (r.read_choice(*x, "clients.placement", { "remote", "local" }, v)) c.placement = Placement(v);
    if (const toml::node* x = t->get("arrival"))
        if (r.read_choice(*x, "clients.arrival", { "fixed", "uniform", "exponential" }, v)) c.arrival = Arrival(v);
    if (const toml::node* x = t->get("start")) r.read_duration(*x, "clients.start", SimTime(0), kMaxSimTime, c.start);
    if (const toml::node* x = t->get("connect_interval"))
        r.read_duration(*x, "clients.connect_interval", SimTime(0), kMaxSimTime, c.connect_interval);
    if (const toml::node* x = t->get("requests"))
        // 0 is allowed: connections that stay open and idle (the C10K scenarios need them).
        if (r.read_int(*x, "clients.requests", 0, kMaxRequests, v)) c.requests = uint32_t(v);
    if (const toml::node* x = t->get("active")) {
        // C10K: thousands of connections of which only a few ever send anything.
        if (r.read_int(*x, "clients.active", 0, kMaxClients, v)) {
            if (v > int64_t(c.count)) r.error(*x, "clients.active (" + std::to_string(v) + ") cannot exceed clients.count (" +
                                                      std::to_string(c.count) + ")");
            else c.active = uint32_t(v);
        }
    }
    if (const toml::node* x = t->get("request_bytes"))
        r.read_bytes(*x, "clients.request_bytes", 1, kMaxMessageBytes, c.request_bytes);
    if (const toml::node* x = t->get("response_bytes"))
        r.read_bytes(*x, "clients.response_bytes", 0, kMaxMessageBytes, c.response_bytes);
    if (const toml::node* x = t->get("think")) r.read_duration(*x, "clients.think", SimTime(0), kMaxSimTime, c.think);
    if (const toml::node* x = t->get("port")) r.read_int(*x, "clients.port", 1, 65535, c.port);
}

void load_narration(TomlReader& r, const toml::table& root, Scenario& sc) {
    const toml::node* n = root.get("narration");
    if (!n) return;
    const toml::array* arr = table_array(r, *n, "narration");
    if (!arr) return;
    for (const toml::node& e : *arr) {
        const toml::table& t = *e.as_table();
        r.check_keys(t, { "at", "en", "zh" }, "[[narration]]");
        NarrationNote note;
        note.pos = table_pos(r, t);
        if (const toml::node* at = t.get("at")) {
            // A note after the scenario's end would silently never show.
            r.read_duration(*at, "narration.at", SimTime(0), sc.duration, note.at);
        } else {
            r.error(note.pos, "missing required key 'at' in [[narration]] (e.g. at = \"1ms\")");
        }
        if (const toml::node* en = t.get("en")) r.read_string(*en, "narration.en", note.text.en);
        else r.error(note.pos, "missing required key 'en' in [[narration]] (the English text)");
        if (const toml::node* zh = t.get("zh")) r.read_string(*zh, "narration.zh", note.text.zh);
        sc.narration.push_back(std::move(note));
    }
    std::stable_sort(sc.narration.begin(), sc.narration.end(),
                     [](const NarrationNote& a, const NarrationNote& b) { return a.at < b.at; });
}

//-----------------------------------------------------------------------------------------------
// [SECTION] Cross-checks
//-----------------------------------------------------------------------------------------------

// Clients must have a listener: a port typo would otherwise give a run in which every connect is
// refused and nothing interesting happens, with no hint why.
void check_client_port(TomlReader& r, const toml::table& root, const Scenario& sc) {
    if (!sc.clients.present) return;
    // An unknown model has no options to compare against; that error was already reported.
    for (const auto& p : sc.processes)
        if (!find_model(p.model)) return;
    std::vector<std::string> ports;
    for (const auto& p : sc.processes) {
        auto it = p.options.find("port");
        if (it == p.options.end()) continue;
        if (it->second == sc.clients.port) return;
        ports.push_back(std::to_string(it->second) + " (" + p.name + ")");
    }
    if (sc.processes.empty()) return;                       // already reported
    SourcePos at = sc.clients.pos;
    if (const toml::table* t = root.get_as<toml::table>("clients"))
        if (const toml::node* port = t->get("port")) at = r.pos(*port);
    std::string msg = "clients connect to port " + std::to_string(sc.clients.port) + " but no process listens there";
    msg += ports.empty() ? std::string(" (no process has a 'port' option)") : "; listening: " + join_words(ports);
    r.error(at, std::move(msg));
}

// Local clients are processes named client-1, client-2, ... (sim/programs/workload.cpp); a
// [[process]] with one of those names would make two tasks indistinguishable in the trace.
void check_local_client_names(TomlReader& r, const Scenario& sc) {
    if (!sc.clients.present || sc.clients.placement != Placement::Local) return;
    for (const auto& p : sc.processes) {
        for (uint32_t i = 1; i <= std::max<uint32_t>(p.count, 1); ++i) {
            std::string nm = p.count > 1 ? p.name + "-" + std::to_string(i) : p.name;
            if (nm.rfind("client-", 0) != 0) continue;
            const std::string num = nm.substr(7);
            if (num.empty() || num.size() > 9 || !std::all_of(num.begin(), num.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) continue;
            uint64_t k = std::stoull(num);
            if (k >= 1 && k <= sc.clients.count) {
                r.error(p.pos, "process name " + in_quotes(nm) + " clashes with a local client (local clients are "
                               "named client-1 .. client-" + std::to_string(sc.clients.count) + ")");
                return;
            }
        }
    }
}

// process-run has no network and one CPU: clients would have no server, a second CPU no use.
void check_ostep(TomlReader& r, const toml::table& root, const Scenario& sc) {
    if (!sc.ostep.present) return;
    if (sc.clients.present)
        r.error(sc.clients.pos, "[clients] needs a server program; an [ostep] scenario runs process-run's model, which "
                                "has no network (remove [clients])");
    if (sc.machine.cpus != 1) {
        SourcePos at = sc.ostep.pos;
        if (const toml::table* m = root.get_as<toml::table>("machine"))
            if (const toml::node* c = m->get("cpus")) at = r.pos(*c);
        r.error(at, "process-run models one CPU; an [ostep] scenario needs machine.cpus = 1 (got " +
                        std::to_string(sc.machine.cpus) + ")");
    }
}

LoadResult finish(TomlReader& r, Scenario&& sc) {
    LoadResult res;
    auto& errs = r.errors();
    std::stable_sort(errs.begin(), errs.end(), [](const ScenarioError& a, const ScenarioError& b) {
        return std::tie(a.pos.line, a.pos.col) < std::tie(b.pos.line, b.pos.col);
    });
    if (errs.size() > kMaxErrors) {
        size_t dropped = errs.size() - kMaxErrors;
        errs.resize(kMaxErrors);
        errs.push_back({ SourcePos { r.file(), 0, 0 }, std::to_string(dropped) + " more errors not shown" });
    }
    res.errors = std::move(errs);
    if (res.errors.empty()) res.scenario = std::move(sc);
    return res;
}

LoadResult load_parsed(toml::table& root, const std::string& path, const std::string& variant) {
    TomlReader r(path);
    Scenario sc;
    sc.path = path;
    read_variants(r, root, sc);
    if (!variant.empty()) {
        // A broken [[variant]] list or an unknown id: report that alone (validating the base file
        // as if the variant had been applied would only add confusing errors).
        if (!r.errors().empty() || !apply_variant(r, root, sc, variant)) return finish(r, std::move(sc));
        sc.variant = variant;
    }
    load_top(r, root, sc);                  // before narration: `duration` bounds narration.at
    load_meta(r, root, sc);
    load_machine(r, root, sc);
    load_ostep(r, root, sc);                // before processes: [ostep] replaces them
    load_processes(r, root, sc);
    load_clients(r, root, sc);
    load_narration(r, root, sc);
    check_client_port(r, root, sc);
    check_local_client_names(r, sc);
    check_ostep(r, root, sc);
    return finish(r, std::move(sc));
}

LoadResult single_error(const std::string& file, uint32_t line, uint32_t col, std::string msg) {
    LoadResult res;
    res.errors.push_back({ SourcePos { file, line, col }, std::move(msg) });
    return res;
}

} // namespace

//-----------------------------------------------------------------------------------------------
// [SECTION] Entry points
//-----------------------------------------------------------------------------------------------

LoadResult load_scenario_text(const std::string& text, const std::string& virtual_path, const std::string& variant) {
    try {
#if TOML_EXCEPTIONS
        toml::table root;
        try {
            root = toml::parse(text, virtual_path);
        } catch (const toml::parse_error& e) {
            return single_error(virtual_path, e.source().begin.line, e.source().begin.column,
                                std::string(e.description()));
        }
        return load_parsed(root, virtual_path, variant);
#else
        toml::parse_result parsed = toml::parse(text, virtual_path);
        if (!parsed) {
            const auto& e = parsed.error();
            return single_error(virtual_path, e.source().begin.line, e.source().begin.column,
                                std::string(e.description()));
        }
        return load_parsed(parsed.table(), virtual_path, variant);
#endif
    } catch (const std::exception& e) {
        return single_error(virtual_path, 0, 0, std::string("internal error while loading the scenario: ") + e.what());
    } catch (...) {
        return single_error(virtual_path, 0, 0, "internal error while loading the scenario");
    }
}

LoadResult load_scenario_file(const std::string& path, const std::string& variant) {
    try {
        namespace fs = std::filesystem;
        std::error_code ec;
        fs::file_status st = fs::status(path, ec);
        if (ec || !fs::exists(st)) return single_error(path, 0, 0, "no such file");
        if (fs::is_directory(st)) return single_error(path, 0, 0, "is a directory, not a scenario file");
        if (!fs::is_regular_file(st)) return single_error(path, 0, 0, "not a regular file");
        auto size = fs::file_size(path, ec);
        if (!ec && size > kMaxFileBytes)
            return single_error(path, 0, 0, "file is too large for a scenario (" + std::to_string(size) +
                                                " bytes; at most " + std::to_string(kMaxFileBytes) + ")");
        std::ifstream in(path, std::ios::binary);
        if (!in) return single_error(path, 0, 0, "cannot open the file for reading");
        std::ostringstream buf;
        buf << in.rdbuf();
        if (in.bad()) return single_error(path, 0, 0, "read error");
        return load_scenario_text(buf.str(), path, variant);
    } catch (const std::exception& e) {
        return single_error(path, 0, 0, std::string("cannot read the file: ") + e.what());
    } catch (...) {
        return single_error(path, 0, 0, "cannot read the file");
    }
}

} // namespace ioscope
