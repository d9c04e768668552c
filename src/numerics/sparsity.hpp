// SPDX-License-Identifier: MIT
// Synthetic spectral sparsity for runs without real (pruned) weights: which nnz of the K²
// bins each of the O×I spectral kernels keeps, and random kernel values on that pattern.
//
// Model
// -----
// Every kernel keeps exactly `nnz` distinct bins, drawn without replacement from its K²
// bins with one of two distributions:
//  * uniform — every bin equally likely (partial Fisher–Yates shuffle). A worst case for
//    the sparse-kernel reader: bins are spread over the whole spectrum.
//  * lowfreq — bin (u, v) has weight exp(−(f_u² + f_v²) / (2σ²)) with f_u = min(u, K−u)/K
//    the wrapped frequency normalised by K (0 … 0.5). Rationale (SPEC2, PAPERS.md §2): the
//    energy of trained 3×3 kernels concentrates at low frequency, so magnitude pruning keeps
//    mostly low-frequency bins, and which bins kernels share drives read conflicts. Weighted
//    draws without replacement: nnz successive draws, each proportional to the weights of
//    the bins not yet taken — done as inverse-CDF draws from all bins that discard bins
//    already taken (the same distribution, without a log per bin).
//    σ is in normalised frequency units, so one σ means the same shape for every K.
//    Default σ = 0.115: measured (test "lowfreq default", 4096 kernels, K = 8, nnz = 16)
//    ≈ 80.4 % of the picked bins lie in the lowest-frequency quarter (uniform: 25 %); also
//    ≈ 83 % for K = 16, nnz = 64. The "lowest-frequency quarter" is the K²/4 bins of
//    smallest f_u² + f_v² (ties: lower bin index), see lowest_frequency_bins().
// Kernel values: normal spatial weights (He scale, std = sqrt(2 / (I·k_h·k_w))) from a
// seeded Rng, transformed like real weights (SpectralKernels::from_spatial), then masked
// with the pattern — so magnitudes are realistic but the kept bins are not the top-n.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "numerics/spectral.hpp"

namespace specsim::numerics {

enum class SparsityDist { uniform, lowfreq };

/// "uniform" or "lowfreq"; throws specsim::Error listing the choices otherwise.
SparsityDist parse_sparsity_dist(std::string_view name);
const char* to_string(SparsityDist d);

/// Default σ of the lowfreq distribution (normalised frequency units; see the model above).
constexpr double k_default_lowfreq_sigma = 0.115;

struct SparsityOptions {
    int nnz = 16;                              ///< stored bins per kernel, 0 ≤ nnz ≤ K²
    SparsityDist dist = SparsityDist::uniform;
    double sigma = k_default_lowfreq_sigma;    ///< lowfreq only; > 0
    std::uint64_t seed = 0;                    ///< e.g. seed_for(run.seed, layer name)
};

/// Which bins every kernel keeps.
struct SparsityPattern {
    int out_channels = 0, in_channels = 0, fft_size = 0, nnz = 0;
    std::vector<int> bins;  ///< O·I·nnz bin indices u·K + v, ascending within each kernel

    /// nnz bins of kernel (o, i), ascending.
    const int* kernel_bins(int o, int i) const
    {
        return bins.data() + (static_cast<std::size_t>(o) * in_channels + i) * nnz;
    }
    /// K² mask bytes of kernel (o, i) (1 = kept).
    std::vector<std::uint8_t> kernel_mask(int o, int i) const;
};

/// Draws the pattern of O×I kernels of K×K bins; output channel o draws its kernels in i
/// order from Rng(seed_for(opts.seed, "o<o>")), in parallel over o, so equal options give
/// identical patterns whatever the thread count. Throws specsim::Error for
/// sizes < 1, nnz outside [0, K²] or σ ≤ 0.
SparsityPattern synth_sparsity(int out_channels, int in_channels, int fft_size,
                               const SparsityOptions& opts);

/// The `count` bins of lowest wrapped radial frequency f_u² + f_v² (ties: lower bin).
std::vector<int> lowest_frequency_bins(int fft_size, int count);

/// Fraction of all picked bins that lie in lowest_frequency_bins(K, K²/4).
double low_freq_fraction(const SparsityPattern& p);

/// Random spectral kernels (k_h×k_w spatial support) restricted to the pattern; see the
/// model above. Throws specsim::Error if the kernel is larger than K.
SpectralKernels synth_kernels(int kernel_h, int kernel_w, const SparsityPattern& p,
                              std::uint64_t seed);

}  // namespace specsim::numerics
