// SPDX-License-Identifier: MIT
// im2col and kn2row lowering: gather (strided) input patches / shifted inputs into A, weight
// slices into B; assembly is col2im (im2col) or the sum of the per-position GEMMs (kn2row).
#include "numerics/conv_lowering_detail.hpp"

namespace specsim::numerics::detail {

namespace {

/// Column `col` of A (out_h·out_w rows, pixel index i·out_w + j) = the padded input of
/// channel c at (i·s_h + a − pad_top, j·s_w + b − pad_left): one kernel position's strided,
/// shifted input.
void gather_shifted(const Tensor4& input, const Conv2dParams& p, const LoweredConv& lc, long c,
                    long a, long b, double* col)
{
    const long H = input.dimension(2), W = input.dimension(3);
    const double* plane = input.data() + c * H * W;
    for (long i = 0; i < lc.out_h; ++i) {
        const long row = i * p.stride_h + a - p.pad_top;
        double* dst = col + i * lc.out_w;
        if (row < 0 || row >= H) {
            for (long j = 0; j < lc.out_w; ++j) dst[j] = 0.0;
            continue;
        }
        const double* src = plane + row * W;
        for (long j = 0; j < lc.out_w; ++j) {
            const long x = j * p.stride_w + b - p.pad_left;
            dst[j] = (x < 0 || x >= W) ? 0.0 : src[x];
        }
    }
}

/// Adds C (pixels × out_c, column-major) into the NCHW output: column o is plane o.
void add_columns(const Eigen::MatrixXd& c, Tensor4& out)
{
    const long plane = out.dimension(2) * out.dimension(3);
    double* y = out.data();
    for (long o = 0; o < c.cols(); ++o) {
        const double* src = c.data() + o * c.rows();
        double* dst = y + o * plane;
        for (long i = 0; i < plane; ++i) dst[i] += src[i];
    }
}

}  // namespace

void lower_im2col(const Tensor4& input, const Tensor4& weights, const Conv2dParams& p,
                  LoweredConv& lc)
{
    const long C = lc.in_c, O = lc.out_c, KH = lc.k_h, KW = lc.k_w;
    const long pixels = static_cast<long>(lc.out_h) * lc.out_w;
    const long K = C * KH * KW;
    LoweredGemm g;
    g.a.resize(pixels, K);
    g.b.resize(K, O);
    g.c = Eigen::MatrixXd::Zero(pixels, O);
    // Column index c·KH·KW + a·KW + b matches the OIHW weight layout, so B row k is w[o, k].
    for (long c = 0; c < C; ++c)
        for (long a = 0; a < KH; ++a)
            for (long b = 0; b < KW; ++b)
                gather_shifted(input, p, lc, c, a, b, g.a.col((c * KH + a) * KW + b).data());
    const double* w = weights.data();
    for (long o = 0; o < O; ++o)
        for (long k = 0; k < K; ++k) g.b(k, o) = w[o * K + k];
    lc.gemms.push_back(std::move(g));
}

void lower_kn2row(const Tensor4& input, const Tensor4& weights, const Conv2dParams& p,
                  LoweredConv& lc)
{
    const long C = lc.in_c, O = lc.out_c, KH = lc.k_h, KW = lc.k_w;
    const long pixels = static_cast<long>(lc.out_h) * lc.out_w;
    const double* w = weights.data();
    lc.gemms.reserve(static_cast<std::size_t>(KH * KW));
    for (long a = 0; a < KH; ++a) {
        for (long b = 0; b < KW; ++b) {
            LoweredGemm g;
            g.a.resize(pixels, C);
            g.b.resize(C, O);
            g.c = Eigen::MatrixXd::Zero(pixels, O);
            for (long c = 0; c < C; ++c) gather_shifted(input, p, lc, c, a, b, g.a.col(c).data());
            for (long o = 0; o < O; ++o)
                for (long c = 0; c < C; ++c) g.b(c, o) = w[((o * C + c) * KH + a) * KW + b];
            lc.gemms.push_back(std::move(g));
        }
    }
}

void assemble_im2col(const LoweredConv& lc, Tensor4& out) { add_columns(lc.gemms.at(0).c, out); }

void assemble_kn2row(const LoweredConv& lc, Tensor4& out)
{
    // The shift is already in A (each GEMM's rows are output pixels), so the shifted
    // accumulation is a plain sum, in kernel-position order.
    for (const LoweredGemm& g : lc.gemms) add_columns(g.c, out);
}

}  // namespace specsim::numerics::detail
