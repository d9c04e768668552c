// SPDX-License-Identifier: MIT
// Synthetic sparsity patterns (uniform / low-frequency-biased) and synthetic kernels.
#include "numerics/sparsity.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "numerics/random.hpp"
#include "util/error.hpp"

namespace specsim::numerics {
namespace {

// f_u² + f_v² of every bin, f = min(u, K − u) / K.
std::vector<double> radial2(int K)
{
    std::vector<double> r(static_cast<std::size_t>(K) * K);
    for (int u = 0; u < K; ++u)
        for (int v = 0; v < K; ++v) {
            const double fu = std::min(u, K - u) / static_cast<double>(K);
            const double fv = std::min(v, K - v) / static_cast<double>(K);
            r[static_cast<std::size_t>(u) * K + v] = fu * fu + fv * fv;
        }
    return r;
}

}  // namespace

SparsityDist parse_sparsity_dist(std::string_view name)
{
    if (name == "uniform") return SparsityDist::uniform;
    if (name == "lowfreq") return SparsityDist::lowfreq;
    throw Error("unknown sparsity distribution '" + std::string(name) +
                "' (choices: uniform, lowfreq)");
}

const char* to_string(SparsityDist d) { return d == SparsityDist::uniform ? "uniform" : "lowfreq"; }

std::vector<std::uint8_t> SparsityPattern::kernel_mask(int o, int i) const
{
    std::vector<std::uint8_t> m(static_cast<std::size_t>(fft_size) * fft_size, 0);
    const int* b = kernel_bins(o, i);
    for (int k = 0; k < nnz; ++k) m[static_cast<std::size_t>(b[k])] = 1;
    return m;
}

SparsityPattern synth_sparsity(int out_channels, int in_channels, int fft_size,
                               const SparsityOptions& opts)
{
    if (out_channels < 1 || in_channels < 1 || fft_size < 1)
        throw Error("synthetic sparsity needs O, I, K >= 1 (got " + std::to_string(out_channels) +
                    ", " + std::to_string(in_channels) + ", " + std::to_string(fft_size) + ")");
    const int bins = fft_size * fft_size;
    if (opts.nnz < 0 || opts.nnz > bins)
        throw Error("sparsity nnz must be in [0, K² = " + std::to_string(bins) + "], got " +
                    std::to_string(opts.nnz));
    if (opts.dist == SparsityDist::lowfreq && !(opts.sigma > 0.0))
        throw Error("lowfreq sparsity sigma must be > 0, got " + std::to_string(opts.sigma));

    SparsityPattern p;
    p.out_channels = out_channels;
    p.in_channels = in_channels;
    p.fft_size = fft_size;
    p.nnz = opts.nnz;
    p.bins.reserve(static_cast<std::size_t>(out_channels) * in_channels * opts.nnz);
    Rng rng(opts.seed);
    const std::vector<double> r2 = radial2(fft_size);
    const double inv_2s2 = 1.0 / (2.0 * opts.sigma * opts.sigma);
    std::vector<int> perm(static_cast<std::size_t>(bins));
    std::vector<double> key(static_cast<std::size_t>(bins));

    for (int k = 0; k < out_channels * in_channels; ++k) {
        std::iota(perm.begin(), perm.end(), 0);
        if (opts.dist == SparsityDist::uniform) {
            // Partial Fisher–Yates: the first nnz entries are a uniform random subset.
            for (int j = 0; j < opts.nnz; ++j) {
                const auto pick = j + static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(bins - j)));
                std::swap(perm[static_cast<std::size_t>(j)], perm[static_cast<std::size_t>(pick)]);
            }
        } else {
            // Exponential race in log space: log(E_b / w_b) = log(−log U) + r²/(2σ²).
            for (int b = 0; b < bins; ++b)
                key[static_cast<std::size_t>(b)] =
                    std::log(-std::log(rng.uniform_open01())) + r2[static_cast<std::size_t>(b)] * inv_2s2;
            std::partial_sort(perm.begin(), perm.begin() + opts.nnz, perm.end(), [&](int a, int b) {
                const double ka = key[static_cast<std::size_t>(a)], kb = key[static_cast<std::size_t>(b)];
                return ka != kb ? ka < kb : a < b;
            });
        }
        std::sort(perm.begin(), perm.begin() + opts.nnz);
        p.bins.insert(p.bins.end(), perm.begin(), perm.begin() + opts.nnz);
    }
    return p;
}

std::vector<int> lowest_frequency_bins(int fft_size, int count)
{
    const std::vector<double> r2 = radial2(fft_size);
    std::vector<int> order(r2.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return r2[static_cast<std::size_t>(a)] < r2[static_cast<std::size_t>(b)];
    });
    order.resize(static_cast<std::size_t>(std::clamp(count, 0, static_cast<int>(order.size()))));
    return order;
}

double low_freq_fraction(const SparsityPattern& p)
{
    if (p.bins.empty()) return 0.0;
    std::vector<std::uint8_t> low(static_cast<std::size_t>(p.fft_size) * p.fft_size, 0);
    for (const int b : lowest_frequency_bins(p.fft_size, p.fft_size * p.fft_size / 4))
        low[static_cast<std::size_t>(b)] = 1;
    std::size_t hits = 0;
    for (const int b : p.bins) hits += low[static_cast<std::size_t>(b)];
    return static_cast<double>(hits) / static_cast<double>(p.bins.size());
}

SpectralKernels synth_kernels(int kernel_h, int kernel_w, const SparsityPattern& p,
                              std::uint64_t seed)
{
    Tensor4 w(p.out_channels, p.in_channels, kernel_h, kernel_w);
    Rng rng(seed);
    const double std_dev = std::sqrt(2.0 / (static_cast<double>(p.in_channels) * kernel_h * kernel_w));
    for (long k = 0; k < w.size(); ++k) w.data()[k] = std_dev * rng.normal();
    SpectralKernels s = SpectralKernels::from_spatial(w, p.fft_size);
    for (int o = 0; o < p.out_channels; ++o)
        for (int i = 0; i < p.in_channels; ++i) s.apply_mask(o, i, p.kernel_mask(o, i).data());
    return s;
}

}  // namespace specsim::numerics
