// importer.h — `strace -f -ttt -T [-yy]` text -> an ioscope Trace (docs/STRACE.md).
//
// What the trace holds (record.h kinds):
//  * TaskNew per traced pid/tid at its first line (pid = thread group from clone flags, name =
//    comm at birth: inherited at clone, else the first name the log gives), TaskRename at an
//    execve / prctl(PR_SET_NAME) that changes it, TaskExit at "+++ exited" /
//    "+++ killed" (TaskCrash first when the signal dumps core), SignalDeliver at "--- SIG ---".
//  * SyscallEnter at the entry timestamp and SyscallExit at entry + -T, with the syscall's real
//    name (pselect6 stays pselect6), a/b/c in the simulator's conventions (fd, len, flags;
//    epoll_wait: epfd, maxevents, timeout_ms; select: nfds, timeout_ns; ...) and the result
//    (-errno on failure). Split calls (<unfinished ...> / <... resumed>) become one call.
//  * StateChange Waiting (reason "epoll_wait", "Selecting", "Polling", "Reading", "Accepting" ...)
//    while a call that can sleep was inside long enough to have slept (see ImportOptions), and
//    Running again at its exit with how the wait ended.
//  * ObjectNew + FdInstall / FdClose (+ ObjectFree at the last close) for the descriptors the
//    log shows being created, inherited over fork, duplicated, closed or (with -yy) used.
//  * FdPoll per ready descriptor a multiplexing call reported (epoll events resolved through
//    the data each epoll_ctl registered, so pointer-valued data works), the SyscallExit result
//    being the ready count.
// strace cannot see CPUs, run queues, wait queues or who woke whom: none of that is invented.
#pragma once
#include "sim/trace/trace.h"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace ioscope::strace {

struct ImportOptions {
    std::string name { "strace" };       // file name, for messages and the trace's metadata
    // Pid of lines without a "PID " / "[pid N]" prefix (single-process or -ff logs). 0 = take it
    // from a ".PID" file-name suffix (strace -ff -o base writes base.PID), else 1.
    uint32_t default_pid { 0 };
    // A call that can sleep counts as Waiting when it stayed inside at least this long (strace's
    // own overhead makes even trivial calls take ~10-50 us under ptrace).
    int64_t min_wait_ns { 200000 };
    // Bad lines are skipped with a warning instead of failing the import.
    bool keep_going { false };
    size_t max_errors { 20 };
};

struct ImportStats {
    uint64_t lines { 0 }, skipped_lines { 0 }, bad_lines { 0 };
    uint64_t calls { 0 }, joined { 0 }, orphan_resumed { 0 }, never_returned { 0 };
    uint64_t signals { 0 }, exits { 0 }, missing_durations { 0 };
    uint64_t waits { 0 }, ready_fds { 0 }, unresolved_events { 0 };
};

struct ImportResult {
    std::optional<Trace> trace;           // empty when errors stopped the import
    std::vector<std::string> errors;      // "FILE:LINE:COL: error: message"
    std::vector<std::string> warnings;    // "FILE:LINE: warning: message" (bounded)
    ImportStats stats;
};

ImportResult import_strace(std::istream& in, const ImportOptions& opts);
// Opens path (error "PATH: error: cannot open: ..." if it cannot) and names the trace after it.
ImportResult import_strace_file(const std::string& path, ImportOptions opts);

} // namespace ioscope::strace
