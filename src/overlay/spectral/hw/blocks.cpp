// SPDX-License-Identifier: MIT
// Block enumeration and per-tile pixel counts (the address generators' view of a layer).
#include "overlay/spectral/hw/blocks.hpp"

#include <algorithm>

namespace specsim::hw {

std::vector<Block> blocks_of(const analytic::SpectralLayerPlan& plan, const std::string& dataflow)
{
    const int N = plan.out_channels, P = plan.tiles;
    const int ns = plan.block.ns, ps = plan.block.ps;
    std::vector<Block> out;
    const bool kernels_outer = dataflow != "activation_reuse";
    const int outer_n = kernels_outer ? (N + ns - 1) / ns : (P + ps - 1) / ps;
    const int inner_n = kernels_outer ? (P + ps - 1) / ps : (N + ns - 1) / ns;
    for (int a = 0; a < outer_n; ++a) {
        for (int b = 0; b < inner_n; ++b) {
            const int kb = kernels_outer ? a : b, tb = kernels_outer ? b : a;
            out.push_back(Block{kb * ns, std::min(N, (kb + 1) * ns), tb * ps, std::min(P, (tb + 1) * ps)});
        }
    }
    return out;
}

int first_group(const Block& b, int kernels_parallel) { return b.n0 / kernels_parallel; }
int end_group(const Block& b, int kernels_parallel) { return (b.n1 + kernels_parallel - 1) / kernels_parallel; }

namespace {
// Length of [start, start + len) ∩ [lo, hi).
std::int64_t overlap(std::int64_t start, std::int64_t len, std::int64_t lo, std::int64_t hi)
{
    return std::max<std::int64_t>(0, std::min(start + len, hi) - std::max(start, lo));
}

// Multiples of s in [start, start + len) ∩ [0, limit).
std::int64_t strided_count(std::int64_t start, std::int64_t len, std::int64_t limit, std::int64_t s)
{
    const std::int64_t lo = std::max<std::int64_t>(0, start), hi = std::min(start + len, limit);
    if (hi <= lo) return 0;
    const std::int64_t first = (lo + s - 1) / s * s;
    return first >= hi ? 0 : (hi - 1 - first) / s + 1;
}
}  // namespace

std::uint64_t tile_input_pixels(const numerics::TileGeometry& g, int p)
{
    const int tr = p / g.tiles_w, tc = p % g.tiles_w;
    // Tile window in padded coordinates; the real input starts at (pad_top, pad_left).
    const auto rows = overlap(std::int64_t(tr) * g.tile_h, g.tile_h, g.pad_top, g.pad_top + g.in_h);
    const auto cols = overlap(std::int64_t(tc) * g.tile_w, g.tile_w, g.pad_left, g.pad_left + g.in_w);
    return static_cast<std::uint64_t>(rows * cols);
}

std::uint64_t tile_output_pixels(const numerics::TileGeometry& g, int stride_h, int stride_w, int p)
{
    const int tr = p / g.tiles_w, tc = p % g.tiles_w;
    const std::int64_t full_h = g.padded_h - g.kernel_h + 1, full_w = g.padded_w - g.kernel_w + 1;
    const auto rows = strided_count(std::int64_t(tr) * g.tile_h, g.tile_h, full_h, stride_h);
    const auto cols = strided_count(std::int64_t(tc) * g.tile_w, g.tile_w, full_w, stride_w);
    return static_cast<std::uint64_t>(rows * cols);
}

}  // namespace specsim::hw
