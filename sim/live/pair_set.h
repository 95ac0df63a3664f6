// pair_set.h — N connected AF_UNIX stream socket pairs for the live sweep: read ends
// (non-blocking) in this process; write ends either here or in a forked writer process that
// holds them and writes one byte to the ones it is told to. The writer process is what lets one
// process watch N ≈ hard RLIMIT_NOFILE read ends (COSTS.md: 9,900 pairs fit in one process under
// a 20,000 limit, 19,700 with the write ends elsewhere).
//
// Layout: in one process the write ends are moved above all read ends as they are created, so the
// read ends are the N lowest free descriptors (max ~ N + the descriptors already open), so select's
// hand-sized bitmap (live_sweep.h) is ~N bits, not ~2N. With a writer process, read ends interleave with at
// most one batch (200) of write ends not yet passed on.
//
// The writer process inherits the opening thread's CPU mask (fork); pin_writer() sets it
// explicitly (live_sweep.h pins it to the measuring CPU).
//
// Contract: open() either succeeds with every pair connected, or fails with *error set and
// nothing left open. The destructor closes every descriptor and reaps the writer process.
#pragma once
#include <string>
#include <sys/types.h>
#include <vector>

namespace ioscope::live {

class PairSet {
public:
    PairSet() = default;
    PairSet(const PairSet&) = delete;
    PairSet& operator=(const PairSet&) = delete;
    ~PairSet() { close_all(); }

    // writer_process: put the write ends in a child process (fork) instead of this one.
    bool open(int n, bool writer_process, std::string* error);
    // Writes one byte to the write end of each pair idx[0..k). Returns false on any failure.
    bool poke(const int* idx, int k);
    void close_all();

    const std::vector<int>& read_ends() const { return rd_; }
    bool uses_writer_process() const { return pid_ > 0; }
    pid_t writer_pid() const { return pid_; }
    // Pins the writer process to one CPU (sched_setaffinity on its pid; the kernel migrates it
    // there at once). True when there is no writer process or the mask was set.
    bool pin_writer(int cpu);

private:
    std::vector<int> rd_, wr_;             // wr_ is empty with a writer process
    pid_t pid_ { -1 };
    int ctl_ { -1 };                       // SOCK_SEQPACKET to the writer process
};

} // namespace ioscope::live
