// cmd_scenarios.cpp — `list` and `validate`.
#include "commands.h"
#include "sim/scenario/scenario.h"

#include <cstdio>
#include <iostream>

namespace ioscope {

bool load_or_report(const std::string& path_or_id, Scenario& out) {
    LoadResult r = load_scenario_ref(path_or_id);
    for (const auto& e : r.errors) std::cerr << e.format() << "\n";
    if (!r.ok()) return false;
    out = *r.scenario;
    return true;
}

int cmd_list() {
    auto all = list_bundled_scenarios();
    for (const auto& s : all) {
        std::printf("%-28s %s\n", s.id.c_str(), s.title.c_str());
        // Variants are runnable as ID@VARIANT; list them so nobody has to open the file to know.
        LoadResult r = load_scenario_file(s.path);
        if (r.ok())
            for (const auto& v : r.scenario->variants)
                std::printf("  %-26s %s\n", (s.id + "@" + v.id).c_str(), v.title.en.c_str());
    }
    return 0;
}

int cmd_validate(const std::string& file) {
    Scenario sc;
    if (!load_or_report(file, sc)) return 2;
    // Validating a file validates every variant in it: a variant is only checked when applied.
    bool ok = true;
    if (sc.variant.empty())
        for (const auto& v : sc.variants) {
            LoadResult r = load_scenario_file(sc.path, v.id);
            for (const auto& e : r.errors) std::cerr << e.format() << " (in variant '" << v.id << "')\n";
            ok = ok && r.ok();
        }
    if (!ok) return 2;
    std::printf("%s: ok (%s", file.c_str(), sc.id.c_str());
    if (!sc.variant.empty()) std::printf("@%s", sc.variant.c_str());
    else if (!sc.variants.empty()) std::printf(", %zu variants", sc.variants.size());
    std::printf(")\n");
    return 0;
}

} // namespace ioscope
