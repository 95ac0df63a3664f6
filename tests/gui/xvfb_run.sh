#!/usr/bin/env bash
# xvfb_run.sh [--screen WxHxD] CMD ARGS... — run CMD under a private Xvfb and return CMD's exit code.
# Why not `xvfb-run -a`: it picks a display number by looking for free lock files before it
# starts the server, so two GUI tests started at the same moment under `ctest -j2` can pick the
# same number and one fails with "Xvfb failed to start". Here the server picks a free number
# itself and reports it on a descriptor (-displayfd), which is race-free.
set -u
screen=1280x800x24
if [ "${1:-}" = "--screen" ]; then screen=$2; shift 2; fi
[ $# -gt 0 ] || { echo "usage: xvfb_run.sh [--screen WxHxD] CMD [ARGS...]" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/ioscope-xvfb.XXXXXX") || exit 1
Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp 3>"$dir/display" 2>"$dir/xvfb.log" &
xpid=$!
# The number is written once the server accepts connections; give it up to 20 s (loaded CI).
for _ in $(seq 1 400); do
  [ "$(wc -l <"$dir/display")" -ge 1 ] && break
  kill -0 "$xpid" 2>/dev/null || break
  sleep 0.05
done
if [ "$(wc -l <"$dir/display")" -lt 1 ]; then
  echo "xvfb_run.sh: Xvfb did not start; its log:" >&2
  cat "$dir/xvfb.log" >&2
  kill "$xpid" 2>/dev/null; wait "$xpid" 2>/dev/null
  rm -rf "$dir"
  exit 1
fi
DISPLAY=":$(head -n1 "$dir/display")" "$@"
rc=$?
kill "$xpid" 2>/dev/null; wait "$xpid" 2>/dev/null
rm -rf "$dir"
exit "$rc"
