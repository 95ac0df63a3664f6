#include "rng.h"

#include <cmath>

namespace ioscope {

uint64_t hash_name(std::string_view name) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : name) { h ^= c; h *= 1099511628211ull; }
    return h;
}

static uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

RngStream::RngStream(uint64_t seed, std::string_view name) {
    uint64_t x = seed ^ hash_name(name);
    for (auto& s : s_) s = splitmix64(x);
}

uint64_t RngStream::next_u64() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0]; s_[3] ^= s_[1]; s_[1] ^= s_[2]; s_[0] ^= s_[3];
    s_[2] ^= t; s_[3] = rotl(s_[3], 45);
    return result;
}

uint64_t RngStream::uniform(uint64_t lo, uint64_t hi) {
    if (hi <= lo) return lo;
    uint64_t range = hi - lo + 1;
    if (range == 0) return next_u64();                           // full 64-bit range
    uint64_t limit = UINT64_MAX - UINT64_MAX % range;            // rejection: no modulo bias
    uint64_t v;
    do { v = next_u64(); } while (v >= limit);
    return lo + v % range;
}

SimTime RngStream::exponential(SimTime mean) {
    double u = double(next_u64() >> 11) * 0x1.0p-53;            // [0,1)
    double v = -std::log1p(-u) * double(mean.ns);
    if (v > 9.0e18) v = 9.0e18;
    return SimTime(int64_t(std::llround(v)));
}

} // namespace ioscope
