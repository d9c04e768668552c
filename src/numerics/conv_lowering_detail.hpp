// SPDX-License-Identifier: MIT
// Internal interface between the lowering front end (conv_lowering.cpp) and the per-algorithm
// transforms (conv_im2col.cpp, conv_winograd.cpp). Not part of the public API.
#pragma once

#include "numerics/conv_lowering.hpp"

namespace specsim::numerics::detail {

/// Input value at (row, col) of channel c of the padded input (zero in the padding and past
/// the padded input). `plane` points at channel c of the unpadded H×W input.
inline double padded_at(const double* plane, long H, long W, long row, long col)
{
    return (row < 0 || row >= H || col < 0 || col >= W) ? 0.0 : plane[row * W + col];
}

/// Fill lc.gemms (A, B, zero C) from input/weights; lc's shape fields are already set.
void lower_im2col(const Tensor4& input, const Tensor4& weights, const Conv2dParams& p,
                  LoweredConv& lc);
void lower_kn2row(const Tensor4& input, const Tensor4& weights, const Conv2dParams& p,
                  LoweredConv& lc);
void lower_winograd(const Tensor4& input, const Tensor4& weights, const Conv2dParams& p,
                    LoweredConv& lc);

/// Add the GEMM results of lc into out (1, out_c, out_h, out_w), which holds zeros.
void assemble_im2col(const LoweredConv& lc, Tensor4& out);
void assemble_kn2row(const LoweredConv& lc, Tensor4& out);
void assemble_winograd(const LoweredConv& lc, Tensor4& out);

}  // namespace specsim::numerics::detail
