// select_fd_setsize.cpp — where select's 1024 limit lives (KERNEL.md §1.5, myth 1). The program
// opens enough sockets that its newest descriptor is >= 1024 and puts it in an fd_set. glibc's
// fd_set is a 1024-bit (128-byte) type: with _FORTIFY_SOURCE, FD_SET goes through __fdelt_chk
// and the process is killed by SIGABRT; without it, FD_SET writes past the 128-byte object into
// whatever the compiler placed next to it. The kernel has no such limit: core_sys_select clamps
// nfds to the fd table size and copies FDS_BYTES(nfds) from the pointer it is given.
#include "programs.h"

#include <array>

namespace ioscope {

KCo<void> select_fd_setsize(Sys& sys, Options o) {
    int last = -1;
    for (int64_t i = 0; i < o["sockets"]; ++i) last = int(co_await sys.socket());
    sys.marker("the newest descriptor", MarkerType::Instant, last);
    // The program's stack frame: `fd_set readfds;` followed by another local variable.
    std::array<uint64_t, FdSet::kBits / 64 + 1> frame {};
    uint64_t& requests_served = frame.back();
    requests_served = 42;
    if (o["fortify"]) {
        // FD_SET(fd) -> __FD_ELT -> __fdelt_chk(fd): fd >= FD_SETSIZE -> __fortify_fail -> abort().
        co_await sys.compute(SimTime(20), "FD_SET -> __fdelt_chk");
        if (last >= FdSet::kBits)
            throw ProgramKilled(6 /* SIGABRT */, "*** bit out of range 0 - FD_SETSIZE on fd_set ***: terminated");
    }
    // Unchecked FD_SET: set bit `last` counting from the start of readfds.
    co_await sys.compute(SimTime(5), "FD_SET (unchecked)");
    size_t word = size_t(last) / 64;
    if (word < frame.size()) frame[word] |= uint64_t(1) << (last % 64);
    if (word >= FdSet::kBits / 64) {
        std::string what = word < frame.size()
            ? "FD_SET(" + std::to_string(last) + ") wrote past the 128-byte fd_set: 'requests_served' is now " +
                  std::to_string(requests_served) + " (was 42)"
            : "FD_SET(" + std::to_string(last) + ") wrote past the end of the stack frame";
        sys.marker(what.c_str());
    }
    frame[0] |= uint64_t(1) << 3;                      // FD_SET(3, &readfds)
    // select(last + 1, &readfds, ...): the kernel reads FDS_BYTES(nfds) from the pointer whatever
    // the type's size — the 128-byte fd_set and the bytes after it (here 'requests_served', which
    // the overflowing FD_SET turned into bit `last`), so it polls what those bits say. The user
    // region handed to the kernel is that FDS_BYTES(nfds) window of the stack frame (bytes past
    // the frame, which the simulation does not model, read as zero).
    FdSet user_region(last + 1);
    for (size_t i = 0; i < user_region.words.size() && i < frame.size(); ++i) user_region.words[i] = frame[i];
    int64_t ready = co_await sys.select(last + 1, &user_region, nullptr, nullptr, 0);
    // set_fd_set wrote FDS_BYTES(nfds) back: the neighbour now holds the result bits of its word.
    for (size_t i = 0; i < user_region.words.size() && i < frame.size(); ++i) frame[i] = user_region.words[i];
    if (ready >= 0 && word >= FdSet::kBits / 64 && word < frame.size())
        sys.marker(("select wrote its results back over 'requests_served': it is now " + std::to_string(requests_served)).c_str());
}

} // namespace ioscope
