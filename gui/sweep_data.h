// sweep_data.h — the sweep chart's data: cost per call vs number of watched fds, per mechanism.
// Read from `ioscope-cli sweep --json` output (nlohmann-json; errors as FILE:LINE:COL) or built
// from the simulated sweep run in-process by the app. GL-free (tests/gui/sweep_data_test.cpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ioscope::gui {

struct SweepSeries {
    std::string mechanism;                // "select", "poll", "epoll-lt", ...
    int active { 0 };                     // ready fds per call
    std::vector<std::pair<int, double>> points;   // (fds, median ns per call), by fds
};

struct SweepData {
    std::string source;                   // file name or "simulated"
    std::vector<SweepSeries> series;
    double min_ns { 0 }, max_ns { 0 };
    int min_fds { 0 }, max_fds { 0 };
};

// Parses the JSON text of `ioscope-cli sweep --json`. On error: false, and `error` is
// "FILE:LINE:COL: error: message".
bool parse_sweep_json(const std::string& text, const std::string& file, SweepData& out, std::string& error);
bool read_sweep_file(const std::string& path, SweepData& out, std::string& error);
// Adds one measured point (keeps series sorted; updates the bounds).
void add_sweep_point(SweepData& d, const std::string& mechanism, int active, int fds, double ns);

} // namespace ioscope::gui
