#include "cost_profile.h"

#include <fstream>
#include <sstream>
#if __has_include(<toml++/toml.hpp>)
#include <toml++/toml.hpp>
#else
#include <toml++/toml.h>          // Debian's toml++ 3.3.0 ships only this name
#endif

namespace ioscope::compare {

namespace {

std::string at(const std::string& path, const toml::source_region& s, const std::string& msg) {
    return path + ":" + std::to_string(s.begin.line) + ":" + std::to_string(s.begin.column) + ": " + msg;
}

bool apply(const std::string& path, const toml::table& root, CostModel& model, std::string* error) {
    const toml::table* machine = root.get_as<toml::table>("machine");
    const toml::table* costs = machine ? machine->get_as<toml::table>("costs") : nullptr;
    if (!costs) {
        *error = path + ":1:1: no [machine.costs] table (a cost profile is what `sweep --live --calibrate` writes)";
        return false;
    }
    CostModel m = model;
    for (const auto& [key, node] : *costs) {
        const CostModel::Field* field = nullptr;
        for (const auto& f : CostModel::fields()) if (f.key == key.str()) field = &f;
        if (!field) {
            *error = at(path, key.source(), "unknown cost '" + std::string(key.str()) + "' in [machine.costs]");
            return false;
        }
        std::optional<int64_t> v = node.value<int64_t>();
        if (!node.is_integer() || !v || *v < 0) {
            *error = at(path, node.source(), "machine.costs." + std::string(key.str()) + " must be a non-negative integer");
            return false;
        }
        m.*(field->member) = *v;
    }
    model = m;
    return true;
}

} // namespace

bool load_cost_profile(const std::string& path, CostModel& model, std::string* error) {
    std::ifstream in(path);
    if (!in) {
        *error = path + ": cannot open the cost profile";
        return false;
    }
    std::stringstream ss;
    ss << in.rdbuf();
#if TOML_EXCEPTIONS
    try {
        toml::table root = toml::parse(ss.str(), path);
        return apply(path, root, model, error);
    } catch (const toml::parse_error& e) {
        *error = at(path, e.source(), "not a TOML cost profile: " + std::string(e.description()));
        return false;
    }
#else
    toml::parse_result parsed = toml::parse(ss.str(), path);
    if (!parsed) {
        *error = at(path, parsed.error().source(), "not a TOML cost profile: " + std::string(parsed.error().description()));
        return false;
    }
    return apply(path, parsed.table(), model, error);
#endif
}

} // namespace ioscope::compare
