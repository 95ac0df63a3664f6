// plots_window.h — metrics and plots (key P): counters over time (run-queue length, epoll
// ready-list length, wait-queue entries, receive-buffer fill) over the visible part of the
// timeline, the request-latency histogram of the whole trace, and the sweep chart (cost per
// call vs number of fds per mechanism, log-log) from a `sweep --json` file or a simulated sweep
// run in-process. Data come from counters.h / range_stats.h / sweep_data.h (GL-free, tested).
#pragma once
#include "counters.h"
#include "document.h"
#include "range_stats.h"
#include "sweep_data.h"
#include "timeline_math.h"

#include <optional>
#include <string>

namespace ioscope::gui {

class PlotsWindow {
public:
    void reset() { counters_.reset(); whole_.reset(); doc_ = nullptr; }
    void draw(const Document& doc, TimeView view, int64_t playhead_ns, bool& open);
    // Loads `ioscope-cli sweep --json` output; errors (FILE:LINE:COL) are shown in the window
    // and returned (false). A chart already loaded stays on a failed load.
    bool open_sweep(const std::string& path);
    const std::string& sweep_error() const { return sweep_error_; }
    void show_sweep_tab() { tab_ = 2; select_tab_ = true; }
    void run_simulated_sweep();
    const SweepData* sweep() const { return sweep_ ? &*sweep_ : nullptr; }
    void next_tab() { tab_ = (tab_ + 1) % 3; select_tab_ = true; }   // the '.' key
    int tab() const { return tab_; }      // 0 counters, 1 latency histogram, 2 sweep chart

private:
    void draw_counters(const Document& doc, TimeView view, int64_t playhead_ns);
    void draw_sweep();

    const Document* doc_ { nullptr };
    std::optional<Counters> counters_;
    std::optional<RangeStats> whole_;
    std::optional<SweepData> sweep_;
    std::string sweep_error_;
    char sweep_path_[512] {};
    int tab_ { 0 };
    bool select_tab_ { false };
};

} // namespace ioscope::gui
