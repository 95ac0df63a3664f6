// rng.h — named random streams derived from the scenario's single seed.
//
// Contract: a stream is identified by (seed, name). Adding a new stream elsewhere never changes
// the numbers an existing stream draws, so scenarios stay reproducible as the model grows
// (ns-3's RngSeedManager idea). Generator: SplitMix64 seeding xoshiro256**; no std::random_device,
// no wall clock, and no std:: distributions (their output differs between standard libraries).
#pragma once
#include "sim_time.h"

#include <cstdint>
#include <string_view>

namespace ioscope {

class RngStream {
public:
    RngStream(uint64_t seed, std::string_view name);
    uint64_t next_u64();
    uint64_t uniform(uint64_t lo, uint64_t hi);      // inclusive range, unbiased
    // Exponential with the given mean, in integer ns (inverse CDF on a 53-bit uniform; the only
    // floating point in sim/, and it never feeds back into time except as a rounded integer).
    SimTime exponential(SimTime mean);

private:
    uint64_t s_[4];
};

uint64_t hash_name(std::string_view name);           // FNV-1a 64, stable across platforms

} // namespace ioscope
