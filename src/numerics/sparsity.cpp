// SPDX-License-Identifier: MIT
// Synthetic sparsity patterns (uniform / low-frequency-biased) and synthetic kernels.
#include "numerics/sparsity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "numerics/random.hpp"
#include "util/error.hpp"
#include "util/parallel.hpp"

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
    const std::size_t per_o = static_cast<std::size_t>(in_channels) * static_cast<std::size_t>(opts.nnz);
    p.bins.assign(static_cast<std::size_t>(out_channels) * per_o, 0);

    // lowfreq: cumulative weights w_b = exp(−r_b²/(2σ²)) for inverse-CDF draws.
    std::vector<double> cdf(static_cast<std::size_t>(bins));
    if (opts.dist == SparsityDist::lowfreq) {
        const std::vector<double> r2 = radial2(fft_size);
        const double inv_2s2 = 1.0 / (2.0 * opts.sigma * opts.sigma);
        double acc = 0;
        for (int b = 0; b < bins; ++b) cdf[static_cast<std::size_t>(b)] = acc += std::exp(-r2[static_cast<std::size_t>(b)] * inv_2s2);
    }

    // Output channel o draws its I kernels from its own stream, so channels can be drawn
    // in parallel and the pattern does not depend on the thread count.
    const auto weight_of = [&](std::size_t b) { return b == 0 ? cdf[0] : cdf[b] - cdf[b - 1]; };
    // Fenwick tree of the weights (1-based), copied per kernel and trimmed as bins are taken.
    // Padded with +inf up to 2·top_bit entries, so the descent needs no bounds check (an
    // +inf node is never ≤ u) and runs without data-dependent branches.
    std::size_t top_bit = 1;
    while (top_bit * 2 <= static_cast<std::size_t>(bins)) top_bit *= 2;
    const std::size_t fen_used = static_cast<std::size_t>(bins) + 1;
    std::vector<double> fen0(std::max(fen_used, 2 * top_bit), std::numeric_limits<double>::infinity());
    std::fill(fen0.begin(), fen0.begin() + static_cast<std::ptrdiff_t>(fen_used), 0.0);
    for (std::size_t b = 0; b < static_cast<std::size_t>(bins); ++b)
        for (std::size_t x = b + 1; x < fen_used; x += x & (~x + 1)) fen0[x] += weight_of(b);
    const std::size_t words = (static_cast<std::size_t>(bins) + 63) / 64;
    util::parallel_for(static_cast<std::size_t>(out_channels), [&](std::size_t o) {
        Rng rng(seed_for(opts.seed, "o" + std::to_string(o)));
        std::vector<double> fen(fen0.size());
        std::vector<int> perm(static_cast<std::size_t>(bins));
        std::vector<std::uint64_t> taken(words);  // bit b: bin b taken
        int* out = p.bins.data() + o * per_o;
        for (int i = 0; i < in_channels; ++i, out += opts.nnz) {
            if (opts.dist == SparsityDist::uniform) {
                // Partial Fisher–Yates: the first nnz entries are a uniform random subset.
                std::iota(perm.begin(), perm.end(), 0);
                for (int j = 0; j < opts.nnz; ++j) {
                    const auto pick = j + static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(bins - j)));
                    std::swap(perm[static_cast<std::size_t>(j)], perm[static_cast<std::size_t>(pick)]);
                }
                std::copy_n(perm.begin(), opts.nnz, out);
                std::sort(out, out + opts.nnz);
            } else {
                // Successive weighted draws without replacement: each draw proportional
                // to the weights of the bins not yet taken, found by descending a Fenwick
                // tree of the weights (O(log K²) per draw, no log per bin); a taken bin's
                // weight is removed from the tree.
                std::copy(fen0.begin(), fen0.end(), fen.begin());
                std::fill(taken.begin(), taken.end(), 0);
                double left = cdf.back();
                for (int j = 0; j < opts.nnz;) {
                    double u = rng.uniform01() * left;
                    std::size_t pos = 0;  // Fenwick positions are 1-based
                    for (std::size_t step = top_bit; step; step >>= 1) {
                        const double f = fen[pos + step];
                        const bool go = f <= u;  // selects, not branches: go is a coin flip
                        pos = go ? pos + step : pos;
                        u = go ? u - f : u;
                    }
                    const std::size_t b = std::min(pos, static_cast<std::size_t>(bins - 1));
                    const std::uint64_t bit = std::uint64_t{1} << (b % 64);
                    if (taken[b / 64] & bit) continue;  // only by rounding: a removed weight left ~1e-17
                    taken[b / 64] |= bit;
                    const double w = weight_of(b);
                    left -= w;
                    for (std::size_t x = b + 1; x < fen_used; x += x & (~x + 1)) fen[x] -= w;
                    ++j;
                }
                // The taken bins in ascending order (what sorting the draws would give).
                int* dst = out;
                for (std::size_t wi = 0; wi < words; ++wi)
                    for (std::uint64_t m = taken[wi]; m; m &= m - 1)
                        *dst++ = static_cast<int>(wi * 64 + static_cast<std::size_t>(__builtin_ctzll(m)));
            }
        }
    });
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
