#!/usr/bin/env bash
# test.sh [PRESET] — set up, build and run the whole test suite (ctest prints the summary).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
bash scripts/build.sh "$preset"
ctest --preset "$preset" -j2
