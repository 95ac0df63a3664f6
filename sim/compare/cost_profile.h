// cost_profile.h — read a cost profile: a TOML file whose [machine.costs] table overrides some of
// the cost model's per-step constants (the table `sweep --live --calibrate` and `compare --profile`
// write, and the same table a scenario file may carry). Used by `sweep --costs` and `compare` so a
// fitted model can be run again without editing a scenario.
#pragma once
#include "sim/kernel/cost_model.h"

#include <string>

namespace ioscope::compare {

// Starts from `model` and replaces the keys the file sets. On failure returns false and sets
// *error to "FILE:LINE:COL: message" (unknown key, not a non-negative integer, no [machine.costs],
// unreadable or not TOML); `model` is then left as it was.
bool load_cost_profile(const std::string& path, CostModel& model, std::string* error);

} // namespace ioscope::compare
