#include "rlimit.h"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <sys/resource.h>

namespace ioscope::live {

NofileLimit nofile_limit() {
    rlimit rl {};
    getrlimit(RLIMIT_NOFILE, &rl);
    auto conv = [](rlim_t v) { return v == RLIM_INFINITY ? long(1) << 30 : long(v); };
    return { conv(rl.rlim_cur), conv(rl.rlim_max) };
}

bool ensure_nofile(long needed, std::string* error) {
    rlimit rl {};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
        if (error) *error = std::string("RLIMIT_NOFILE: getrlimit failed: ") + std::strerror(errno);
        return false;
    }
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= rlim_t(needed)) return true;
    rlimit want = rl;
    want.rlim_cur = rlim_t(needed);
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < rlim_t(needed)) want.rlim_max = rlim_t(needed);  // needs CAP_SYS_RESOURCE
    if (setrlimit(RLIMIT_NOFILE, &want) == 0) return true;
    int e = errno;
    if (error) {
        *error = "RLIMIT_NOFILE: need " + std::to_string(needed) + " descriptors, soft limit " +
                 std::to_string(long(rl.rlim_cur)) + ", hard limit " +
                 (rl.rlim_max == RLIM_INFINITY ? std::string("unlimited") : std::to_string(long(rl.rlim_max))) +
                 "; raising it failed: " + std::strerror(e) +
                 (e == EPERM ? " (raising the hard limit needs CAP_SYS_RESOURCE; the kernel's fs.nr_open also caps it)" : "");
    }
    return false;
}

int count_open_fds() {
    DIR* d = opendir("/proc/self/fd");
    if (!d) return -1;
    int n = 0;
    while (dirent* e = readdir(d))
        if (e->d_name[0] != '.') ++n;
    closedir(d);
    return n - 1;                                   // the directory stream's own descriptor
}

} // namespace ioscope::live
