// cmd_scenarios.cpp — `list` and `validate`.
#include "commands.h"
#include "sim/scenario/scenario.h"

#include <cstdio>
#include <iostream>

namespace ioscope {

bool load_or_report(const std::string& path_or_id, Scenario& out) {
    std::string path = resolve_scenario(path_or_id);
    if (path.empty()) {
        std::cerr << path_or_id << ": error: no such scenario file or bundled id (try `ioscope-cli list`)\n";
        return false;
    }
    LoadResult r = load_scenario_file(path);
    for (const auto& e : r.errors) std::cerr << e.format() << "\n";
    if (!r.ok()) return false;
    out = *r.scenario;
    return true;
}

int cmd_list() {
    auto all = list_bundled_scenarios();
    for (const auto& s : all) std::printf("%-28s %s\n", s.id.c_str(), s.title.c_str());
    return 0;
}

int cmd_validate(const std::string& file) {
    Scenario sc;
    if (!load_or_report(file, sc)) return 2;
    std::printf("%s: ok (%s)\n", file.c_str(), sc.id.c_str());
    return 0;
}

} // namespace ioscope
