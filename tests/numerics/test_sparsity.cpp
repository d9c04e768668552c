// SPDX-License-Identifier: MIT
// Synthetic sparsity: exact nnz per kernel, determinism, low-frequency bias, and the
// measured fraction of the default lowfreq σ.
#include <catch2/catch.hpp>

#include <set>

#include "numerics/sparsity.hpp"
#include "util/error.hpp"

using namespace specsim::numerics;

namespace {

void check_pattern(const SparsityPattern& p)
{
    const int bins = p.fft_size * p.fft_size;
    REQUIRE(p.bins.size() == static_cast<std::size_t>(p.out_channels) * p.in_channels * p.nnz);
    for (int o = 0; o < p.out_channels; ++o)
        for (int i = 0; i < p.in_channels; ++i) {
            const int* b = p.kernel_bins(o, i);
            std::set<int> distinct(b, b + p.nnz);
            REQUIRE(distinct.size() == static_cast<std::size_t>(p.nnz));
            for (int k = 0; k < p.nnz; ++k) {
                REQUIRE(b[k] >= 0);
                REQUIRE(b[k] < bins);
                if (k > 0) REQUIRE(b[k - 1] < b[k]);
            }
        }
}

SparsityOptions opts(int nnz, SparsityDist d, std::uint64_t seed)
{
    SparsityOptions o;
    o.nnz = nnz;
    o.dist = d;
    o.seed = seed;
    return o;
}

}  // namespace

TEST_CASE("patterns have exactly nnz distinct bins per kernel", "[sparsity]")
{
    for (const SparsityDist d : {SparsityDist::uniform, SparsityDist::lowfreq})
        for (const int K : {8, 16})
            for (const int nnz : {0, 1, 16, K * K}) {
                INFO(to_string(d) << " K " << K << " nnz " << nnz);
                check_pattern(synth_sparsity(5, 3, K, opts(nnz, d, 9)));
            }
    CHECK_THROWS_AS(synth_sparsity(2, 2, 8, opts(65, SparsityDist::uniform, 1)), specsim::Error);
    SparsityOptions bad = opts(16, SparsityDist::lowfreq, 1);
    bad.sigma = 0.0;
    CHECK_THROWS_WITH(synth_sparsity(2, 2, 8, bad), Catch::Contains("sigma"));
    CHECK(parse_sparsity_dist("lowfreq") == SparsityDist::lowfreq);
    CHECK_THROWS_WITH(parse_sparsity_dist("gaussian"), Catch::Contains("uniform, lowfreq"));
}

TEST_CASE("same seed gives the same pattern, another seed a different one", "[sparsity]")
{
    for (const SparsityDist d : {SparsityDist::uniform, SparsityDist::lowfreq}) {
        const SparsityPattern a = synth_sparsity(8, 4, 8, opts(16, d, 1234));
        const SparsityPattern b = synth_sparsity(8, 4, 8, opts(16, d, 1234));
        const SparsityPattern c = synth_sparsity(8, 4, 8, opts(16, d, 1235));
        CHECK(a.bins == b.bins);
        CHECK(a.bins != c.bins);
        // Kernels differ from each other within one pattern.
        CHECK(!std::equal(a.kernel_bins(0, 0), a.kernel_bins(0, 0) + 16, a.kernel_bins(0, 1)));
    }
}

TEST_CASE("uniform is unbiased, lowfreq favours low frequencies", "[sparsity]")
{
    const SparsityPattern u = synth_sparsity(64, 64, 8, opts(16, SparsityDist::uniform, 5));
    const SparsityPattern l = synth_sparsity(64, 64, 8, opts(16, SparsityDist::lowfreq, 5));
    const double fu = low_freq_fraction(u), fl = low_freq_fraction(l);
    INFO("uniform " << fu << " lowfreq " << fl);
    CHECK(fu == Approx(0.25).margin(0.02));
    CHECK(fl > fu + 0.4);
    // Every bin is picked about equally often under uniform (65536 picks, 1024 per bin).
    std::vector<int> count(64, 0);
    for (const int b : u.bins) ++count[static_cast<std::size_t>(b)];
    for (const int c : count) CHECK(std::abs(c - 1024) < 160);  // ~5 standard deviations
    // DC is the most likely lowfreq bin; the Nyquist corner (4, 4) the least.
    std::vector<int> lc(64, 0);
    for (const int b : l.bins) ++lc[static_cast<std::size_t>(b)];
    CHECK(lc[0] > lc[4 * 8 + 4] * 10);
    CHECK(lowest_frequency_bins(8, 5) == std::vector<int>{0, 1, 7, 8, 56});
}

TEST_CASE("lowfreq default sigma puts about 80 % of bins in the lowest-frequency quarter", "[sparsity]")
{
    const SparsityPattern k8 = synth_sparsity(64, 64, 8, opts(16, SparsityDist::lowfreq, 77));
    const SparsityPattern k16 = synth_sparsity(32, 32, 16, opts(64, SparsityDist::lowfreq, 77));
    const double f8 = low_freq_fraction(k8), f16 = low_freq_fraction(k16);
    WARN("lowfreq sigma " << k_default_lowfreq_sigma << ": K=8 nnz=16 -> " << f8
                          << ", K=16 nnz=64 -> " << f16);
    CHECK(f8 == Approx(0.80).margin(0.03));
    CHECK(f16 == Approx(0.80).margin(0.05));
}

TEST_CASE("synthetic kernels store exactly the pattern's bins", "[sparsity]")
{
    const SparsityPattern p = synth_sparsity(4, 3, 8, opts(16, SparsityDist::lowfreq, 3));
    const SpectralKernels s = synth_kernels(3, 3, p, 99);
    const SpectralKernels s2 = synth_kernels(3, 3, p, 99);
    CHECK(s.total_nnz() == 4u * 3u * 16u);
    for (int o = 0; o < 4; ++o)
        for (int i = 0; i < 3; ++i) {
            const auto nz = s.nonzeros(o, i);
            REQUIRE(nz.size() == 16);
            for (int k = 0; k < 16; ++k) {
                CHECK(nz[static_cast<std::size_t>(k)].bin == p.kernel_bins(o, i)[k]);
                CHECK(nz[static_cast<std::size_t>(k)].value == s2.nonzeros(o, i)[static_cast<std::size_t>(k)].value);
            }
        }
    CHECK(std::abs(s.spectrum(0, 0)[p.kernel_bins(0, 0)[0]]) > 0.0);
}
