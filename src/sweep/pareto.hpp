// SPDX-License-Identifier: MIT
// Pareto front of a sweep's designs: latency against DSP, BRAM36 and URAM use, all to be
// minimised.
#pragma once

#include <vector>

namespace specsim::sweep {

/// What a design costs, every figure lower-is-better.
struct DesignCost {
    double time_ms = 0;        ///< whole-network latency, ms
    double dsp_slices = 0;     ///< DSP slices used
    double bram36_blocks = 0;  ///< BRAM36 blocks used
    double uram_blocks = 0;    ///< URAM blocks used
};

/// One flag per cost: true when no other cost is at least as good on all four figures and
/// strictly better on one. Equal costs (duplicates) do not dominate each other, so ties are
/// all on the front or all off it. O(n²) comparisons.
std::vector<bool> pareto_front(const std::vector<DesignCost>& costs);

}  // namespace specsim::sweep
