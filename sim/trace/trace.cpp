#include "trace.h"

#include <algorithm>

namespace ioscope {

size_t Trace::lower_bound_time(int64_t ns) const {
    auto it = std::lower_bound(records.begin(), records.end(), ns,
                               [](const Record& r, int64_t v) { return r.t < v; });
    return size_t(it - records.begin());
}

} // namespace ioscope
