// SPDX-License-Identifier: MIT
// The streaming controller's iteration space: the (Ns, Ps) blocks of a layer in the order
// the dataflow visits them, and the per-block sizes every unit derives its work from.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "overlay/spectral/analytic/spectral_plan.hpp"

namespace specsim::hw {

/// Kernels [n0, n1) × tiles [p0, p1) (tiles in raster order of the tile grid).
struct Block {
    int n0 = 0, n1 = 0;
    int p0 = 0, p1 = 0;
    int kernels() const { return n1 - n0; }
    int tiles() const { return p1 - p0; }
};

/// kernel_reuse visits tile blocks inside kernel blocks (kernels stay, tiles stream);
/// activation_reuse the other way round.
std::vector<Block> blocks_of(const analytic::SpectralLayerPlan& plan, const std::string& dataflow);

/// Kernel groups g (of N′) a block covers: [g0, g1).
int first_group(const Block& b, int kernels_parallel);
int end_group(const Block& b, int kernels_parallel);

/// Input pixels (unpadded, real) inside tile p's T_h×T_w window.
std::uint64_t tile_input_pixels(const numerics::TileGeometry& g, int p);

/// Output pixels tile p owns: the stride-1 output rows/cols that start in its window,
/// kept by the stride subsampling — so every output pixel has exactly one owner tile.
std::uint64_t tile_output_pixels(const numerics::TileGeometry& g, int stride_h, int stride_w, int p);

}  // namespace specsim::hw
