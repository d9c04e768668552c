#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages specsim needs (only those missing), configures the Meson
# build in ./build (release) and compiles it. Safe to run again: each step is skipped when
# already done. Usage: tools/bootstrap.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}

packages=(g++ meson ninja-build pkg-config libsystemc-dev libeigen3-dev libfftw3-dev
          libyaml-cpp-dev catch2 libcadical-dev libcli11-dev libfmt-dev nlohmann-json3-dev
          python3 python3-numpy python3-matplotlib)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "bootstrap: installing ${missing[*]}" >&2
    sudo_cmd=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "bootstrap: run as root or install sudo" >&2; exit 2; }
        sudo_cmd=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ ! -f "$build_dir/build.ninja" ]; then
    meson setup "$build_dir" --buildtype=release >&2
fi
# Two cores here; ninja picks the job count itself. Quiet unless something fails.
if ! meson compile -C "$build_dir" > "$build_dir/compile.log" 2>&1; then
    cat "$build_dir/compile.log" >&2
    exit 1
fi
echo "bootstrap: built $build_dir/specsim" >&2
