// stats_window.h — statistics of the A-B range (key C): system calls by name, context switches,
// CPU time by mode per CPU, wakeups and their latency, and the request-latency histogram.
// The numbers come from range_stats.h (GL-free, tested); this file only lays them out.
#pragma once
#include "document.h"
#include "range_stats.h"

namespace ioscope::gui {

class StatsWindow {
public:
    void reset() { have_ = false; doc_ = nullptr; }
    // t0 > t1 or equal: no range yet (the window explains how to make one).
    void draw(const Document& doc, bool has_range, int64_t t0, int64_t t1, bool& open);

private:
    const Document* doc_ { nullptr };
    bool have_ { false };
    RangeStats st_;
};

// Bars of a power-of-two histogram with "512 ns" style bucket labels (also used by the plots).
void draw_log2_histogram(const Log2Histogram& h, float height);

} // namespace ioscope::gui
