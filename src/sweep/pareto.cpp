// SPDX-License-Identifier: MIT
// Pareto front by pairwise dominance (sweeps have tens to hundreds of points, so O(n²) is
// a few microseconds).
#include "sweep/pareto.hpp"

#include <cstddef>

namespace specsim::sweep {

std::vector<bool> pareto_front(const std::vector<DesignCost>& costs)
{
    std::vector<bool> front(costs.size(), true);
    for (std::size_t i = 0; i < costs.size(); ++i)
        for (std::size_t j = 0; j < costs.size() && front[i]; ++j) {
            if (i == j) continue;
            const DesignCost& a = costs[i];
            const DesignCost& b = costs[j];
            const bool le = b.time_ms <= a.time_ms && b.dsp_slices <= a.dsp_slices &&
                            b.bram36_blocks <= a.bram36_blocks && b.uram_blocks <= a.uram_blocks;
            const bool lt = b.time_ms < a.time_ms || b.dsp_slices < a.dsp_slices || b.bram36_blocks < a.bram36_blocks ||
                            b.uram_blocks < a.uram_blocks;
            if (le && lt) front[i] = false;
        }
    return front;
}

}  // namespace specsim::sweep
