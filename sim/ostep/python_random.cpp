// python_random.cpp — MT19937 (Matsumoto & Nishimura's reference algorithm, as CPython's
// _randommodule.c uses it) plus CPython's derivations. See python_random.h for the contracts.
#include "python_random.h"

#include <bit>
#include <stdexcept>

namespace ioscope::ostep {

namespace {
constexpr int M = 397;
constexpr uint32_t MATRIX_A = 0x9908b0dfU;
constexpr uint32_t UPPER_MASK = 0x80000000U;
constexpr uint32_t LOWER_MASK = 0x7fffffffU;
} // namespace

void PythonRandom::init_genrand(uint32_t s) {
    mt_[0] = s;
    for (int i = 1; i < N; ++i) mt_[i] = 1812433253U * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + uint32_t(i);
    mti_ = N;
}

void PythonRandom::seed(std::span<const uint32_t> words) {
    // CPython uses only the significant words of |n|, and always at least one.
    size_t key_len = words.size();
    while (key_len > 0 && words[key_len - 1] == 0) --key_len;
    const uint32_t zero = 0;
    const uint32_t* key = key_len ? words.data() : &zero;
    if (key_len == 0) key_len = 1;

    // init_by_array, verbatim from the reference implementation.
    init_genrand(19650218U);
    int i = 1;
    size_t j = 0;
    for (size_t k = (size_t(N) > key_len ? size_t(N) : key_len); k; --k) {
        mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1664525U)) + key[j] + uint32_t(j);
        ++i;
        ++j;
        if (i >= N) { mt_[0] = mt_[N - 1]; i = 1; }
        if (j >= key_len) j = 0;
    }
    for (int k = N - 1; k; --k) {
        mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1566083941U)) - uint32_t(i);
        ++i;
        if (i >= N) { mt_[0] = mt_[N - 1]; i = 1; }
    }
    mt_[0] = 0x80000000U;   // MSB is 1, assuring a non-zero initial array
    mti_ = N;
}

void PythonRandom::seed_int(int64_t n) {
    // |INT64_MIN| does not fit in int64_t; the unsigned negation handles it.
    uint64_t mag = n < 0 ? 0 - uint64_t(n) : uint64_t(n);
    const uint32_t words[2] = {uint32_t(mag), uint32_t(mag >> 32)};
    seed(words);
}

uint32_t PythonRandom::genrand_uint32() {
    static constexpr uint32_t mag01[2] = {0U, MATRIX_A};
    if (mti_ >= N) {
        if (mti_ == N + 1) init_genrand(5489U);   // never seeded (cannot happen via the ctor)
        int kk = 0;
        for (; kk < N - M; ++kk) {
            uint32_t y = (mt_[kk] & UPPER_MASK) | (mt_[kk + 1] & LOWER_MASK);
            mt_[kk] = mt_[kk + M] ^ (y >> 1) ^ mag01[y & 1U];
        }
        for (; kk < N - 1; ++kk) {
            uint32_t y = (mt_[kk] & UPPER_MASK) | (mt_[kk + 1] & LOWER_MASK);
            mt_[kk] = mt_[kk + (M - N)] ^ (y >> 1) ^ mag01[y & 1U];
        }
        uint32_t y = (mt_[N - 1] & UPPER_MASK) | (mt_[0] & LOWER_MASK);
        mt_[N - 1] = mt_[M - 1] ^ (y >> 1) ^ mag01[y & 1U];
        mti_ = 0;
    }
    uint32_t y = mt_[mti_++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= (y >> 18);
    return y;
}

double PythonRandom::random() {
    // CPython's random_random: 27 + 26 bits. The arithmetic is exact in a double, so the
    // result is the same on every IEEE-754 machine.
    uint32_t a = genrand_uint32() >> 5;
    uint32_t b = genrand_uint32() >> 6;
    return (double(a) * 67108864.0 + double(b)) * (1.0 / 9007199254740992.0);
}

uint64_t PythonRandom::getrandbits(unsigned k) {
    if (k > 64) throw std::invalid_argument("getrandbits: k > 64 not supported");
    if (k == 0) return 0;
    if (k <= 32) return genrand_uint32() >> (32 - k);
    // Two words, least significant first; the second keeps its top k-32 bits.
    uint64_t lo = genrand_uint32();
    uint64_t hi = genrand_uint32() >> (64 - k);
    return lo | (hi << 32);
}

uint64_t PythonRandom::randbelow(uint64_t n) {
    if (n == 0) throw std::invalid_argument("randbelow: n must be > 0");
    unsigned k = unsigned(std::bit_width(n));   // n.bit_length(), not (n-1)'s: CPython's choice
    uint64_t r = getrandbits(k);
    while (r >= n) r = getrandbits(k);
    return r;
}

int64_t PythonRandom::randrange(int64_t start, int64_t stop) {
    if (start >= stop) throw std::invalid_argument("randrange: empty range");
    uint64_t width = uint64_t(stop) - uint64_t(start);
    return int64_t(uint64_t(start) + randbelow(width));
}

int64_t PythonRandom::randint(int64_t a, int64_t b) {
    if (a > b) throw std::invalid_argument("randint: empty range");
    // randrange(a, b + 1), written so that b == INT64_MAX does not overflow.
    uint64_t width = uint64_t(b) - uint64_t(a) + 1;
    if (width == 0) throw std::invalid_argument("randint: range wider than 2^64 - 1");
    return int64_t(uint64_t(a) + randbelow(width));
}

} // namespace ioscope::ostep
