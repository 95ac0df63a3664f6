// importer.cpp — the two passes (reader.cpp, builder.cpp) behind import_strace().
#include "events.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace ioscope::strace {

ImportResult import_strace(std::istream& in, const ImportOptions& opts) {
    ImportResult res;
    Warnings warn { res.warnings };
    std::vector<Event> events;
    if (!read_events(in, opts, events, res.stats, res.errors, warn)) return res;
    res.trace = build_trace(events, opts, res.stats, warn);
    if (res.stats.missing_durations > 0)
        warn.add(opts.name + ": warning: " + std::to_string(res.stats.missing_durations) +
                 " calls have no -T duration: they are imported as instants (capture with strace -T)");
    if (res.stats.unresolved_events > 0)
        warn.add(opts.name + ": warning: " + std::to_string(res.stats.unresolved_events) +
                 " epoll events carry data that no epoll_ctl in the log registered: their fds are unknown");
    if (warn.dropped > 0)
        res.warnings.push_back(opts.name + ": warning: " + std::to_string(warn.dropped) + " more warnings not shown");
    return res;
}

ImportResult import_strace_file(const std::string& path, ImportOptions opts) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        ImportResult res;
        res.errors.push_back(path + ": error: cannot open: " + std::strerror(errno));
        return res;
    }
    opts.name = path;
    return import_strace(in, opts);
}

} // namespace ioscope::strace
