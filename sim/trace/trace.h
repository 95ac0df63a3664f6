// trace.h — the Trace: what the simulator, live mode and the strace importer produce, and what
// the GUI, exports and metrics read. Append-only while recording; immutable afterwards.
#pragma once
#include "huge_page_allocator.h"
#include "record.h"
#include "string_table.h"

#include <string>
#include <vector>

namespace ioscope {

struct TraceMeta {
    std::string scenario;          // scenario id ("blocking-echo") or a file name
    std::string title;             // English title
    std::string title_zh;
    std::string source { "sim" };  // "sim", "live", "strace"
    uint64_t seed { 0 };
    uint32_t cpus { 1 };
    uint32_t hz { 250 };
    int64_t end_ns { 0 };          // end of the recorded interval (>= last record time)
    bool operator==(const TraceMeta&) const = default;
};

class Trace {
public:
    TraceMeta meta;
    StringTable strings;
    // Huge-page backed when large (huge_page_allocator.h): big runs are page-fault bound otherwise.
    std::vector<Record, HugePageAllocator<Record>> records;

    uint32_t intern(std::string_view s) { return strings.intern(s); }
    std::string_view str(uint32_t id) const { return strings.get(id); }
    void push(const Record& r) { records.push_back(r); }
    size_t size() const { return records.size(); }
    int64_t end_ns() const { return records.empty() ? meta.end_ns : std::max(meta.end_ns, records.back().t); }

    // First record index with t >= ns (binary search; records are time-ordered).
    size_t lower_bound_time(int64_t ns) const;
};

} // namespace ioscope
