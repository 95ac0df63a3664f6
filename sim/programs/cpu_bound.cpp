// cpu_bound.cpp — a task that only computes. It never blocks, so it leaves the CPU only when the
// clock interrupt finds its slice used up (or a woken task preempts it).
#include "programs.h"

namespace ioscope {

KCo<void> cpu_bound(Sys& sys, Options o) {
    int64_t left = o["work"];
    while (left > 0) {
        int64_t chunk = std::min(left, o["chunk"]);
        co_await sys.compute(SimTime(chunk), "compute loop");
        left -= chunk;
    }
}

} // namespace ioscope
