// python_random.h — a Mersenne Twister that draws exactly the numbers CPython's `random` module
// draws, so OSTEP's homework programs (written in Python) can be reproduced byte for byte.
//
// Contracts (checked against CPython 3.11 in tests/sim/test_process_run.cpp):
//  - seed(words): CPython's random.seed(n) for an int n (any size, any sign; version 1 and 2 are
//    the same for ints). CPython takes |n|, splits it into 32-bit words least significant first
//    (at least one word, so 0 → {0}) and feeds them to MT19937's init_by_array.
//  - random(): CPython's random.random(): two 32-bit outputs a, b; (a>>5 · 2^26 + b>>6) / 2^53,
//    a double in [0, 1) with 53 random bits.
//  - getrandbits(k): CPython's getrandbits for 0 <= k <= 64: 32-bit outputs fill the result from
//    the least significant word up, the last (most significant) word keeping its top bits.
//  - randbelow(n), randrange(a, b), randint(a, b): CPython 3's _randbelow_with_getrandbits
//    (rejection sampling on n.bit_length() bits), which randrange/randint are built on.
//
// Nothing else of `random` is provided; the std:: distributions are avoided on purpose because
// their output is not specified by the standard.
#pragma once
#include <array>
#include <cstdint>
#include <span>

namespace ioscope::ostep {

class PythonRandom {
public:
    explicit PythonRandom(int64_t seed = 0) { seed_int(seed); }

    // random.seed(n) for n whose magnitude |n| is `magnitude_words` (least significant first).
    void seed(std::span<const uint32_t> magnitude_words);
    void seed_int(int64_t n);

    uint32_t genrand_uint32();           // one raw MT19937 output
    double random();                     // random.random()
    uint64_t getrandbits(unsigned k);    // random.getrandbits(k), k <= 64
    uint64_t randbelow(uint64_t n);      // random._randbelow(n), n > 0
    int64_t randrange(int64_t start, int64_t stop);   // random.randrange(start, stop), start < stop
    int64_t randint(int64_t a, int64_t b);            // random.randint(a, b), a <= b

private:
    static constexpr int N = 624;
    void init_genrand(uint32_t s);
    std::array<uint32_t, N> mt_{};
    int mti_ = N + 1;
};

} // namespace ioscope::ostep
