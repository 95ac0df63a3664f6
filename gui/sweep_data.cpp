// sweep_data.cpp — see the header.
#include "sweep_data.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace ioscope::gui {

void add_sweep_point(SweepData& d, const std::string& mechanism, int active, int fds, double ns) {
    auto it = std::find_if(d.series.begin(), d.series.end(),
                           [&](const SweepSeries& s) { return s.mechanism == mechanism && s.active == active; });
    if (it == d.series.end()) { d.series.push_back({ mechanism, active, {} }); it = d.series.end() - 1; }
    auto pos = std::lower_bound(it->points.begin(), it->points.end(), std::make_pair(fds, ns));
    it->points.insert(pos, { fds, ns });
    const bool first = d.min_fds == 0 && d.max_fds == 0;
    d.min_ns = first ? ns : std::min(d.min_ns, ns);
    d.max_ns = first ? ns : std::max(d.max_ns, ns);
    d.min_fds = first ? fds : std::min(d.min_fds, fds);
    d.max_fds = first ? fds : std::max(d.max_fds, fds);
}

namespace {

std::string where(const std::string& text, const std::string& file, size_t byte) {
    size_t line = 1, col = 1;
    for (size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') { ++line; col = 1; } else ++col;
    }
    return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

} // namespace

bool parse_sweep_json(const std::string& text, const std::string& file, SweepData& out, std::string& error) {
    out = SweepData {};
    out.source = file;
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte is 1-based: the position just after the offending character.
        error = where(text, file, e.byte ? e.byte - 1 : 0) + ": error: not valid JSON (" + std::string(e.what()) + ")";
        return false;
    }
    const std::string at = file + ":1:1: error: ";
    if (!j.is_object() || !j.contains("results") || !j["results"].is_array()) {
        error = at + "not the output of `ioscope-cli sweep --json` (no \"results\" array)";
        return false;
    }
    size_t k = 0;
    for (const auto& r : j["results"]) {
        ++k;
        try {
            if (r.contains("supported") && !r["supported"].get<bool>()) continue;
            const std::string mech = r.at("mechanism").get<std::string>();
            const int fds = r.at("fds").get<int>();
            const int active = r.at("active").get<int>();
            const double ns = r.at("ns_per_call").at("median").get<double>();
            if (fds <= 0 || ns < 0) throw std::out_of_range("fds must be positive and ns non-negative");
            add_sweep_point(out, mech, active, fds, ns);
        } catch (const std::exception& e) {
            error = at + "results[" + std::to_string(k - 1) + "]: " + e.what();
            return false;
        }
    }
    if (out.series.empty()) { error = at + "no supported results"; return false; }
    return true;
}

bool read_sweep_file(const std::string& path, SweepData& out, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) { error = path + ": error: cannot open"; return false; }
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_sweep_json(ss.str(), path, out, error);
}

} // namespace ioscope::gui
