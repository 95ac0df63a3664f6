#include "string_table.h"

namespace ioscope {

uint32_t StringTable::intern(std::string_view s) {
    auto it = index_.find(s);
    if (it != index_.end()) return it->second;
    uint32_t id = uint32_t(strings_.size());
    strings_.emplace_back(s);
    index_.emplace(std::string_view(strings_.back()), id);
    return id;
}

uint32_t StringTable::find(std::string_view s) const {
    auto it = index_.find(s);
    return it == index_.end() ? UINT32_MAX : it->second;
}

size_t StringTable::bytes() const {
    size_t n = 0;
    for (auto& s : strings_) n += s.size() + sizeof(std::string) + 32;
    return n;
}

} // namespace ioscope
