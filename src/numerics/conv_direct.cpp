// SPDX-License-Identifier: MIT
// Straightforward loop-nest direct convolution; padding handled by bounds checks.
#include "numerics/conv_direct.hpp"

namespace specsim::numerics {

Tensor4 conv2d_direct(const Tensor4& input, const Tensor4& weights,
                      const std::vector<double>& bias, const Conv2dParams& p)
{
    const OutputSize os = check_conv_shapes(input, weights, bias, p);
    const long N = input.dimension(0), C = input.dimension(1);
    const long H = input.dimension(2), W = input.dimension(3);
    const long O = weights.dimension(0), KH = weights.dimension(2), KW = weights.dimension(3);
    Tensor4 out(N, O, os.h, os.w);
    const double* x = input.data();
    const double* w = weights.data();
    double* y = out.data();
    for (long n = 0; n < N; ++n) {
        for (long o = 0; o < O; ++o) {
            const double b = bias.empty() ? 0.0 : bias[static_cast<std::size_t>(o)];
            for (long i = 0; i < os.h; ++i) {
                for (long j = 0; j < os.w; ++j) {
                    double acc = 0.0;
                    for (long c = 0; c < C; ++c) {
                        const double* xc = x + (n * C + c) * H * W;
                        const double* wc = w + (o * C + c) * KH * KW;
                        for (long a = 0; a < KH; ++a) {
                            const long r = i * p.stride_h + a - p.pad_top;
                            if (r < 0 || r >= H) continue;
                            for (long bb = 0; bb < KW; ++bb) {
                                const long col = j * p.stride_w + bb - p.pad_left;
                                if (col < 0 || col >= W) continue;
                                acc += xc[r * W + col] * wc[a * KW + bb];
                            }
                        }
                    }
                    y[((n * O + o) * os.h + i) * os.w + j] = acc + b;
                }
            }
        }
    }
    return out;
}

}  // namespace specsim::numerics
