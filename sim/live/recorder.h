// recorder.h — recording a live run into an ioscope Trace without locks on the hot path.
//
// Contract:
//  * Recording owns the Trace being built (meta, string table) and one ThreadBuffer per recorded
//    thread. Every name a thread will use is interned before it starts (Recording's constructor
//    interns the fixed vocabulary in `Nm`; `intern()` is for thread names and takes a mutex —
//    it runs at thread creation, never per call).
//  * A ThreadBuffer is written only by its own thread: records go into fixed-size chunks that
//    are allocated up front (one) and then, rarely, one more when a chunk fills (malloc's thread
//    cache, no shared lock). A per-thread cap bounds memory; records past it are counted as
//    dropped, never silently lost (the summary reports `records_dropped`).
//  * Times are absolute CLOCK_MONOTONIC ns while recording; merge() rebases them on the run
//    start, and merges every thread's records by time (each buffer is already time-ordered;
//    ties keep thread order, then emission order).
//  * merge() must only be called after every recorded thread has been joined.
#pragma once
#include "sim/trace/trace.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ioscope::live {

// The fixed vocabulary: real syscall names as the kernel knows them (glibc's select() enters
// the kernel as pselect6, recv() as recvfrom, send() as sendto), wait reasons and labels.
enum class Nm : uint8_t {
    socket, setsockopt, bind, listen, getsockname, accept4, recvfrom, sendto, shutdown, close,
    pselect6, poll, epoll_create1, epoll_ctl, epoll_wait, eventfd2, read,
    // wait reasons (the simulator's spelling)
    Accepting, Reading, Writing, Selecting, Polling, EpollWaiting,
    // markers and objects
    request, response, listen_socket, socket_obj, eventpoll, stop_eventfd,
    Count_
};

// Per-thread counters, written by the thread itself, read after it has been joined.
struct ThreadStats {
    uint32_t tid { 0 };
    std::string comm;
    uint64_t calls[size_t(Nm::Count_)] {};        // per syscall name
    uint64_t eagain { 0 }, eintr { 0 }, other_errors { 0 };
    uint64_t blocked { 0 };                       // calls during which the thread slept (nvcsw grew)
    uint64_t nvcsw { 0 }, nivcsw { 0 };           // getrusage(RUSAGE_THREAD), over the thread's life
    int64_t user_ns { 0 }, sys_ns { 0 };          // ru_utime / ru_stime
    uint64_t wait_calls { 0 }, ready_reported { 0 };  // select/poll/epoll_wait calls and their results
};

struct ThreadBuffer {
    ThreadStats stats;
    uint32_t tid { 0 };
    std::vector<std::unique_ptr<Record[]>> chunks;
    size_t used_in_last { 0 };
    size_t total { 0 };
    uint64_t dropped { 0 };
};

class Recording {
public:
    static constexpr size_t kChunk = 16384;                 // records per chunk (768 KiB)

    // enabled = false: every hook is a no-op (the "recording off" arm of `bench live`).
    Recording(bool enabled, size_t max_records_per_thread);

    bool enabled() const { return enabled_; }
    int64_t t0() const { return t0_; }
    uint32_t name(Nm n) const { return names_[size_t(n)]; }
    uint32_t intern(const std::string& s);                  // locks; not for the hot path
    uint32_t new_object_id() { return next_obj_.fetch_add(1, std::memory_order_relaxed); }

    // Registers the calling thread's buffer (locks; call once at thread start).
    ThreadBuffer* attach(uint32_t tid);

    // Appends one record to `b` (owned by the calling thread). Returns a scratch record when the
    // cap is reached, so callers can always fill the result.
    Record& emit(ThreadBuffer* b, Kind k, int64_t t_abs) {
        if (b->used_in_last == kChunk || b->chunks.empty()) {
            if (b->total >= cap_) {
                b->dropped++;
                scratch_ = Record {};
                return scratch_;
            }
            b->chunks.emplace_back(new Record[kChunk]);
            b->used_in_last = 0;
        }
        Record& r = b->chunks.back()[b->used_in_last++];
        b->total++;
        r = Record {};
        r.kind = k;
        r.t = t_abs;
        return r;
    }

    // Builds the trace: all buffers merged by time, times relative to t0. Call once, after join.
    Trace merge(int64_t end_abs);
    uint64_t dropped() const;
    size_t records() const;
    std::vector<ThreadStats> thread_stats() const;     // after join

    TraceMeta meta;

private:
    bool enabled_;
    size_t cap_;
    int64_t t0_;
    std::vector<uint32_t> names_;
    std::atomic<uint32_t> next_obj_ { 1 };
    mutable std::mutex mu_;
    Trace trace_;
    std::vector<std::unique_ptr<ThreadBuffer>> buffers_;
    static thread_local Record scratch_;
};

} // namespace ioscope::live
