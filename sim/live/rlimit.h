// rlimit.h — RLIMIT_NOFILE for live runs. A run that needs more descriptors than the soft limit
// raises it (up to the hard limit, or beyond it when privileged — like `ulimit -n`); when that is
// impossible the caller gets a message saying what was needed and what the limits are, instead of
// failing later with EMFILE in the middle of a measurement.
#pragma once
#include <string>

namespace ioscope::live {

struct NofileLimit {
    long soft { 0 }, hard { 0 };
};

NofileLimit nofile_limit();

// Makes at least `needed` descriptors available to this process (soft limit >= needed).
// Returns false and fills *error ("RLIMIT_NOFILE: need 20064 descriptors, ...") when it cannot.
bool ensure_nofile(long needed, std::string* error);

// Number of descriptors open in this process right now (entries of /proc/self/fd, minus the one
// used to list it). Used by the leak checks.
int count_open_fds();

} // namespace ioscope::live
