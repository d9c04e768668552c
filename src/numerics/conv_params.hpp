// SPDX-License-Identifier: MIT
// Convolution hyper-parameters (stride and padding per axis) and output-size arithmetic
// shared by the direct and FFT convolutions; invalid combinations throw specsim::Error.
#pragma once

#include <vector>

#include "numerics/tensor.hpp"

namespace specsim::numerics {

/// Stride and zero padding of a 2-D convolution (dilation 1, groups 1). Padding is in
/// pixels on each side, as ONNX `pads` = [top, left, bottom, right].
struct Conv2dParams {
    int stride_h = 1, stride_w = 1;
    int pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
};

/// Output height and width (pixels).
struct OutputSize {
    int h = 0;
    int w = 0;
};

/// Output length along one axis: (in + pad_before + pad_after − kernel) / stride + 1.
/// Throws specsim::Error if stride < 1, a pad is negative, or the kernel is larger than
/// the padded input; `axis` ("height"/"width") names the axis in the message.
int conv_output_length(int in, int kernel, int stride, int pad_before, int pad_after,
                       const char* axis = "axis");

/// Output size of a convolution of an in_h×in_w input with a k_h×k_w kernel; throws
/// specsim::Error for invalid combinations (see conv_output_length, sizes < 1).
OutputSize conv_output_size(int in_h, int in_w, int k_h, int k_w, const Conv2dParams& p);

/// Checks an NCHW input, OIHW weights and optional bias (empty = none) against each other:
/// I == C, bias length == O, all dimensions ≥ 1. Returns the output size. Throws
/// specsim::Error with a message naming the mismatching dimensions.
OutputSize check_conv_shapes(const Tensor4& input, const Tensor4& weights,
                             const std::vector<double>& bias, const Conv2dParams& p);

}  // namespace specsim::numerics
