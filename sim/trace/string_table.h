// string_table.h — interned strings for trace records. Id 0 is always "".
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ioscope {

class StringTable {
public:
    StringTable() { intern(""); }
    uint32_t intern(std::string_view s);
    std::string_view get(uint32_t id) const { return id < strings_.size() ? std::string_view(strings_[id]) : std::string_view(); }
    size_t size() const { return strings_.size(); }
    size_t bytes() const;                       // approximate memory held, for bytes/record
    // Lookup without inserting; returns UINT32_MAX when absent.
    uint32_t find(std::string_view s) const;

private:
    std::deque<std::string> strings_;           // deque: views into it stay valid as it grows
    std::unordered_map<std::string_view, uint32_t> index_;
};

} // namespace ioscope
