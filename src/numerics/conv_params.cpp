// SPDX-License-Identifier: MIT
// Output-size arithmetic and shape validation of 2-D convolutions.
#include "numerics/conv_params.hpp"

#include <string>

#include "util/error.hpp"

namespace specsim::numerics {

int conv_output_length(int in, int kernel, int stride, int pad_before, int pad_after,
                       const char* axis)
{
    const std::string a(axis);
    if (in < 1) throw Error("convolution input " + a + " must be >= 1, got " + std::to_string(in));
    if (kernel < 1)
        throw Error("convolution kernel " + a + " must be >= 1, got " + std::to_string(kernel));
    if (stride < 1)
        throw Error("convolution stride along " + a + " must be >= 1, got " + std::to_string(stride));
    if (pad_before < 0 || pad_after < 0)
        throw Error("convolution padding along " + a + " must be >= 0, got " +
                    std::to_string(pad_before) + "," + std::to_string(pad_after));
    const long padded = static_cast<long>(in) + pad_before + pad_after;
    if (kernel > padded)
        throw Error("convolution kernel " + a + " " + std::to_string(kernel) +
                    " is larger than the padded input " + a + " " + std::to_string(padded));
    return static_cast<int>((padded - kernel) / stride + 1);
}

OutputSize conv_output_size(int in_h, int in_w, int k_h, int k_w, const Conv2dParams& p)
{
    OutputSize s;
    s.h = conv_output_length(in_h, k_h, p.stride_h, p.pad_top, p.pad_bottom, "height");
    s.w = conv_output_length(in_w, k_w, p.stride_w, p.pad_left, p.pad_right, "width");
    return s;
}

OutputSize check_conv_shapes(const Tensor4& input, const Tensor4& weights,
                             const std::vector<double>& bias, const Conv2dParams& p)
{
    const auto dims = [](const Tensor4& t) {
        return "(" + std::to_string(t.dimension(0)) + ", " + std::to_string(t.dimension(1)) +
               ", " + std::to_string(t.dimension(2)) + ", " + std::to_string(t.dimension(3)) + ")";
    };
    for (int d = 0; d < 4; ++d) {
        if (input.dimension(d) < 1) throw Error("input shape " + dims(input) + " has an empty dimension");
        if (weights.dimension(d) < 1)
            throw Error("weights shape " + dims(weights) + " has an empty dimension");
    }
    if (weights.dimension(1) != input.dimension(1))
        throw Error("channel mismatch: input NCHW " + dims(input) + " has C = " +
                    std::to_string(input.dimension(1)) + " but weights OIHW " + dims(weights) +
                    " have I = " + std::to_string(weights.dimension(1)));
    if (!bias.empty() && static_cast<long>(bias.size()) != weights.dimension(0))
        throw Error("bias length " + std::to_string(bias.size()) +
                    " does not match the number of output channels O = " +
                    std::to_string(weights.dimension(0)));
    return conv_output_size(static_cast<int>(input.dimension(2)), static_cast<int>(input.dimension(3)),
                            static_cast<int>(weights.dimension(2)),
                            static_cast<int>(weights.dimension(3)), p);
}

}  // namespace specsim::numerics
