// clock.h — the one clock live mode reads: CLOCK_MONOTONIC in nanoseconds (vDSO, ~25 ns a call,
// COSTS.md §1). Never CLOCK_REALTIME: a live run must not jump when NTP steps the wall clock.
#pragma once
#include <cstdint>
#include <ctime>

namespace ioscope::live {

inline int64_t mono_ns() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

} // namespace ioscope::live
