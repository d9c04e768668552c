// SPDX-License-Identifier: MIT
// GEMM lowering of convolutions (im2col, kn2row, Winograd F2/F4) against the direct and FFT
// references: shapes and MAC counts, tile-order independence of the fold GEMM, 16-bit
// fixed-point SNR, capability errors, and the fully connected GEMM.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <sstream>
#include <tuple>

#include "helpers.hpp"
#include "numerics/conv_direct.hpp"
#include "numerics/conv_fft.hpp"
#include "numerics/conv_lowering.hpp"
#include "numerics/metrics.hpp"
#include "util/error.hpp"

using namespace specsim::numerics;
using specsim::numerics::test::random_tensor;
using specsim::numerics::test::random_vector;

namespace {

Conv2dParams params(int sh, int sw, int top, int left, int bottom, int right)
{
    Conv2dParams p;
    p.stride_h = sh;
    p.stride_w = sw;
    p.pad_top = top;
    p.pad_left = left;
    p.pad_bottom = bottom;
    p.pad_right = right;
    return p;
}

struct Case {
    const char* name;
    int c, h, w, o, kh, kw;
    Conv2dParams p;
};

const Case k_cases[] = {
    {"1x1", 3, 7, 9, 4, 1, 1, params(1, 1, 0, 0, 0, 0)},
    {"3x3 pad 1", 4, 8, 8, 5, 3, 3, params(1, 1, 1, 1, 1, 1)},
    {"3x3 odd sizes, partial Winograd edge tiles", 3, 11, 13, 2, 3, 3, params(1, 1, 1, 1, 1, 1)},
    {"3x3 no padding, odd", 2, 9, 7, 3, 3, 3, params(1, 1, 0, 0, 0, 0)},
    {"3x3 asymmetric pads", 2, 9, 10, 3, 3, 3, params(1, 1, 0, 2, 1, 0)},
    {"4x4 (Winograd: 2x2 pieces, zero-padded)", 3, 10, 9, 2, 4, 4, params(1, 1, 2, 1, 1, 2)},
    {"5x5 pad 2", 3, 12, 11, 4, 5, 5, params(1, 1, 2, 2, 2, 2)},
    {"7x7 asymmetric pads", 2, 13, 15, 2, 7, 7, params(1, 1, 3, 1, 2, 0)},
    {"1x3 non-square", 3, 6, 10, 4, 1, 3, params(1, 1, 0, 1, 0, 1)},
    {"3x3 stride 2", 3, 15, 14, 4, 3, 3, params(2, 2, 1, 1, 1, 1)},
    {"5x3 stride 2x1, asymmetric pads", 2, 12, 9, 3, 5, 3, params(2, 1, 2, 0, 1, 1)},
    {"11x11 stride 4", 3, 27, 25, 2, 11, 11, params(4, 4, 2, 2, 2, 2)},
    {"several channels", 16, 10, 10, 8, 3, 3, params(1, 1, 1, 1, 1, 1)},
};

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }

/// Closed-form MAC count of a lowering (see the header for each algorithm).
std::uint64_t expected_macs(ConvAlgorithm a, const Case& k, const OutputSize& os)
{
    const std::uint64_t pixels = static_cast<std::uint64_t>(os.h) * os.w;
    const std::uint64_t C = k.c, O = k.o;
    if (a == ConvAlgorithm::im2col || a == ConvAlgorithm::kn2row)
        return pixels * O * static_cast<std::uint64_t>(k.kh) * k.kw * C;
    const std::uint64_t m = a == ConvAlgorithm::winograd2 ? 2 : 4;
    const std::uint64_t pieces = ceil_div(k.kh, 3) * ceil_div(k.kw, 3);
    return pieces * (m + 2) * (m + 2) * ceil_div(os.h, m) * ceil_div(os.w, m) * C * O;
}

std::vector<GemmDims> dims_of(const LoweredConv& lc)
{
    std::vector<GemmDims> d;
    for (const LoweredGemm& g : lc.gemms) d.push_back(g.dims());
    return d;
}

/// Fisher–Yates with the portable Rng.
template <typename T>
void shuffle(std::vector<T>& v, Rng& rng)
{
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.uniform_int(i)]);
}

std::vector<std::pair<std::uint64_t, std::uint64_t>> chunks(std::uint64_t n, std::uint64_t step)
{
    std::vector<std::pair<std::uint64_t, std::uint64_t>> r;
    for (std::uint64_t s = 0; s < n; s += step) r.emplace_back(s, std::min(n, s + step));
    return r;
}

double max_abs(const Eigen::MatrixXd& m) { return m.cwiseAbs().maxCoeff(); }

}  // namespace

TEST_CASE("lowered convolutions equal direct convolution in double", "[lowering]")
{
    std::uint64_t seed = 100;
    for (const Case& k : k_cases) {
        const Tensor4 x = random_tensor(1, k.c, k.h, k.w, seed++);
        const Tensor4 w = random_tensor(k.o, k.c, k.kh, k.kw, seed++);
        const std::vector<double> bias = random_vector(static_cast<std::size_t>(k.o), seed++);
        const Tensor4 ref = conv2d_direct(x, w, bias, k.p);
        const OutputSize os = conv_output_size(k.h, k.w, k.kh, k.kw, k.p);
        for (const ConvAlgorithm a : all_conv_algorithms()) {
            INFO(k.name << " / " << to_string(a));
            const std::string why = unsupported_reason(a, k.kh, k.kw, k.p);
            const bool winograd = a == ConvAlgorithm::winograd2 || a == ConvAlgorithm::winograd4;
            const bool winograd_ok = k.p.stride_h == 1 && k.p.stride_w == 1 && k.kh == k.kw && k.kh >= 3;
            CHECK(why.empty() == (!winograd || winograd_ok));
            if (!why.empty()) {
                CHECK_THROWS_WITH(lower_conv(x, w, k.p, a), Catch::Contains(why));
                CHECK_THROWS_AS(lowered_gemms(a, k.c, k.h, k.w, k.o, k.kh, k.kw, k.p), specsim::Error);
                continue;
            }
            LoweredConv lc = lower_conv(x, w, k.p, a);
            const std::vector<GemmDims> dims = lowered_gemms(a, k.c, k.h, k.w, k.o, k.kh, k.kw, k.p);
            CHECK(dims == dims_of(lc));
            std::uint64_t macs = 0;
            for (const GemmDims& d : dims) macs += d.macs();
            CHECK(macs == expected_macs(a, k, os));
            for (LoweredGemm& g : lc.gemms) {
                CHECK(g.c.rows() == g.a.rows());
                CHECK(g.c.cols() == g.b.cols());
                CHECK(max_abs(g.c) == 0.0);
                gemm_full(g);
            }
            const Tensor4 y = assemble_conv(lc, bias);
            const ErrorMetrics e = compare(ref, y);
            CHECK(e.max_rel <= 1e-9);
            const ErrorMetrics e2 = compare(ref, conv2d_lowered(x, w, bias, k.p, a));
            CHECK(e2.max_rel <= 1e-9);
        }
    }
}

TEST_CASE("lowered convolutions equal the FFT overlap-and-add convolution", "[lowering][fft]")
{
    const Conv2dParams p = params(1, 1, 1, 2, 2, 1);
    const Tensor4 x = random_tensor(1, 5, 14, 13, 7);
    const Tensor4 w = random_tensor(6, 5, 3, 3, 8);
    const std::vector<double> bias = random_vector(6, 9);
    const Tensor4 ref = conv2d_fft(x, w, bias, p, 8);
    for (const ConvAlgorithm a : all_conv_algorithms()) {
        INFO(to_string(a));
        CHECK(compare(ref, conv2d_lowered(x, w, bias, p, a)).max_rel <= 1e-9);
    }
}

TEST_CASE("Winograd matrices satisfy the 1-D F(m,3) identity", "[lowering][winograd]")
{
    Rng rng(11);
    for (const int m : {2, 4}) {
        const WinogradMatrices& wm = winograd_matrices(m);
        REQUIRE(wm.bt.rows() == m + 2);
        REQUIRE(wm.g.rows() == m + 2);
        REQUIRE(wm.at.rows() == m);
        Eigen::VectorXd d(m + 2), g(3);
        for (int i = 0; i < m + 2; ++i) d(i) = 2.0 * rng.uniform01() - 1.0;
        for (int i = 0; i < 3; ++i) g(i) = 2.0 * rng.uniform01() - 1.0;
        const Eigen::VectorXd y = wm.at * (wm.g * g).cwiseProduct(wm.bt * d);
        for (int i = 0; i < m; ++i) CHECK(y(i) == Approx(d(i) * g(0) + d(i + 1) * g(1) + d(i + 2) * g(2)).margin(1e-14));
    }
    CHECK_THROWS_AS(winograd_matrices(6), specsim::Error);
}

TEST_CASE("filling C tile by tile in random order equals one full GEMM", "[lowering][tiles]")
{
    const Conv2dParams p = params(1, 1, 1, 1, 1, 1);
    const Tensor4 x = random_tensor(1, 13, 11, 9, 21);
    const Tensor4 w = random_tensor(10, 13, 3, 3, 22);
    const std::vector<double> bias = random_vector(10, 23);
    const Tensor4 ref = conv2d_direct(x, w, bias, p);
    Rng rng(24);
    for (const ConvAlgorithm a : all_conv_algorithms()) {
        INFO(to_string(a));
        LoweredConv full = lower_conv(x, w, p, a);
        LoweredConv same_k = full;   // rectangles shuffled, K chunks in increasing order
        LoweredConv any_k = full;    // rectangles and K chunks all shuffled
        for (std::size_t gi = 0; gi < full.gemms.size(); ++gi) {
            gemm_full(full.gemms[gi]);
            const GemmDims d = full.gemms[gi].dims();
            const auto rows = chunks(d.m, 7), cols = chunks(d.n, 3), ks = chunks(d.k, 5);
            std::vector<std::pair<std::size_t, std::size_t>> rects;
            std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> folds;
            for (std::size_t r = 0; r < rows.size(); ++r)
                for (std::size_t c = 0; c < cols.size(); ++c) {
                    rects.emplace_back(r, c);
                    for (std::size_t kk = 0; kk < ks.size(); ++kk) folds.emplace_back(r, c, kk);
                }
            shuffle(rects, rng);
            shuffle(folds, rng);
            for (const auto& [r, c] : rects)
                for (const auto& kr : ks)
                    gemm_tile(same_k.gemms[gi], rows[r].first, rows[r].second, cols[c].first,
                              cols[c].second, kr.first, kr.second);
            for (const auto& [r, c, kk] : folds)
                gemm_tile(any_k.gemms[gi], rows[r].first, rows[r].second, cols[c].first,
                          cols[c].second, ks[kk].first, ks[kk].second);
            const Eigen::MatrixXd& cf = full.gemms[gi].c;
            CHECK((same_k.gemms[gi].c.array() == cf.array()).all());
            CHECK(max_abs(any_k.gemms[gi].c - cf) <= 1e-12 * max_abs(cf));
        }
        const Tensor4 yf = assemble_conv(full, bias);
        CHECK(compare(yf, assemble_conv(same_k, bias)).max_abs == 0.0);
        CHECK(compare(yf, assemble_conv(any_k, bias)).max_rel <= 1e-12);
        CHECK(compare(ref, yf).max_rel <= 1e-9);
    }
}

TEST_CASE("16-bit fixed point lowering: SNR against the double direct convolution", "[lowering][fixed]")
{
    // Q8.8 (FixedFormat{16, 8}): inputs and weights in [-1, 1) fit, and so do the outputs
    // (|y| < 128 here) and every Winograd-transformed value (|Bᵀ·d·B| ≤ 100 for F4), so no
    // value saturates and the SNR differences are precision loss alone.
    const FixedFormat q{16, 8};
    const Conv2dParams p = params(1, 1, 1, 1, 1, 1);
    const Tensor4 x = random_tensor(1, 16, 20, 20, 31);
    const Tensor4 w = random_tensor(16, 16, 3, 3, 32);
    const std::vector<double> bias = random_vector(16, 33);
    const Tensor4 ref = conv2d_direct(x, w, bias, p);
    std::ostringstream report;
    report << "16-bit Q8.8 SNR vs double direct (16x20x20 -> 16, 3x3 pad 1):";
    double snr[4] = {};
    for (const ConvAlgorithm a : all_conv_algorithms()) {
        const LoweredConv lc = lower_conv(x, w, p, a, &q);
        CHECK(lc.quantised);
        for (const LoweredGemm& g : lc.gemms) {  // operands are stored on the Q8.8 grid
            CHECK(((g.a.array() * 256.0).round() == g.a.array() * 256.0).all());
            CHECK(((g.b.array() * 256.0).round() == g.b.array() * 256.0).all());
        }
        const Tensor4 y = conv2d_lowered(x, w, bias, p, a, &q);
        for (long i = 0; i < y.size(); ++i) REQUIRE(std::round(y.data()[i] * 256.0) == y.data()[i] * 256.0);
        snr[static_cast<int>(a)] = compare(ref, y).snr_db;
        report << "  " << to_string(a) << " " << snr[static_cast<int>(a)] << " dB";
    }
    WARN(report.str());
    CHECK(snr[0] >= 40.0);
    CHECK(snr[1] >= 40.0);
    // Winograd with one shared Q8.8: measured 47.1 dB (F2) and 9.3 dB (F4; G·g·Gᵀ entries
    // of ~g/36..g/576 keep only a few bits, and Aᵀ's ±8 rows amplify that error 64×).
    // Floors 3 dB below.
    CHECK(snr[2] >= 44.0);
    CHECK(snr[3] >= 6.0);
    CHECK(snr[3] < snr[2]);
    CHECK(snr[2] < snr[0]);

    // Informative: the same layer over the fraction width of one shared format (the F4 input
    // transform saturates beyond Q8.8, the outputs in Q4.12).
    std::ostringstream sweep;
    sweep << "SNR (dB) by frac_bits of a 16-bit word [im2col kn2row winograd2 winograd4]:";
    for (const int frac : {6, 8, 10, 12}) {
        const FixedFormat f{16, frac};
        sweep << "\n  Q" << 16 - frac << "." << frac << ":";
        for (const ConvAlgorithm a : all_conv_algorithms())
            sweep << " " << compare(ref, conv2d_lowered(x, w, bias, p, a, &f)).snr_db;
    }
    WARN(sweep.str());

    // Separate formats: A (input side) stays Q8.8, B (weight side) gets the most fraction
    // bits its values allow: weights in [-1, 1) and F4's G·g·Gᵀ (|·| < 1) fit Q1.15, F2's
    // G·g·Gᵀ (|·| ≤ 2.25) needs Q3.13. Output Q8.8.
    const FixedFormat b_formats[4] = {{16, 15}, {16, 15}, {16, 13}, {16, 15}};
    std::ostringstream split;
    split << "16-bit SNR with A Q8.8, B per algorithm, output Q8.8:";
    double snr_split[4] = {};
    for (const ConvAlgorithm a : all_conv_algorithms()) {
        const int i = static_cast<int>(a);
        const FixedFormat& qb = b_formats[i];
        // B fits: nothing beyond the format's range by more than one lsb (values in
        // [max_value, 1) clip by < 1 lsb in Q1.15).
        for (const LoweredGemm& g : lower_conv(x, w, p, a).gemms) {
            CHECK(g.b.maxCoeff() <= max_value(qb) + lsb(qb));
            CHECK(g.b.minCoeff() >= min_value(qb));
        }
        LoweredConv lc = lower_conv(x, w, p, a, q, qb);
        CHECK(lc.format_b.frac_bits == qb.frac_bits);
        for (LoweredGemm& g : lc.gemms) gemm_full(g);
        snr_split[i] = compare(ref, assemble_conv(lc, bias, &q)).snr_db;
        split << "  " << to_string(a) << " (B Q" << 16 - qb.frac_bits << "." << qb.frac_bits
              << ") " << snr_split[i] << " dB";
    }
    WARN(split.str());
    // Measured: im2col/kn2row 54.1 dB, F2 55.3 dB, F4 50.1 dB; Winograd floors 3 dB below.
    CHECK(snr_split[0] >= 40.0);
    CHECK(snr_split[1] >= 40.0);
    CHECK(snr_split[2] >= 52.0);
    CHECK(snr_split[3] >= 47.0);
    CHECK(snr_split[3] > snr[3] + 10.0);
}

TEST_CASE("unsupported layers and bad names are errors", "[lowering][errors]")
{
    const Conv2dParams s2 = params(2, 2, 1, 1, 1, 1);
    for (const ConvAlgorithm a : {ConvAlgorithm::winograd2, ConvAlgorithm::winograd4}) {
        INFO(to_string(a));
        CHECK_THAT(unsupported_reason(a, 3, 3, s2), Catch::Contains("Winograd needs stride 1"));
        CHECK_THAT(unsupported_reason(a, 3, 3, params(1, 2, 0, 0, 0, 0)), Catch::Contains("Winograd needs stride 1"));
        CHECK_THAT(unsupported_reason(a, 1, 1, {}), Catch::Contains("at least 3x3"));
        CHECK_THAT(unsupported_reason(a, 2, 2, {}), Catch::Contains("at least 3x3"));
        CHECK_THAT(unsupported_reason(a, 1, 3, {}), Catch::Contains("square kernel"));
        CHECK(unsupported_reason(a, 3, 3, {}).empty());
        CHECK(unsupported_reason(a, 11, 11, {}).empty());
        const Tensor4 x = random_tensor(1, 2, 8, 8, 41);
        CHECK_THROWS_WITH(lower_conv(x, random_tensor(2, 2, 3, 3, 42), s2, a),
                          Catch::Contains("Winograd needs stride 1"));
        CHECK_THROWS_WITH(lower_conv(x, random_tensor(2, 2, 1, 1, 43), {}, a),
                          Catch::Contains("at least 3x3"));
        CHECK_THROWS_AS(conv2d_lowered(x, random_tensor(2, 2, 1, 1, 43), {}, {}, a), specsim::Error);
    }
    for (const ConvAlgorithm a : {ConvAlgorithm::im2col, ConvAlgorithm::kn2row}) {
        CHECK(unsupported_reason(a, 1, 1, s2).empty());
        CHECK(unsupported_reason(a, 1, 7, s2).empty());
    }
    for (const ConvAlgorithm a : all_conv_algorithms()) CHECK(parse_conv_algorithm(to_string(a)) == a);
    CHECK_THROWS_WITH(parse_conv_algorithm("im2row"),
                      Catch::Contains("'im2row'") && Catch::Contains("im2col, kn2row, winograd2, winograd4"));
    CHECK_THROWS_AS(parse_conv_algorithm("Winograd2"), specsim::Error);

    // Shape and range errors.
    CHECK_THROWS_WITH(lower_conv(random_tensor(2, 2, 8, 8, 44), random_tensor(2, 2, 3, 3, 45), {},
                                 ConvAlgorithm::im2col),
                      Catch::Contains("batch must be 1"));
    CHECK_THROWS_WITH(lower_conv(random_tensor(1, 3, 8, 8, 44), random_tensor(2, 2, 3, 3, 45), {},
                                 ConvAlgorithm::kn2row),
                      Catch::Contains("channel mismatch"));
    LoweredConv lc = lower_conv(random_tensor(1, 2, 6, 6, 46), random_tensor(3, 2, 3, 3, 47), {},
                                ConvAlgorithm::im2col);
    LoweredGemm& g = lc.gemms[0];
    CHECK_THROWS_WITH(gemm_tile(g, 0, 17, 0, 3, 0, 18), Catch::Contains("outside the 16x3x18 GEMM"));
    CHECK_THROWS_AS(gemm_tile(g, 0, 16, 0, 4, 0, 18), specsim::Error);
    CHECK_THROWS_AS(gemm_tile(g, 0, 16, 0, 3, 5, 4), specsim::Error);
    CHECK_NOTHROW(gemm_tile(g, 3, 3, 0, 3, 0, 18));  // empty fold
    CHECK_THROWS_WITH(assemble_conv(lc, {1.0, 2.0}), Catch::Contains("bias length 2"));
    lc.gemms.pop_back();
    CHECK_THROWS_AS(assemble_conv(lc, {}), specsim::Error);
}

TEST_CASE("a fully connected layer is one GEMM with one row per batch item", "[lowering][fc]")
{
    const GemmDims d = fully_connected_gemm(3, 20, 7);
    CHECK(d == GemmDims{3, 7, 20});
    CHECK_THROWS_AS(fully_connected_gemm(0, 20, 7), specsim::Error);
    Rng rng(51);
    Eigen::MatrixXd x(3, 20), w(7, 20);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = 2.0 * rng.uniform01() - 1.0;
    for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = 2.0 * rng.uniform01() - 1.0;
    const std::vector<double> bias = random_vector(7, 52);
    LoweredGemm g = lower_fully_connected(x, w);
    CHECK(g.dims() == d);
    gemm_full(g);
    const Eigen::MatrixXd y = assemble_fully_connected(g, bias);
    Eigen::MatrixXd ref = x * w.transpose();
    for (int j = 0; j < 7; ++j) ref.col(j).array() += bias[static_cast<std::size_t>(j)];
    CHECK(max_abs(y - ref) <= 1e-12 * max_abs(ref));
    const FixedFormat q{16, 8};
    LoweredGemm gq = lower_fully_connected(x, w, &q);
    gemm_full(gq);
    const Eigen::MatrixXd yq = assemble_fully_connected(gq, bias, &q);
    CHECK(compare(std::vector<double>(ref.data(), ref.data() + ref.size()),
                  std::vector<double>(yq.data(), yq.data() + yq.size())).snr_db >= 40.0);
    CHECK_THROWS_WITH(lower_fully_connected(x, Eigen::MatrixXd::Zero(7, 19)), Catch::Contains("20 features"));
    CHECK_THROWS_AS(assemble_fully_connected(g, {1.0}), specsim::Error);
}

TEST_CASE("a 64x56x56 -> 64 3x3 layer lowers, multiplies and assembles correctly", "[lowering][large]")
{
    const Conv2dParams p = params(1, 1, 1, 1, 1, 1);
    const Tensor4 x = random_tensor(1, 64, 56, 56, 61);
    const Tensor4 w = random_tensor(64, 64, 3, 3, 62);
    const std::vector<double> bias = random_vector(64, 63);
    const Tensor4 ref = conv2d_direct(x, w, bias, p);
    std::ostringstream report;
    report << "64x56x56 -> 64, 3x3 (ms: lower / gemm / assemble):";
    for (const ConvAlgorithm a : all_conv_algorithms()) {
        INFO(to_string(a));
        using clock = std::chrono::steady_clock;
        const auto ms = [](clock::time_point t0, clock::time_point t1) {
            return std::chrono::duration<double, std::milli>(t1 - t0).count();
        };
        const auto t0 = clock::now();
        LoweredConv lc = lower_conv(x, w, p, a);
        const auto t1 = clock::now();
        for (LoweredGemm& g : lc.gemms) gemm_full(g);
        const auto t2 = clock::now();
        const Tensor4 y = assemble_conv(lc, bias);
        const auto t3 = clock::now();
        CHECK(compare(ref, y).max_rel <= 1e-9);
        report << "  " << to_string(a) << " " << ms(t0, t1) << " / " << ms(t1, t2) << " / " << ms(t2, t3);
    }
    WARN(report.str());
}
