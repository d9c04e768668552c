// SPDX-License-Identifier: MIT
// Overlap-and-add FFT convolution against the direct reference on seeded random cases,
// plus output-size and shape-error checks.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "numerics/conv_direct.hpp"
#include "numerics/conv_fft.hpp"
#include "numerics/metrics.hpp"
#include "util/error.hpp"

using namespace specsim::numerics;
using specsim::numerics::test::random_tensor;
using specsim::numerics::test::random_vector;

namespace {

struct Case {
    int n, c, h, w, o, kh, kw;
    Conv2dParams p;
    bool bias;
};

}  // namespace

TEST_CASE("conv output size and parameter validation", "[conv]")
{
    Conv2dParams p;
    p.stride_h = 2;
    p.pad_top = 1;
    p.pad_bottom = 2;
    const OutputSize s = conv_output_size(13, 17, 3, 5, p);
    CHECK(s.h == (13 + 3 - 3) / 2 + 1);
    CHECK(s.w == 17 - 5 + 1);
    Conv2dParams bad;
    bad.stride_w = 0;
    CHECK_THROWS_AS(conv_output_size(8, 8, 3, 3, bad), specsim::Error);
    bad = Conv2dParams{};
    bad.pad_left = -1;
    CHECK_THROWS_AS(conv_output_size(8, 8, 3, 3, bad), specsim::Error);
    CHECK_THROWS_WITH(conv_output_size(2, 8, 3, 3, Conv2dParams{}),
                      Catch::Contains("larger than the padded input"));
    Conv2dParams pad;
    pad.pad_top = 1;
    CHECK(conv_output_size(2, 8, 3, 3, pad).h == 1);
}

TEST_CASE("conv shape mismatches throw specsim::Error", "[conv]")
{
    const Tensor4 x = random_tensor(1, 3, 8, 8, 1);
    const Tensor4 w = random_tensor(4, 2, 3, 3, 2);
    CHECK_THROWS_WITH(conv2d_direct(x, w, {}, {}), Catch::Contains("channel mismatch"));
    CHECK_THROWS_WITH(conv2d_fft(x, w, {}, {}, 8), Catch::Contains("channel mismatch"));
    const Tensor4 w3 = random_tensor(4, 3, 3, 3, 2);
    CHECK_THROWS_WITH(conv2d_direct(x, w3, random_vector(3, 3), {}), Catch::Contains("bias length 3"));
    const Tensor4 x12 = random_tensor(1, 3, 12, 12, 1);
    const Tensor4 w9 = random_tensor(4, 3, 9, 3, 2);
    CHECK_NOTHROW(conv2d_direct(x12, w9, {}, {}));
    CHECK_THROWS_WITH(conv2d_fft(x12, w9, {}, {}, 8), Catch::Contains("larger than the FFT size K = 8"));
}

TEST_CASE("direct conv matches a hand-computed case", "[conv]")
{
    Tensor4 x(1, 1, 2, 3);
    x.setValues({{{{1, 2, 3}, {4, 5, 6}}}});
    Tensor4 w(1, 1, 1, 2);
    w.setValues({{{{10, 1}}}});  // cross-correlation: y = 10·x[j] + x[j+1]
    const Tensor4 y = conv2d_direct(x, w, {0.5}, {});
    REQUIRE(y.dimension(3) == 2);
    CHECK(y(0, 0, 0, 0) == 12.5);
    CHECK(y(0, 0, 0, 1) == 23.5);
    CHECK(y(0, 0, 1, 1) == 56.5);
}

TEST_CASE("FFT overlap-and-add equals direct convolution", "[conv][fft]")
{
    const auto P = [](int sh, int sw, int t, int l, int b, int r) {
        Conv2dParams p;
        p.stride_h = sh;
        p.stride_w = sw;
        p.pad_top = t;
        p.pad_left = l;
        p.pad_bottom = b;
        p.pad_right = r;
        return p;
    };
    const std::vector<Case> cases = {
        {2, 3, 13, 17, 7, 3, 3, P(1, 1, 1, 1, 1, 1), true},
        {2, 7, 13, 17, 5, 3, 5, P(2, 1, 0, 2, 1, 0), true},
        {1, 13, 17, 13, 3, 5, 5, P(2, 2, 2, 1, 0, 3), false},
        {2, 3, 11, 9, 13, 1, 1, P(2, 1, 0, 0, 0, 0), true},
        {1, 3, 19, 23, 4, 5, 3, P(1, 2, 1, 2, 2, 1), true},
        {2, 3, 3, 4, 2, 3, 3, P(1, 1, 1, 1, 1, 1), true},   // input smaller than one tile
        {1, 2, 2, 2, 3, 3, 3, P(2, 2, 1, 1, 2, 2), false},  // tiny input, heavy padding
        {1, 2, 10, 12, 2, 8, 3, P(1, 1, 0, 0, 0, 0), true}, // k_h == K = 8: T_h = 1
    };
    std::uint64_t seed = 100;
    for (const int K : {8, 16, 32}) {
        for (const Case& c : cases) {
            if (c.kh > K || c.kw > K) continue;
            const Tensor4 x = random_tensor(c.n, c.c, c.h, c.w, ++seed);
            const Tensor4 w = random_tensor(c.o, c.c, c.kh, c.kw, ++seed);
            const std::vector<double> b = c.bias ? random_vector(static_cast<std::size_t>(c.o), ++seed)
                                                 : std::vector<double>{};
            const Tensor4 ref = conv2d_direct(x, w, b, c.p);
            const Tensor4 y = conv2d_fft(x, w, b, c.p, K);
            INFO("K " << K << " input " << c.n << "x" << c.c << "x" << c.h << "x" << c.w
                      << " kernel " << c.o << "x" << c.kh << "x" << c.kw << " stride "
                      << c.p.stride_h << "," << c.p.stride_w);
            REQUIRE(y.dimension(2) == ref.dimension(2));
            REQUIRE(y.dimension(3) == ref.dimension(3));
            const ErrorMetrics m = compare(ref, y);
            CHECK(m.max_rel <= 1e-9);
            CHECK(m.max_rel >= 0.0);
        }
    }
}

TEST_CASE("a corrupted spectrum makes FFT and direct differ (the check can fail)", "[conv][fft]")
{
    const Tensor4 x = random_tensor(1, 3, 13, 17, 7);
    const Tensor4 w = random_tensor(2, 3, 3, 3, 8);
    SpectralKernels s = SpectralKernels::from_spatial(w, 8);
    s.set_bin(1, 2, 9, s.spectrum(1, 2)[9] * 1.001);
    const ErrorMetrics m = compare(conv2d_direct(x, w, {}, {}), conv2d_fft(x, s, {}, {}));
    CHECK(m.max_rel > 1e-6);
}

TEST_CASE("tile geometry of the paper's layer", "[conv][fft]")
{
    Conv2dParams p;
    p.pad_top = p.pad_left = p.pad_bottom = p.pad_right = 1;
    const TileGeometry g = tile_geometry(224, 224, 3, 3, 8, p);
    CHECK(g.tile_h == 6);
    CHECK(g.tile_w == 6);
    CHECK(g.tiles_h == 38);  // ⌈226 / 6⌉
    CHECK(g.out_h == 224);
    CHECK_THROWS_WITH(tile_geometry(12, 12, 9, 3, 8, Conv2dParams{}), Catch::Contains("larger than the FFT size"));
}
