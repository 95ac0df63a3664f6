// sim_time.h — integer-nanosecond simulated time.
//
// Contract: simulated time is an int64 count of nanoseconds since the start of the run. There is
// no floating-point time anywhere in sim/ (docs/ARCHITECTURE.md §2): runs must be bit-for-bit
// reproducible, and a double cannot hold nanoseconds past ~104 days without losing precision.
#pragma once
#include <cstdint>
#include <compare>
#include <string>

namespace ioscope {

// One type for both instants and durations: the simulator never needs the distinction badly
// enough to pay for two types, and every value prints the same way.
struct SimTime {
    int64_t ns { 0 };

    constexpr SimTime() = default;
    constexpr explicit SimTime(int64_t v) : ns(v) {}

    constexpr auto operator<=>(const SimTime&) const = default;
    constexpr SimTime operator+(SimTime o) const { return SimTime(ns + o.ns); }
    constexpr SimTime operator-(SimTime o) const { return SimTime(ns - o.ns); }
    constexpr SimTime& operator+=(SimTime o) { ns += o.ns; return *this; }
    constexpr SimTime& operator-=(SimTime o) { ns -= o.ns; return *this; }
    constexpr SimTime operator*(int64_t k) const { return SimTime(ns * k); }
    constexpr SimTime operator/(int64_t k) const { return SimTime(ns / k); }

    static constexpr SimTime max() { return SimTime(INT64_MAX); }
};

namespace literals {
constexpr SimTime operator""_ns(unsigned long long v) { return SimTime(int64_t(v)); }
constexpr SimTime operator""_us(unsigned long long v) { return SimTime(int64_t(v) * 1000); }
constexpr SimTime operator""_ms(unsigned long long v) { return SimTime(int64_t(v) * 1000000); }
constexpr SimTime operator""_s(unsigned long long v) { return SimTime(int64_t(v) * 1000000000); }
} // namespace literals

// "12.345 µs"-style text for humans (CLI, narration). Exact: integer arithmetic only.
std::string format_duration(SimTime t);

// Parse "250us", "4ms", "1.5ms", "10 s", "100ns" or a bare integer (nanoseconds).
// Returns false on anything else; never throws.
bool parse_duration(const std::string& text, SimTime& out);

} // namespace ioscope
