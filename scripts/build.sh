#!/usr/bin/env bash
# build.sh [PRESET] — set up, configure and build (presets: default, release, asan).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
preset="${1:-default}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
