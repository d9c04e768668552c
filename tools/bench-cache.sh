#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Schedule cache benchmark: VGG16 on u200_spectral (fast timing) with a fresh
# XDG_CACHE_HOME, cold (every schedule made and stored) then warm (every schedule read),
# wall time of each and whether the results are byte-identical. Usage:
# tools/bench-cache.sh [SPECSIM] [EXPERIMENT]
set -euo pipefail
specsim=${1:-build/specsim}
exp=${2:-$(dirname "$0")/../configs/experiments/vgg16_u200.yaml}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME=$tmp/xdg
for phase in cold warm; do
    start=$(date +%s.%N)
    "$specsim" run "$exp" --quiet --profile --out "$tmp/$phase" 2> "$tmp/$phase.err" > /dev/null
    end=$(date +%s.%N)
    printf '%s: %.2f s wall; %s\n' "$phase" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$(grep '^profile' "$tmp/$phase.err")"
done
"$specsim" cache info | sed 's/^/cache /'
if cmp -s "$tmp/cold/results.json" "$tmp/warm/results.json"; then echo "results.json: byte-identical"
else echo "results.json: DIFFERENT"; exit 1; fi
