// variants.h — [[variant]] tables: one scenario file, several runs of the same load.
//
// Contract: read_variants() lists and checks every [[variant]] of a parsed file (id, title, and
// only keys a variant may override). apply_variant() then MOVES the chosen variant's values into
// the tree (moving keeps toml++'s source positions, copying would lose them), so the ordinary
// loader validates the result and every error still points at the line that caused it.
// Internal to sim/scenario (drags in toml++).
#pragma once
#include "toml_reader.h"

namespace ioscope::scenario_detail {

// Fills sc.variants; errors go to `r`. A file without [[variant]] is fine.
void read_variants(TomlReader& r, const toml::table& root, Scenario& sc);

// Applies variant `id` (non-empty) to `root`. Returns false (after reporting) if the file has no
// such variant or the variant names a process the file does not have.
bool apply_variant(TomlReader& r, toml::table& root, const Scenario& sc, const std::string& id);

} // namespace ioscope::scenario_detail
