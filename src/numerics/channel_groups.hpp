// SPDX-License-Identifier: MIT
// Grouped convolution by channel slices: a layer of G groups is G independent convolutions
// on slices of the input channels, their outputs stacked along the channels.
#pragma once

#include <vector>

#include "numerics/tensor.hpp"
#include "util/error.hpp"

namespace specsim::numerics {

/// Channels [c0, c1) of dimension 1 (C of NCHW, I of OIHW: pass dim 1) or dimension 0
/// (O of OIHW: pass dim 0) of `t`.
inline Tensor4 channel_slice(const Tensor4& t, int dim, Eigen::Index c0, Eigen::Index c1)
{
    Eigen::array<Eigen::Index, 4> offset{0, 0, 0, 0};
    Eigen::array<Eigen::Index, 4> extent{t.dimension(0), t.dimension(1), t.dimension(2), t.dimension(3)};
    offset[dim] = c0;
    extent[dim] = c1 - c0;
    return t.slice(offset, extent);
}

/// Tensors (N, C_i, H, W) of equal N, H, W stacked along C.
inline Tensor4 stack_channels(const std::vector<Tensor4>& parts)
{
    if (parts.empty()) throw Error("stack_channels: nothing to stack");
    Eigen::Index c = 0;
    for (const auto& p : parts) {
        if (p.dimension(0) != parts[0].dimension(0) || p.dimension(2) != parts[0].dimension(2) ||
            p.dimension(3) != parts[0].dimension(3))
            throw Error("stack_channels: parts differ in N, H or W");
        c += p.dimension(1);
    }
    Tensor4 out(parts[0].dimension(0), c, parts[0].dimension(2), parts[0].dimension(3));
    Eigen::Index at = 0;
    for (const auto& p : parts) {
        out.slice(Eigen::array<Eigen::Index, 4>{0, at, 0, 0}, p.dimensions()) = p;
        at += p.dimension(1);
    }
    return out;
}

}  // namespace specsim::numerics
