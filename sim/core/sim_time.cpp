#include "sim_time.h"

#include <cctype>
#include <cstdio>

namespace ioscope {

std::string format_duration(SimTime t) {
    int64_t v = t.ns;
    const char* sign = v < 0 ? "-" : "";
    uint64_t a = v < 0 ? uint64_t(-(v + 1)) + 1 : uint64_t(v);
    char buf[64];
    if (a < 1000) std::snprintf(buf, sizeof buf, "%s%llu ns", sign, (unsigned long long)a);
    else if (a < 1000000) std::snprintf(buf, sizeof buf, "%s%llu.%03llu us", sign, (unsigned long long)(a / 1000), (unsigned long long)(a % 1000));
    else if (a < 1000000000) std::snprintf(buf, sizeof buf, "%s%llu.%03llu ms", sign, (unsigned long long)(a / 1000000), (unsigned long long)(a % 1000000 / 1000));
    else std::snprintf(buf, sizeof buf, "%s%llu.%03llu s", sign, (unsigned long long)(a / 1000000000), (unsigned long long)(a % 1000000000 / 1000000));
    return buf;
}

bool parse_duration(const std::string& text, SimTime& out) {
    size_t i = 0, n = text.size();
    while (i < n && std::isspace((unsigned char)text[i])) ++i;
    // Integer part and an optional fraction of up to 9 digits, kept as integers.
    int64_t whole = 0; int64_t frac = 0; int frac_digits = 0; bool any = false;
    while (i < n && std::isdigit((unsigned char)text[i])) {
        if (whole > (INT64_MAX - 9) / 10) return false;
        whole = whole * 10 + (text[i++] - '0'); any = true;
    }
    if (i < n && text[i] == '.') {
        ++i;
        while (i < n && std::isdigit((unsigned char)text[i])) {
            if (frac_digits < 9) { frac = frac * 10 + (text[i] - '0'); ++frac_digits; }
            ++i; any = true;
        }
    }
    if (!any) return false;
    while (i < n && std::isspace((unsigned char)text[i])) ++i;
    std::string unit = text.substr(i);
    while (!unit.empty() && std::isspace((unsigned char)unit.back())) unit.pop_back();
    int64_t mult;
    if (unit.empty() || unit == "ns") mult = 1;
    else if (unit == "us" || unit == "\xC2\xB5s") mult = 1000;
    else if (unit == "ms") mult = 1000000;
    else if (unit == "s") mult = 1000000000;
    else return false;
    if (unit.empty() && frac_digits) return false;              // "1.5" without unit: ambiguous
    if (whole > INT64_MAX / mult) return false;
    int64_t v = whole * mult;
    int64_t fr = frac;
    for (int d = frac_digits; d < 9; ++d) fr *= 10;            // fr in 1e-9 units of the unit
    v += fr * mult / 1000000000;
    out = SimTime(v);
    return true;
}

} // namespace ioscope
