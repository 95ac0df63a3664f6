#!/usr/bin/env bash
# run.sh [SCENARIO] — set up, build, and run ioscope on a scenario (default: blocking-echo).
# With a display: the GUI. Without one: a headless run that prints the summary and writes a
# Perfetto (Chrome JSON) trace.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh default
scenario="${1:-blocking-echo}"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/bin/ioscope "$scenario"
fi
mkdir -p out
trace="out/${scenario##*/}"; trace="${trace%.toml}.perfetto.json"
echo "No display found: running '$scenario' headless."
./build/bin/ioscope-cli run "$scenario" --trace "$trace" --format chrome
echo
echo "Perfetto trace: $(pwd)/$trace  (open it at https://ui.perfetto.dev)"
echo "GUI: run this script where a display is available, or: ./build/bin/ioscope $scenario"
