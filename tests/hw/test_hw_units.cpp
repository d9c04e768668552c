// SPDX-License-Identifier: MIT
// Plain C++ parts of the hardware model, tested without a SystemC kernel: block order,
// per-tile pixel counts (the address generators), and the per-cycle in-order arbiter
// against the analytic in-order model.
#include <catch2/catch.hpp>

#include "analytic/read_schedule.hpp"
#include "hw/blocks.hpp"
#include "hw/in_order_arbiter.hpp"
#include "numerics/conv_fft.hpp"
#include "numerics/random.hpp"

using namespace specsim;

TEST_CASE("tiles partition the input: input pixels sum to H·W, output pixels to H_out·W_out", "[hw][blocks]")
{
    struct Case { int h, w, k_h, k_w, K, sh, sw, pt, pl, pb, pr; };
    for (const Case c : {Case{13, 17, 3, 3, 8, 1, 1, 1, 1, 1, 1}, Case{224, 224, 3, 3, 8, 1, 1, 1, 1, 1, 1},
                         Case{27, 27, 5, 5, 16, 2, 1, 2, 2, 2, 2}, Case{7, 9, 1, 1, 8, 2, 2, 0, 0, 0, 0},
                         Case{32, 32, 5, 3, 8, 1, 1, 0, 1, 2, 0}}) {
        numerics::Conv2dParams p;
        p.stride_h = c.sh; p.stride_w = c.sw;
        p.pad_top = c.pt; p.pad_left = c.pl; p.pad_bottom = c.pb; p.pad_right = c.pr;
        const auto g = numerics::tile_geometry(c.h, c.w, c.k_h, c.k_w, c.K, p);
        std::uint64_t in = 0, out = 0;
        for (int t = 0; t < g.tiles(); ++t) {
            in += hw::tile_input_pixels(g, t);
            out += hw::tile_output_pixels(g, c.sh, c.sw, t);
        }
        CHECK(in == std::uint64_t(c.h) * c.w);
        CHECK(out == std::uint64_t(g.out_h) * g.out_w);
    }
}

TEST_CASE("the per-cycle in-order arbiter agrees with the analytic in-order reader", "[hw][arbiter]")
{
    numerics::Rng rng(11);
    for (int trial = 0; trial < 200; ++trial) {
        const int lanes = 1 + int(rng.uniform_int(64)), nnz = 1 + int(rng.uniform_int(16));
        const int r = 1 + int(rng.uniform_int(8)), bins = 64;
        analytic::KernelBins kb(static_cast<std::size_t>(lanes));
        for (auto& k : kb) {
            std::vector<int> all(bins);
            for (int i = 0; i < bins; ++i) all[i] = i;
            for (int i = 0; i < nnz; ++i) std::swap(all[i], all[i + rng.uniform_int(std::uint64_t(bins - i))]);
            k.assign(all.begin(), all.begin() + nnz);
            std::sort(k.begin(), k.end());
        }
        std::vector<const std::vector<int>*> ptrs;
        for (const auto& k : kb) ptrs.push_back(&k);
        hw::InOrderArbiter arb(ptrs, r);
        int cycles = 0, conflicts = 0, consumed = 0;
        while (!arb.done()) {
            ++cycles;
            conflicts += arb.step([&](int lane, int entry, int bin) {
                ++consumed;
                REQUIRE(kb[std::size_t(lane)][std::size_t(entry)] == bin);
            });
        }
        const auto ref = analytic::simulate_in_order(kb, r);
        REQUIRE(consumed == lanes * nnz);
        REQUIRE(cycles == ref.cycles);
        REQUIRE(conflicts == ref.conflict_cycles);
        REQUIRE(cycles >= analytic::schedule_lower_bound(kb, r));
    }
}
