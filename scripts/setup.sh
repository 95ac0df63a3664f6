#!/usr/bin/env bash
# setup.sh — install what ioscope needs from Debian packages (bookworm), only if something is
# missing: a machine that has everything pays one dpkg-query and nothing else.
set -euo pipefail

PKGS=(
  cmake ninja-build g++ pkg-config                      # toolchain
  libgtest-dev                                          # tests
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev   # scenarios, command line, traces
  libimgui-dev libstb-dev libglfw3-dev python3-glad libgl-dev libgl1-mesa-dri   # GUI
  xvfb xauth                                            # GUI tests in a virtual display
  fonts-dejavu-core fonts-wqy-microhei                  # Latin + Chinese UI text
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
# `env` carries DEBIAN_FRONTEND through sudo (its env_reset would drop a plain assignment).
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
  --no-install-recommends "${missing[@]}"
