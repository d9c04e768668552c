#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark (not a test): schedule all VGG16 conv layers at 75 % spectral sparsity (16 of
# 64 bins) with each algorithm, uniform and low-frequency-biased, and print the TOTAL line
# of `specsim schedule` (T per block, proven bound, …) with the wall time.
# Usage: tools/bench-schedulers.sh [BUILD_DIR] [ALGORITHMS...]   (default: all but exact;
# exact takes minutes: tools/bench-schedulers.sh build exact)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
algorithms=("$@")
((${#algorithms[@]})) || algorithms=(in_order online greedy)
exp=configs/experiments/vgg16_u200.yaml
printf '%-8s %-9s %s\n' dist algorithm "layer blocks T/block bound gap bubbles slot_eff conflicts unproven seconds | wall s"
for dist in uniform lowfreq; do
    for algo in "${algorithms[@]}"; do
        start=$(date +%s.%N)
        total=$("$build/specsim" schedule "$exp" --algorithm "$algo" --set run.sparsity.distribution=$dist \
                --set run.exact_conflicts=${EXACT_CONFLICTS:-1000} | grep '^TOTAL')
        end=$(date +%s.%N)
        printf '%-8s %-9s %s | %.1f\n' "$dist" "$algo" "$total" "$(echo "$end - $start" | bc)"
    done
done
