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
    // The kernel reads FDS_BYTES(nfds) from the pointer regardless of the type's size; the first
    // 1024 bits of the buffer are what it sees of the fd_set here.
    FdSet readfds;                                     // glibc's type: 1024 bits
    for (size_t i = 0; i < readfds.words.size(); ++i) readfds.words[i] = frame[i];
    readfds.set(3);
    co_await sys.select(last + 1, &readfds, nullptr, nullptr, 0);
}

} // namespace ioscope
