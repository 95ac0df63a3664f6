// ostep_section.h — the [ostep] table of a scenario: OSTEP process-run's flags (scenarios/README.md
// §3), checked here so a bad process list is reported at FILE:LINE:COL like every other mistake.
// Internal to sim/scenario (it needs toml++ through toml_reader.h).
#pragma once
#include "toml_reader.h"

namespace ioscope::scenario_detail {

// Reads root["ostep"] (if present) into sc.ostep and checks its values.
void load_ostep(TomlReader& r, const toml::table& root, Scenario& sc);

} // namespace ioscope::scenario_detail
