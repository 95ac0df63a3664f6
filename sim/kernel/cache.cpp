// cache.cpp — the working-set model (cache.h): touches of tracked objects and their miss charges.
#include "kernel.h"

#include <algorithm>

namespace ioscope {

namespace {
constexpr uint64_t kLineBytes = 64;       // x86-64 cache line
constexpr uint64_t kNever = UINT64_MAX;
} // namespace

int64_t cache_miss_ps_per_line(uint64_t d_bytes, int64_t capacity_bytes, int64_t miss_ns) {
    if (miss_ns <= 0) return 0;
    if (d_bytes == kNever) return miss_ns * 1000;
    uint64_t cap = uint64_t(capacity_bytes < 0 ? 0 : capacity_bytes);
    if (d_bytes <= cap) return 0;
    // miss fraction 1 - cap / d, times the miss cost, in integer picoseconds
    return int64_t((unsigned __int128)(d_bytes - cap) * uint64_t(miss_ns) * 1000u / d_bytes);
}

// Each CPU's pending system calls advance its own L2 clock (and the shared LLC clock): a writer
// task's calls on another CPU do not age this CPU's lines. `cpu` is the CPU that looks.
void Kernel::cache_account_syscalls(uint8_t cpu) {
    const uint64_t per_call = uint64_t(std::max<int64_t>(0, cost_.syscall_footprint_lines));
    size_t n = std::max(cache_.syscalls_pending.size(), size_t(cpu) + 1);
    if (cache_.l2_clock.size() < n) cache_.l2_clock.resize(n, 0);
    for (size_t i = 0; i < cache_.syscalls_pending.size(); ++i) {
        uint64_t lines = cache_.syscalls_pending[i] * per_call;
        cache_.syscalls_pending[i] = 0;
        cache_.l2_clock[i] += lines;
        cache_.llc_clock += lines;
    }
}

int64_t Kernel::cache_touch(uint8_t cpu, uint32_t obj, int64_t lines, bool install) {
    if (lines <= 0) return 0;
    if (cache_.l2_clock.size() <= cpu) cache_.l2_clock.resize(size_t(cpu) + 1, 0);
    uint64_t& l2 = cache_.l2_clock[cpu];
    auto [it, fresh] = cache_.last.try_emplace(obj);
    CacheStamp& st = it->second;
    int64_t ps = 0;
    if (!install) {
        uint64_t d2 = fresh || st.cpu != cpu ? kNever : (l2 - st.l2) * kLineBytes;
        uint64_t d3 = fresh ? kNever : (cache_.llc_clock - st.llc) * kLineBytes;
        ps = lines * (cache_miss_ps_per_line(d2, cost_.cache_l2_bytes, cost_.cache_l2_miss_ns) +
                      cache_miss_ps_per_line(d3, cost_.cache_llc_bytes, cost_.cache_llc_miss_ns));
    }
    l2 += uint64_t(lines);
    cache_.llc_clock += uint64_t(lines);
    st = CacheStamp { l2, cache_.llc_clock, cpu };
    cache_.carry_ps += ps;
    int64_t ns = cache_.carry_ps / 1000;
    cache_.carry_ps -= ns * 1000;
    metrics_.cache_lines_touched += uint64_t(lines);
    metrics_.cache_miss_ns += uint64_t(ns);
    return ns;
}

Kernel::StepAwaiter Kernel::step_touch(Task& t, uint32_t name, int64_t cost, CacheTouch a, CacheTouch b) {
    Cpu& c = cpus_[t.cpu];
    int64_t miss = 0, lines = 0;
    for (const CacheTouch& x : {a, b}) {
        if (x.lines <= 0) continue;
        miss += cache_touch(c.id, x.obj, x.lines);
        lines += x.lines;
    }
    int64_t total = cost + miss;
    if (total > 0) {
        Record& r = emit(Kind::KernelStep, c.id, t.tid);
        r.name = name;
        r.a = total;
        r.b = miss;                                   // the part of a spent waiting for missed lines
        r.c = uint32_t(lines);                        // tracked cache lines the step read
    }
    return StepAwaiter { *this, c, total };
}

} // namespace ioscope
