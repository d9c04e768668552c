// SPDX-License-Identifier: MIT
// Winograd F(m×m, 3×3) lowering (Lavin & Gray 2016): per 3×3 kernel piece, every (m+2)²
// input tile is transformed (Bᵀ·d·B) and every 3×3 filter (G·g·Gᵀ); element (ξ, ν) of the
// transforms over all tiles × channels and channels × filters is one GEMM. Assembly sums
// the pieces' C in the transformed domain and applies Aᵀ·M·A per tile, cropping edge tiles.
#include <array>

#include "numerics/conv_lowering_detail.hpp"
#include "util/error.hpp"

namespace specsim::numerics {

namespace {

Eigen::MatrixXd from_rows(int rows, int cols, std::initializer_list<double> v)
{
    Eigen::MatrixXd m(rows, cols);
    auto it = v.begin();
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) m(r, c) = *it++;
    return m;
}

WinogradMatrices make_f2()
{
    WinogradMatrices w;
    w.m = 2;
    w.bt = from_rows(4, 4, {1, 0, -1, 0,
                            0, 1, 1, 0,
                            0, -1, 1, 0,
                            0, 1, 0, -1});
    w.g = from_rows(4, 3, {1, 0, 0,
                           0.5, 0.5, 0.5,
                           0.5, -0.5, 0.5,
                           0, 0, 1});
    w.at = from_rows(2, 4, {1, 1, 1, 0,
                            0, 1, -1, -1});
    return w;
}

WinogradMatrices make_f4()
{
    WinogradMatrices w;
    w.m = 4;
    w.bt = from_rows(6, 6, {4, 0, -5, 0, 1, 0,
                            0, -4, -4, 1, 1, 0,
                            0, 4, -4, -1, 1, 0,
                            0, -2, -1, 2, 1, 0,
                            0, 2, -1, -2, 1, 0,
                            0, 4, 0, -5, 0, 1});
    w.g = from_rows(6, 3, {1.0 / 4, 0, 0,
                           -1.0 / 6, -1.0 / 6, -1.0 / 6,
                           -1.0 / 6, 1.0 / 6, -1.0 / 6,
                           1.0 / 24, 1.0 / 12, 1.0 / 6,
                           1.0 / 24, -1.0 / 12, 1.0 / 6,
                           0, 0, 1});
    w.at = from_rows(4, 6, {1, 1, 1, 1, 1, 0,
                            0, 1, -1, 2, -2, 0,
                            0, 1, 1, 4, 4, 0,
                            0, 1, -1, 8, -8, 1});
    return w;
}

template <int M>
void lower_t(const Tensor4& input, const Tensor4& weights, const Conv2dParams& p, LoweredConv& lc)
{
    constexpr int T = M + 2;
    using TileMat = Eigen::Matrix<double, T, T>;
    using Plane = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const WinogradMatrices& wm = winograd_matrices(M);
    const Eigen::Matrix<double, T, T> bt = wm.bt;
    const Eigen::Matrix<double, T, 3> g = wm.g;

    const long C = lc.in_c, O = lc.out_c, H = input.dimension(2), W = input.dimension(3);
    const long KH = lc.k_h, KW = lc.k_w;
    const long tiles = static_cast<long>(lc.tiles_h) * lc.tiles_w;
    const long pieces = static_cast<long>(lc.pieces_h) * lc.pieces_w;
    lc.gemms.resize(static_cast<std::size_t>(pieces * T * T));
    for (LoweredGemm& gm : lc.gemms) {
        gm.a.resize(tiles, C);
        gm.b.resize(C, O);
        gm.c = Eigen::MatrixXd::Zero(tiles, O);
    }

    // The padded input of one channel, extended with zeros so every tile of every piece
    // (rows ti·m + 3p .. + m+1) lies inside: edge tiles read zeros past the padded input.
    const long ext_h = static_cast<long>(lc.tiles_h) * M + 2 + 3L * (lc.pieces_h - 1);
    const long ext_w = static_cast<long>(lc.tiles_w) * M + 2 + 3L * (lc.pieces_w - 1);
    Plane ext(ext_h, ext_w);
    for (long c = 0; c < C; ++c) {
        const double* plane = input.data() + c * H * W;
        for (long r = 0; r < ext_h; ++r)
            for (long x = 0; x < ext_w; ++x)
                ext(r, x) = detail::padded_at(plane, H, W, r - p.pad_top, x - p.pad_left);
        for (long pp = 0; pp < pieces; ++pp) {
            const long off_r = 3 * (pp / lc.pieces_w), off_c = 3 * (pp % lc.pieces_w);
            LoweredGemm* base = lc.gemms.data() + pp * T * T;
            for (long ti = 0; ti < lc.tiles_h; ++ti) {
                for (long tj = 0; tj < lc.tiles_w; ++tj) {
                    const TileMat d = ext.template block<T, T>(ti * M + off_r, tj * M + off_c);
                    const TileMat v = bt * d * bt.transpose();
                    const long t = ti * lc.tiles_w + tj;
                    for (int e = 0; e < T * T; ++e) base[e].a(t, c) = v(e / T, e % T);
                }
            }
        }
    }

    const double* w = weights.data();
    for (long o = 0; o < O; ++o) {
        for (long c = 0; c < C; ++c) {
            const double* k = w + (o * C + c) * KH * KW;
            for (long pp = 0; pp < pieces; ++pp) {
                const long off_r = 3 * (pp / lc.pieces_w), off_c = 3 * (pp % lc.pieces_w);
                Eigen::Matrix3d piece;  // zero past the kernel edge
                for (long a = 0; a < 3; ++a)
                    for (long b = 0; b < 3; ++b)
                        piece(a, b) = (off_r + a < KH && off_c + b < KW) ? k[(off_r + a) * KW + off_c + b] : 0.0;
                const TileMat u = g * piece * g.transpose();
                LoweredGemm* base = lc.gemms.data() + pp * T * T;
                for (int e = 0; e < T * T; ++e) base[e].b(c, o) = u(e / T, e % T);
            }
        }
    }
}

template <int M>
void assemble_t(const LoweredConv& lc, Tensor4& out)
{
    constexpr int T = M + 2;
    using TileMat = Eigen::Matrix<double, T, T>;
    const Eigen::Matrix<double, M, T> at = winograd_matrices(M).at;
    const long tiles = static_cast<long>(lc.tiles_h) * lc.tiles_w;
    const long pieces = static_cast<long>(lc.pieces_h) * lc.pieces_w;
    // Pieces share tiles and filters, so their products add before the (linear) output
    // transform: one Aᵀ·M·A per tile instead of one per piece.
    std::array<Eigen::MatrixXd, T * T> sum;
    for (int e = 0; e < T * T; ++e) {
        sum[e] = lc.gemms[static_cast<std::size_t>(e)].c;
        for (long pp = 1; pp < pieces; ++pp) sum[e] += lc.gemms[static_cast<std::size_t>(pp * T * T + e)].c;
    }
    double* y = out.data();
    const long oh = lc.out_h, ow = lc.out_w;
    for (long o = 0; o < lc.out_c; ++o) {
        for (long t = 0; t < tiles; ++t) {
            TileMat mt;
            for (int e = 0; e < T * T; ++e) mt(e / T, e % T) = sum[e](t, o);
            const Eigen::Matrix<double, M, M> yt = at * mt * at.transpose();
            const long i0 = (t / lc.tiles_w) * M, j0 = (t % lc.tiles_w) * M;
            for (long u = 0; u < M && i0 + u < oh; ++u)
                for (long v = 0; v < M && j0 + v < ow; ++v) y[(o * oh + i0 + u) * ow + j0 + v] += yt(u, v);
        }
    }
}

}  // namespace

const WinogradMatrices& winograd_matrices(int m)
{
    static const WinogradMatrices f2 = make_f2();
    static const WinogradMatrices f4 = make_f4();
    if (m == 2) return f2;
    if (m == 4) return f4;
    throw Error("Winograd F(mxm,3x3) is implemented for m = 2 and 4, got m = " + std::to_string(m));
}

namespace detail {

void lower_winograd(const Tensor4& input, const Tensor4& weights, const Conv2dParams& p,
                    LoweredConv& lc)
{
    if (lc.tile_m == 2) lower_t<2>(input, weights, p, lc);
    else lower_t<4>(input, weights, p, lc);
}

void assemble_winograd(const LoweredConv& lc, Tensor4& out)
{
    if (lc.tile_m == 2) assemble_t<2>(lc, out);
    else assemble_t<4>(lc, out);
}

}  // namespace detail

}  // namespace specsim::numerics
