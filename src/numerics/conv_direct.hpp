// SPDX-License-Identifier: MIT
// Reference direct (spatial) convolution in double precision: the ground truth every other
// convolution path in specsim is checked against.
#pragma once

#include <vector>

#include "numerics/conv_params.hpp"
#include "numerics/tensor.hpp"

namespace specsim::numerics {

/// Direct 2-D convolution as PyTorch/ONNX Conv (cross-correlation, dilation 1, groups 1):
/// y[n,o,i,j] = bias[o] + Σ_{c,a,b} x_pad[n, c, i·s_h + a, j·s_w + b] · w[o, c, a, b].
/// `input` is NCHW (N ≥ 1), `weights` OIHW (any k_h×k_w), `bias` empty or of length O.
/// Returns (N, O, H_out, W_out). Throws specsim::Error on shape/parameter mismatch.
Tensor4 conv2d_direct(const Tensor4& input, const Tensor4& weights,
                      const std::vector<double>& bias, const Conv2dParams& params);

}  // namespace specsim::numerics
