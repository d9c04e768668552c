// SPDX-License-Identifier: MIT
// A network conv layer's stride and padding as the numerics reference takes them; shared by
// every overlay that computes or checks convolutions.
#pragma once

#include "numerics/conv_params.hpp"
#include "workload/layer.hpp"

namespace specsim::overlay {

/// Stride and padding of `c` (dilation and groups are the caller's business).
inline numerics::Conv2dParams conv2d_params(const workload::ConvParams& c)
{
    numerics::Conv2dParams p;
    p.stride_h = static_cast<int>(c.stride.h);
    p.stride_w = static_cast<int>(c.stride.w);
    p.pad_top = static_cast<int>(c.pad.top);
    p.pad_left = static_cast<int>(c.pad.left);
    p.pad_bottom = static_cast<int>(c.pad.bottom);
    p.pad_right = static_cast<int>(c.pad.right);
    return p;
}

}  // namespace specsim::overlay
