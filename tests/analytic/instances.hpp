// SPDX-License-Identifier: MIT
// Read-schedule instances shared by the analytic tests: small random ones and the paper's
// shape (kernels × 16 of 64 bins from the synthetic sparsity generator).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "overlay/spectral/analytic/read_schedule.hpp"
#include "numerics/random.hpp"
#include "numerics/sparsity.hpp"

namespace specsim::testing {

using analytic::KernelBins;

/// Each kernel gets min_nnz … max_nnz distinct bins of [0, bins), uniformly.
inline KernelBins random_instance(numerics::Rng& rng, int kernels, int min_nnz, int max_nnz, int bins)
{
    KernelBins kb(static_cast<std::size_t>(kernels));
    for (auto& k : kb) {
        const int n = min_nnz + static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(max_nnz - min_nnz + 1)));
        std::vector<int> all(static_cast<std::size_t>(bins));
        for (int i = 0; i < bins; ++i) all[static_cast<std::size_t>(i)] = i;
        for (int i = 0; i < n; ++i)
            std::swap(all[static_cast<std::size_t>(i)],
                      all[static_cast<std::size_t>(i) + rng.uniform_int(static_cast<std::uint64_t>(bins - i))]);
        k.assign(all.begin(), all.begin() + n);
        std::sort(k.begin(), k.end());
    }
    return kb;
}

/// `kernels` lanes of 16 bins of an 8×8 spectrum, drawn like a layer's synthetic sparsity.
inline KernelBins paper_shape(int kernels, std::uint64_t seed, numerics::SparsityDist dist)
{
    numerics::SparsityOptions o;
    o.nnz = 16;
    o.dist = dist;
    o.seed = seed;
    const auto p = numerics::synth_sparsity(kernels, 1, 8, o);
    KernelBins kb(static_cast<std::size_t>(kernels));
    for (int k = 0; k < kernels; ++k) kb[static_cast<std::size_t>(k)].assign(p.kernel_bins(k, 0), p.kernel_bins(k, 0) + 16);
    return kb;
}

}  // namespace specsim::testing
