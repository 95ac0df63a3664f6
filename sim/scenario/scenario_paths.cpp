// scenario_paths.cpp — where bundled scenarios live, and turning "blocking-echo" into a path.
//
// Resolution order: $IOSCOPE_SCENARIOS (tests, installs, a teacher's own folder), then the
// compile-time IOSCOPE_SCENARIO_DIR (the source tree's scenarios/), then ./scenarios. A bundled
// scenario's id is its file stem: scenarios/blocking-echo.toml is "blocking-echo".
#include "scenario.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace ioscope {

namespace fs = std::filesystem;

std::string scenario_dir() {
    if (const char* env = std::getenv("IOSCOPE_SCENARIOS"); env && *env) return env;
#ifdef IOSCOPE_SCENARIO_DIR
    return IOSCOPE_SCENARIO_DIR;
#else
    return "scenarios";
#endif
}

std::vector<BundledScenario> list_bundled_scenarios() {
    std::vector<BundledScenario> out;
    std::error_code ec;
    fs::directory_iterator it(scenario_dir(), ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const fs::path& p = it->path();
        std::error_code ec2;
        if (p.extension() != ".toml" || !fs::is_regular_file(p, ec2)) continue;
        BundledScenario b;
        b.id = p.stem().string();
        b.path = p.string();
        // Listing must not hide a broken file: it appears, flagged, so `validate` gets run on it.
        LoadResult r = load_scenario_file(b.path);
        b.title = r.ok() ? r.scenario->title.en : "(invalid scenario file: run `ioscope-cli validate " + b.path + "`)";
        out.push_back(std::move(b));
    }
    std::sort(out.begin(), out.end(), [](const BundledScenario& a, const BundledScenario& b) { return a.id < b.id; });
    return out;
}

std::string resolve_scenario(const std::string& path_or_id) {
    if (path_or_id.empty()) return {};
    std::error_code ec;
    // An existing file wins, so ./blocking-echo.toml beats the bundled one of the same name.
    if (fs::is_regular_file(path_or_id, ec)) return path_or_id;
    // Otherwise a bare id ("blocking-echo", or "blocking-echo.toml"); never a path with folders,
    // which would let "../x" escape the scenario directory and hide a typo in a real path.
    if (path_or_id.find('/') != std::string::npos) return {};
    fs::path p = fs::path(scenario_dir()) / path_or_id;
    if (p.extension() != ".toml") p += ".toml";
    if (fs::is_regular_file(p, ec)) return p.string();
    return {};
}

LoadResult load_scenario_ref(const std::string& ref) {
    // "ID@VARIANT": the part after the last '@' names a [[variant]] if what precedes it resolves;
    // a file whose own name contains '@' still loads as itself.
    std::string base = ref, variant;
    if (auto at = ref.rfind('@'); at != std::string::npos && resolve_scenario(ref).empty() &&
                                  !resolve_scenario(ref.substr(0, at)).empty()) {
        base = ref.substr(0, at);
        variant = ref.substr(at + 1);
    }
    std::string path = resolve_scenario(base);
    if (path.empty()) {
        LoadResult r;
        r.errors.push_back({ SourcePos { ref, 0, 0 }, "no such scenario file or bundled id (try `ioscope-cli list`)" });
        return r;
    }
    return load_scenario_file(path, variant);
}

} // namespace ioscope
