#include "recorder.h"

#include "clock.h"

#include <algorithm>

namespace ioscope::live {

thread_local Record Recording::scratch_;

namespace {
const char* const kNames[] = {
    "socket", "setsockopt", "bind", "listen", "getsockname", "accept4", "recvfrom", "sendto", "shutdown", "close",
    "pselect6", "poll", "epoll_create1", "epoll_ctl", "epoll_wait", "eventfd2", "read",
    "Accepting", "Reading", "Writing", "Selecting", "Polling", "epoll_wait",
    "request", "response", "listen socket 127.0.0.1", "socket", "eventpoll", "stop eventfd",
};
static_assert(sizeof(kNames) / sizeof(kNames[0]) == size_t(Nm::Count_));
} // namespace

Recording::Recording(bool enabled, size_t max_records_per_thread)
    : enabled_(enabled), cap_(std::max<size_t>(max_records_per_thread, 1)), t0_(mono_ns()) {
    for (const char* n : kNames) names_.push_back(trace_.intern(n));
    meta.source = "live";
}

uint32_t Recording::intern(const std::string& s) {
    std::lock_guard<std::mutex> g(mu_);
    return trace_.intern(s);
}

ThreadBuffer* Recording::attach(uint32_t tid) {
    auto b = std::make_unique<ThreadBuffer>();
    b->tid = tid;
    b->chunks.reserve(64);
    if (enabled_) {
        b->chunks.emplace_back(new Record[kChunk]);        // preallocated before the first call
    }
    std::lock_guard<std::mutex> g(mu_);
    buffers_.push_back(std::move(b));
    return buffers_.back().get();
}

uint64_t Recording::dropped() const {
    std::lock_guard<std::mutex> g(mu_);
    uint64_t d = 0;
    for (auto& b : buffers_) d += b->dropped;
    return d;
}

std::vector<ThreadStats> Recording::thread_stats() const {
    std::lock_guard<std::mutex> g(mu_);
    std::vector<ThreadStats> v;
    for (auto& b : buffers_) v.push_back(b->stats);
    return v;
}

size_t Recording::records() const {
    std::lock_guard<std::mutex> g(mu_);
    size_t n = 0;
    for (auto& b : buffers_) n += b->total;
    return n;
}

Trace Recording::merge(int64_t end_abs) {
    std::lock_guard<std::mutex> g(mu_);
    Trace out;
    out.strings = trace_.strings;
    out.meta = meta;
    size_t n = 0;
    for (auto& b : buffers_) n += b->total;
    out.records.reserve(n);
    for (auto& b : buffers_) {
        for (size_t c = 0; c < b->chunks.size(); ++c) {
            size_t used = c + 1 == b->chunks.size() ? b->used_in_last : kChunk;
            for (size_t i = 0; i < used; ++i) {
                Record r = b->chunks[c][i];
                r.t -= t0_;
                out.records.push_back(r);
            }
        }
    }
    // Each thread's records are already in time order; a stable sort keeps thread order on ties
    // and emission order within a thread.
    std::stable_sort(out.records.begin(), out.records.end(), [](const Record& x, const Record& y) { return x.t < y.t; });
    out.meta.end_ns = std::max<int64_t>(end_abs - t0_, out.records.empty() ? 0 : out.records.back().t);
    return out;
}

} // namespace ioscope::live
