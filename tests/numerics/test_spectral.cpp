// SPDX-License-Identifier: MIT
// FFT plumbing against a naive DFT, spectral kernels, top-n pruning, and the pruned OaA
// convolution against a brute-force spatial formula built from the pruned spectra.
#include <catch2/catch.hpp>

#include <algorithm>

#include "helpers.hpp"
#include "numerics/conv_direct.hpp"
#include "numerics/conv_fft.hpp"
#include "numerics/fft2d.hpp"
#include "numerics/metrics.hpp"
#include "util/error.hpp"

using namespace specsim::numerics;
using specsim::numerics::test::naive_dft2;
using specsim::numerics::test::random_tensor;

namespace {

double max_diff(const cplx* a, const cplx* b, std::size_t n)
{
    double m = 0.0;
    for (std::size_t i = 0; i < n; ++i) m = std::max(m, std::abs(a[i] - b[i]));
    return m;
}

// Brute force: the real part of IFFT(X ⊙ W) for a real tile x equals the circular
// convolution of x with w_eff = Re(IDFT(W)); sum those per tile (overlap-add), crop, stride.
Tensor4 brute_force_conv(const Tensor4& x, const SpectralKernels& s, const Conv2dParams& p)
{
    const int K = s.fft_size();
    const TileGeometry g = tile_geometry(static_cast<int>(x.dimension(2)), static_cast<int>(x.dimension(3)),
                                         s.kernel_h(), s.kernel_w(), K, p);
    const int O = s.out_channels(), C = s.in_channels();
    Tensor4 y(x.dimension(0), O, g.out_h, g.out_w);
    y.setZero();
    for (int o = 0; o < O; ++o)
        for (int m = 0; m < C; ++m) {
            const std::vector<cplx> W(s.spectrum(o, m), s.spectrum(o, m) + K * K);
            const std::vector<cplx> weff = naive_dft2(W, K, +1);
            for (int n = 0; n < x.dimension(0); ++n)
                for (int i = 0; i < g.out_h; ++i)
                    for (int j = 0; j < g.out_w; ++j) {
                        const int R = i * p.stride_h + s.kernel_h() - 1;  // full-conv index
                        const int Cc = j * p.stride_w + s.kernel_w() - 1;
                        double acc = 0.0;
                        for (int tr = 0; tr < g.tiles_h; ++tr)
                            for (int tc = 0; tc < g.tiles_w; ++tc) {
                                const int r = R - tr * g.tile_h, c = Cc - tc * g.tile_w;
                                if (r < 0 || r >= K || c < 0 || c >= K) continue;
                                for (int a = 0; a < g.tile_h; ++a)
                                    for (int b = 0; b < g.tile_w; ++b) {
                                        const int row = tr * g.tile_h + a - p.pad_top;
                                        const int col = tc * g.tile_w + b - p.pad_left;
                                        if (row < 0 || row >= x.dimension(2) || col < 0 ||
                                            col >= x.dimension(3))
                                            continue;
                                        const int wr = ((r - a) % K + K) % K, wc = ((c - b) % K + K) % K;
                                        acc += x(n, m, row, col) * weff[static_cast<std::size_t>(wr * K + wc)].real();
                                    }
                            }
                        y(n, o, i, j) += acc;
                    }
        }
    return y;
}

}  // namespace

TEST_CASE("Fft2d matches the naive DFT and inverts, on aligned and unaligned arrays", "[fft]")
{
    for (const int K : {4, 8, 16}) {
        const std::size_t kk = static_cast<std::size_t>(K) * K;
        specsim::numerics::Rng rng(static_cast<std::uint64_t>(K));
        std::vector<cplx> x(kk + 1);
        for (auto& v : x) v = cplx(rng.normal(), rng.normal());
        const std::vector<cplx> xs(x.begin() + 1, x.end());
        const std::vector<cplx> ref = naive_dft2(xs, K, -1);
        const Fft2d fft(K);
        FftBuffer in(kk), out(kk);
        std::copy(xs.begin(), xs.end(), in.data());
        fft.forward(in.data(), out.data());
        CHECK(max_diff(out.data(), ref.data(), kk) < 1e-12 * K * K);
        std::vector<cplx> unaligned(kk + 1);
        fft.forward(x.data() + 1, unaligned.data() + 1);  // 16-byte offset arrays
        CHECK(max_diff(unaligned.data() + 1, ref.data(), kk) < 1e-12 * K * K);
        fft.inverse(out.data(), out.data());  // in place (aliasing)
        CHECK(max_diff(out.data(), xs.data(), kk) < 1e-14 * K * K);
    }
    CHECK_THROWS_AS(Fft2d(0), specsim::Error);
}

TEST_CASE("kernel spectrum is the DFT of the flipped, zero-padded kernel", "[spectral]")
{
    const int K = 8;
    const Tensor4 w = random_tensor(1, 1, 3, 5, 11);
    std::vector<cplx> padded(K * K);
    for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 5; ++b) padded[static_cast<std::size_t>(a * K + b)] = w(0, 0, 2 - a, 4 - b);
    const std::vector<cplx> ref = naive_dft2(padded, K, -1);
    std::vector<cplx> got(K * K);
    kernel_spectrum(w.data(), 3, 5, K, got.data());
    CHECK(max_diff(got.data(), ref.data(), K * K) < 1e-12);
    CHECK_THROWS_WITH(kernel_spectrum(w.data(), 3, 9, K, got.data()),
                      Catch::Contains("larger than the FFT size"));
}

TEST_CASE("tile_spectrum is the DFT of the zero-padded padded-input tile", "[spectral]")
{
    const Tensor4 x = random_tensor(2, 3, 7, 9, 12);
    Conv2dParams p;
    p.pad_top = 2;
    p.pad_left = 1;
    const TileGeometry g = tile_geometry(7, 9, 3, 3, 8, p);
    std::vector<cplx> tile(64);
    for (int a = 0; a < g.tile_h; ++a)
        for (int b = 0; b < g.tile_w; ++b) {
            const int row = 1 * g.tile_h + a - p.pad_top, col = 0 * g.tile_w + b - p.pad_left;
            if (row >= 0 && row < 7 && col >= 0 && col < 9) tile[static_cast<std::size_t>(a * 8 + b)] = x(1, 2, row, col);
        }
    std::vector<cplx> got(64);
    tile_spectrum(x, 1, 2, g, 1, 0, got.data());
    CHECK(max_diff(got.data(), naive_dft2(tile, 8, -1).data(), 64) < 1e-12);
    CHECK_THROWS_AS(tile_spectrum(x, 0, 0, g, g.tiles_h, 0, got.data()), specsim::Error);
}

TEST_CASE("prune_top_n keeps exactly the n largest magnitudes per kernel", "[spectral][prune]")
{
    const Tensor4 w = random_tensor(4, 3, 3, 3, 21);
    for (const int K : {8, 16}) {
        const SpectralKernels dense = SpectralKernels::from_spatial(w, K);
        for (const int n : {0, 1, 16, K * K / 2, K * K}) {
            SpectralKernels s = dense;
            s.prune_top_n(n);
            CHECK(s.total_nnz() == static_cast<std::size_t>(4 * 3 * n));
            for (int o = 0; o < 4; ++o)
                for (int i = 0; i < 3; ++i) {
                    REQUIRE(s.nnz(o, i) == n);
                    const auto nz = s.nonzeros(o, i);
                    REQUIRE(nz.size() == static_cast<std::size_t>(n));
                    double min_kept = 1e300, max_dropped = 0.0;
                    for (int b = 0; b < K * K; ++b) {
                        const double mag = std::abs(dense.spectrum(o, i)[b]);
                        if (s.mask(o, i)[b]) {
                            min_kept = std::min(min_kept, mag);
                            CHECK(s.spectrum(o, i)[b] == dense.spectrum(o, i)[b]);
                        } else {
                            max_dropped = std::max(max_dropped, mag);
                            CHECK(s.spectrum(o, i)[b] == cplx(0.0, 0.0));
                        }
                    }
                    if (n > 0 && n < K * K) CHECK(min_kept >= max_dropped);
                    for (std::size_t k = 1; k < nz.size(); ++k) CHECK(nz[k - 1].bin < nz[k].bin);
                }
        }
    }
    SpectralKernels s = SpectralKernels::from_spatial(w, 8);
    CHECK_THROWS_AS(s.prune_top_n(65), specsim::Error);
    CHECK_THROWS_AS(s.prune_top_n(-1), specsim::Error);
}

TEST_CASE("prune_top_n breaks ties by the lower bin index", "[spectral][prune]")
{
    SpectralKernels s(1, 1, 3, 3, 8);
    CHECK(s.nnz(0, 0) == 0);
    const cplx unit[4] = {{1.0, 0.0}, {0.0, 1.0}, {-1.0, 0.0}, {0.0, -1.0}};
    for (int b = 0; b < 64; ++b) s.set_bin(0, 0, b, unit[b % 4]);  // |W| exactly 1
    s.set_bin(0, 0, 40, cplx(2.0, 0.0));
    s.prune_top_n(5);
    const auto nz = s.nonzeros(0, 0);
    REQUIRE(nz.size() == 5);
    CHECK(nz[0].bin == 0);
    CHECK(nz[3].bin == 3);
    CHECK(nz[4].bin == 40);
}

TEST_CASE("pruned FFT convolution equals the brute-force spectral formula", "[spectral][prune][fft]")
{
    const Tensor4 x = random_tensor(2, 2, 7, 9, 31);
    const Tensor4 w = random_tensor(3, 2, 3, 2, 32);
    Conv2dParams p;
    p.stride_h = 2;
    p.pad_top = 1;
    p.pad_left = 2;
    p.pad_bottom = 0;
    p.pad_right = 1;
    for (const int n : {10, 64}) {
        SpectralKernels s = SpectralKernels::from_spatial(w, 8);
        s.prune_top_n(n);
        const Tensor4 got = conv2d_fft(x, s, {}, p);
        const Tensor4 ref = brute_force_conv(x, s, p);
        const ErrorMetrics m = compare(ref, got);
        INFO("n = " << n << " max_rel " << m.max_rel);
        CHECK(m.max_rel <= 1e-9);
        if (n == 64) CHECK(compare(conv2d_direct(x, w, {}, p), got).max_rel <= 1e-9);
        else CHECK(compare(conv2d_direct(x, w, {}, p), got).max_rel > 1e-3);  // pruning matters
    }
}
