// SPDX-License-Identifier: MIT
// Front end of the GEMM lowering: algorithm names, capability checks, the shape-only GEMM
// list, the fold GEMM kernel, quantisation and the fully connected layer.
#include "numerics/conv_lowering.hpp"

#include <algorithm>

#include "numerics/conv_lowering_detail.hpp"
#include "util/error.hpp"

namespace specsim::numerics {

namespace {

constexpr ConvAlgorithm k_all[] = {ConvAlgorithm::im2col, ConvAlgorithm::kn2row,
                                   ConvAlgorithm::winograd2, ConvAlgorithm::winograd4};

int winograd_m(ConvAlgorithm a)
{
    return a == ConvAlgorithm::winograd2 ? 2 : a == ConvAlgorithm::winograd4 ? 4 : 0;
}

int ceil_div(int a, int b) { return (a + b - 1) / b; }

/// Shape fields of a LoweredConv (no data), shared by lowered_gemms and lower_conv so the
/// two can never disagree.
LoweredConv geometry(ConvAlgorithm a, int in_c, int in_h, int in_w, int out_c, int k_h, int k_w,
                     const Conv2dParams& p)
{
    if (in_c < 1 || out_c < 1)
        throw Error("convolution channels must be >= 1, got in_c = " + std::to_string(in_c) +
                    ", out_c = " + std::to_string(out_c));
    const OutputSize os = conv_output_size(in_h, in_w, k_h, k_w, p);
    const std::string why = unsupported_reason(a, k_h, k_w, p);
    if (!why.empty()) throw Error(std::string(to_string(a)) + " cannot run this layer: " + why);
    LoweredConv lc;
    lc.algorithm = a;
    lc.in_c = in_c;
    lc.out_c = out_c;
    lc.k_h = k_h;
    lc.k_w = k_w;
    lc.out_h = os.h;
    lc.out_w = os.w;
    if (const int m = winograd_m(a)) {
        lc.tile_m = m;
        lc.tiles_h = ceil_div(os.h, m);
        lc.tiles_w = ceil_div(os.w, m);
        lc.pieces_h = ceil_div(k_h, 3);
        lc.pieces_w = ceil_div(k_w, 3);
    }
    return lc;
}

std::vector<GemmDims> dims_of(const LoweredConv& lc)
{
    using u64 = std::uint64_t;
    const u64 pixels = static_cast<u64>(lc.out_h) * static_cast<u64>(lc.out_w);
    const u64 C = static_cast<u64>(lc.in_c), O = static_cast<u64>(lc.out_c);
    switch (lc.algorithm) {
    case ConvAlgorithm::im2col:
        return {GemmDims{pixels, O, static_cast<u64>(lc.k_h) * static_cast<u64>(lc.k_w) * C}};
    case ConvAlgorithm::kn2row:
        return std::vector<GemmDims>(static_cast<std::size_t>(lc.k_h) * static_cast<std::size_t>(lc.k_w),
                                     GemmDims{pixels, O, C});
    case ConvAlgorithm::winograd2:
    case ConvAlgorithm::winograd4: {
        const std::size_t t = static_cast<std::size_t>(lc.tile_m + 2);
        const std::size_t count = static_cast<std::size_t>(lc.pieces_h) * lc.pieces_w * t * t;
        const u64 tiles = static_cast<u64>(lc.tiles_h) * static_cast<u64>(lc.tiles_w);
        return std::vector<GemmDims>(count, GemmDims{tiles, O, C});
    }
    }
    throw Error("unknown convolution algorithm");
}

void quantise_in_place(Eigen::MatrixXd& m, const FixedFormat& q)
{
    double* d = m.data();
    for (Eigen::Index i = 0; i < m.size(); ++i) d[i] = quantize(d[i], q);
}

}  // namespace

const char* to_string(ConvAlgorithm a)
{
    switch (a) {
    case ConvAlgorithm::im2col: return "im2col";
    case ConvAlgorithm::kn2row: return "kn2row";
    case ConvAlgorithm::winograd2: return "winograd2";
    case ConvAlgorithm::winograd4: return "winograd4";
    }
    return "?";
}

std::vector<ConvAlgorithm> all_conv_algorithms() { return {std::begin(k_all), std::end(k_all)}; }

ConvAlgorithm parse_conv_algorithm(const std::string& name)
{
    std::string valid;
    for (const ConvAlgorithm a : k_all) {
        if (name == to_string(a)) return a;
        valid += std::string(valid.empty() ? "" : ", ") + to_string(a);
    }
    throw Error("unknown convolution algorithm '" + name + "' (valid: " + valid + ")");
}

std::string unsupported_reason(ConvAlgorithm a, int k_h, int k_w, const Conv2dParams& p)
{
    if (winograd_m(a) == 0) return "";
    if (p.stride_h != 1 || p.stride_w != 1)
        return "Winograd needs stride 1, got stride " + std::to_string(p.stride_h) + "x" +
               std::to_string(p.stride_w);
    if (k_h != k_w)
        return "Winograd needs a square kernel, got " + std::to_string(k_h) + "x" + std::to_string(k_w);
    if (k_h < 3)
        return "Winograd F(mxm,3x3) needs a kernel of at least 3x3, got " + std::to_string(k_h) +
               "x" + std::to_string(k_w);
    return "";
}

std::vector<GemmDims> lowered_gemms(ConvAlgorithm a, int in_c, int in_h, int in_w, int out_c,
                                    int k_h, int k_w, const Conv2dParams& p)
{
    return dims_of(geometry(a, in_c, in_h, in_w, out_c, k_h, k_w, p));
}

GemmDims LoweredGemm::dims() const
{
    return GemmDims{static_cast<std::uint64_t>(a.rows()), static_cast<std::uint64_t>(b.cols()),
                    static_cast<std::uint64_t>(a.cols())};
}

namespace {

LoweredConv lower_impl(const Tensor4& input, const Tensor4& weights, const Conv2dParams& p,
                       ConvAlgorithm a, const FixedFormat* q_a, const FixedFormat* q_b)
{
    check_conv_shapes(input, weights, {}, p);
    if (input.dimension(0) != 1)
        throw Error("lower_conv: batch must be 1, got N = " + std::to_string(input.dimension(0)));
    if (q_a) validate(*q_a);
    if (q_b) validate(*q_b);
    LoweredConv lc = geometry(a, static_cast<int>(input.dimension(1)),
                              static_cast<int>(input.dimension(2)),
                              static_cast<int>(input.dimension(3)),
                              static_cast<int>(weights.dimension(0)),
                              static_cast<int>(weights.dimension(2)),
                              static_cast<int>(weights.dimension(3)), p);
    switch (a) {
    case ConvAlgorithm::im2col: detail::lower_im2col(input, weights, p, lc); break;
    case ConvAlgorithm::kn2row: detail::lower_kn2row(input, weights, p, lc); break;
    case ConvAlgorithm::winograd2:
    case ConvAlgorithm::winograd4: detail::lower_winograd(input, weights, p, lc); break;
    }
    if (q_a && q_b) {
        for (LoweredGemm& g : lc.gemms) {
            quantise_in_place(g.a, *q_a);
            quantise_in_place(g.b, *q_b);
        }
        lc.quantised = true;
        lc.format_a = *q_a;
        lc.format_b = *q_b;
    }
    return lc;
}

}  // namespace

LoweredConv lower_conv(const Tensor4& input, const Tensor4& weights, const Conv2dParams& p,
                       ConvAlgorithm a, const FixedFormat* q)
{
    return lower_impl(input, weights, p, a, q, q);
}

LoweredConv lower_conv(const Tensor4& input, const Tensor4& weights, const Conv2dParams& p,
                       ConvAlgorithm a, const FixedFormat& q_a, const FixedFormat& q_b)
{
    return lower_impl(input, weights, p, a, &q_a, &q_b);
}

void gemm_tile(LoweredGemm& g, std::uint64_t r0, std::uint64_t r1, std::uint64_t c0,
               std::uint64_t c1, std::uint64_t k0, std::uint64_t k1)
{
    const GemmDims d = g.dims();
    if (static_cast<std::uint64_t>(g.b.rows()) != d.k || static_cast<std::uint64_t>(g.c.rows()) != d.m ||
        static_cast<std::uint64_t>(g.c.cols()) != d.n)
        throw Error("gemm_tile: inconsistent matrices (A " + std::to_string(g.a.rows()) + "x" +
                    std::to_string(g.a.cols()) + ", B " + std::to_string(g.b.rows()) + "x" +
                    std::to_string(g.b.cols()) + ", C " + std::to_string(g.c.rows()) + "x" +
                    std::to_string(g.c.cols()) + ")");
    if (r0 > r1 || r1 > d.m || c0 > c1 || c1 > d.n || k0 > k1 || k1 > d.k)
        throw Error("gemm_tile: rows [" + std::to_string(r0) + "," + std::to_string(r1) + ") cols [" +
                    std::to_string(c0) + "," + std::to_string(c1) + ") k [" + std::to_string(k0) +
                    "," + std::to_string(k1) + ") outside the " + d.str() + " GEMM");
    // Column-major: for each C column j and each k in order, c[:, j] += b[k, j]·a[:, k] over
    // the row range. Rows are processed in blocks so the A block stays in cache across j;
    // the per-element order (k increasing, one rounding per term) does not depend on blocking.
    const Eigen::Index lda = g.a.rows(), ldb = g.b.rows(), ldc = g.c.rows();
    constexpr std::uint64_t k_row_block = 128;
    for (std::uint64_t rb = r0; rb < r1; rb += k_row_block) {
        const std::uint64_t re = std::min(r1, rb + k_row_block);
        const std::uint64_t n = re - rb;
        for (std::uint64_t j = c0; j < c1; ++j) {
            double* cp = g.c.data() + static_cast<Eigen::Index>(j) * ldc + static_cast<Eigen::Index>(rb);
            const double* bp = g.b.data() + static_cast<Eigen::Index>(j) * ldb;
            for (std::uint64_t k = k0; k < k1; ++k) {
                const double bkj = bp[k];
                const double* ap = g.a.data() + static_cast<Eigen::Index>(k) * lda + static_cast<Eigen::Index>(rb);
                for (std::uint64_t i = 0; i < n; ++i) cp[i] += ap[i] * bkj;
            }
        }
    }
}

void gemm_full(LoweredGemm& g)
{
    const GemmDims d = g.dims();
    gemm_tile(g, 0, d.m, 0, d.n, 0, d.k);
}

Tensor4 assemble_conv(const LoweredConv& lc, const std::vector<double>& bias, const FixedFormat* q)
{
    const std::vector<GemmDims> expect = dims_of(lc);
    if (expect.size() != lc.gemms.size())
        throw Error("assemble_conv: " + std::to_string(lc.gemms.size()) + " GEMMs, expected " +
                    std::to_string(expect.size()));
    for (std::size_t i = 0; i < expect.size(); ++i) {
        const LoweredGemm& g = lc.gemms[i];
        if (!(g.dims() == expect[i]) || g.c.rows() != g.a.rows() || g.c.cols() != g.b.cols())
            throw Error("assemble_conv: GEMM " + std::to_string(i) + " is " + g.dims().str() +
                        ", expected " + expect[i].str());
    }
    if (!bias.empty() && static_cast<int>(bias.size()) != lc.out_c)
        throw Error("bias length " + std::to_string(bias.size()) +
                    " does not match the number of output channels O = " + std::to_string(lc.out_c));
    if (q) validate(*q);
    Tensor4 out(1, lc.out_c, lc.out_h, lc.out_w);
    out.setZero();
    switch (lc.algorithm) {
    case ConvAlgorithm::im2col: detail::assemble_im2col(lc, out); break;
    case ConvAlgorithm::kn2row: detail::assemble_kn2row(lc, out); break;
    case ConvAlgorithm::winograd2:
    case ConvAlgorithm::winograd4: detail::assemble_winograd(lc, out); break;
    }
    const long plane = static_cast<long>(lc.out_h) * lc.out_w;
    double* y = out.data();
    for (long o = 0; o < lc.out_c; ++o) {
        double b = bias.empty() ? 0.0 : bias[static_cast<std::size_t>(o)];
        if (q) b = quantize(b, *q);
        for (long i = 0; i < plane; ++i) {
            double& v = y[o * plane + i];
            v += b;
            if (q) v = quantize(v, *q);
        }
    }
    return out;
}

Tensor4 conv2d_lowered(const Tensor4& input, const Tensor4& weights,
                       const std::vector<double>& bias, const Conv2dParams& p, ConvAlgorithm a,
                       const FixedFormat* q)
{
    check_conv_shapes(input, weights, bias, p);
    LoweredConv lc = lower_conv(input, weights, p, a, q);
    for (LoweredGemm& g : lc.gemms) gemm_full(g);
    return assemble_conv(lc, bias, q);
}

GemmDims fully_connected_gemm(int batch, int in_features, int out_features)
{
    if (batch < 1 || in_features < 1 || out_features < 1)
        throw Error("fully connected layer sizes must be >= 1, got batch " + std::to_string(batch) +
                    ", in " + std::to_string(in_features) + ", out " + std::to_string(out_features));
    return GemmDims{static_cast<std::uint64_t>(batch), static_cast<std::uint64_t>(out_features),
                    static_cast<std::uint64_t>(in_features)};
}

LoweredGemm lower_fully_connected(const Eigen::MatrixXd& x, const Eigen::MatrixXd& w,
                                  const FixedFormat* q)
{
    if (x.cols() != w.cols())
        throw Error("fully connected: input has " + std::to_string(x.cols()) +
                    " features but the weights (out x in) have " + std::to_string(w.cols()));
    fully_connected_gemm(static_cast<int>(x.rows()), static_cast<int>(x.cols()), static_cast<int>(w.rows()));
    if (q) validate(*q);
    LoweredGemm g{x, w.transpose(), Eigen::MatrixXd::Zero(x.rows(), w.rows())};
    if (q) {
        quantise_in_place(g.a, *q);
        quantise_in_place(g.b, *q);
    }
    return g;
}

Eigen::MatrixXd assemble_fully_connected(const LoweredGemm& g, const std::vector<double>& bias,
                                         const FixedFormat* q)
{
    if (!bias.empty() && static_cast<Eigen::Index>(bias.size()) != g.c.cols())
        throw Error("fully connected: bias length " + std::to_string(bias.size()) +
                    " does not match out_features " + std::to_string(g.c.cols()));
    if (q) validate(*q);
    Eigen::MatrixXd y = g.c;
    for (Eigen::Index j = 0; j < y.cols(); ++j) {
        double b = bias.empty() ? 0.0 : bias[static_cast<std::size_t>(j)];
        if (q) b = quantize(b, *q);
        for (Eigen::Index i = 0; i < y.rows(); ++i) {
            y(i, j) += b;
            if (q) y(i, j) = quantize(y(i, j), *q);
        }
    }
    return y;
}

}  // namespace specsim::numerics
