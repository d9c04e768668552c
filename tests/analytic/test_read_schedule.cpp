// SPDX-License-Identifier: MIT
// Read schedules: the paper's worked example, validity and bounds on many seeded random
// instances, the dense schedule, the in-order reader, and the checker on broken schedules.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "overlay/spectral/analytic/read_schedule.hpp"
#include "numerics/random.hpp"
#include "numerics/sparsity.hpp"
#include "util/error.hpp"

using namespace specsim;
using analytic::KernelBins;
using analytic::ReadSchedule;

namespace {

KernelBins lanes_of(const numerics::SparsityPattern& p, int in_channel)
{
    KernelBins kb(static_cast<std::size_t>(p.out_channels));
    for (int k = 0; k < p.out_channels; ++k)
        kb[static_cast<std::size_t>(k)].assign(p.kernel_bins(k, in_channel), p.kernel_bins(k, in_channel) + p.nnz);
    return kb;
}

std::uint64_t nnz_of(const KernelBins& kb)
{
    std::uint64_t n = 0;
    for (const auto& b : kb) n += b.size();
    return n;
}

// A hand-made valid schedule for kernels {0, 1}, {1} with r = 2:
// cycle 0 reads (0, 1): k0 takes bin 0, k1 bin 1; cycle 1 reads (1, idle): k0 takes bin 1.
ReadSchedule tiny_valid()
{
    ReadSchedule s;
    s.kernels = 2;
    s.replicas = 2;
    s.cycles = 2;
    s.addr = {0, 1, 1, -1};
    s.sel = {0, 1, 0, -1};
    s.entry = {0, 0, 1, -1};
    return s;
}

void require_rejected(const ReadSchedule& s, const KernelBins& kb, const std::vector<std::string>& words, int r = 0)
{
    try {
        if (r > 0)
            analytic::check_schedule(s, kb, r);
        else
            analytic::check_schedule(s, kb);
        FAIL("check_schedule accepted a broken schedule");
    } catch (const Error& e) {
        const std::string msg = e.what();
        INFO(msg);
        for (const auto& w : words) CHECK(msg.find(w) != std::string::npos);
    }
}

}  // namespace

TEST_CASE("paper worked example: 4 kernels x 4 non-zeros, r = 2 -> 4 cycles, no bubbles", "[schedule]")
{
    const KernelBins kb = {{0, 1, 2, 3}, {1, 2, 3, 4}, {2, 3, 4, 5}, {3, 4, 5, 6}};
    CHECK(analytic::schedule_lower_bound(kb, 2) == 4);
    const ReadSchedule s = analytic::schedule_greedy(kb, 2);
    CHECK(s.cycles == 4);
    CHECK(s.bubbles() == 0);
    CHECK_NOTHROW(analytic::check_schedule(s, kb));
    CHECK(analytic::schedule_search(kb, 2).cycles == 4);
    // The naive reader needs more: cycle 0 requests bins 0, 1, 2, 3 with only 2 replicas.
    const auto io = analytic::simulate_in_order(kb, 2);
    CHECK(io.cycles > 4);
    CHECK(io.conflict_cycles > 0);
}

TEST_CASE("lower bound: max nnz and distinct bins over r", "[schedule]")
{
    CHECK(analytic::schedule_lower_bound({{0, 1, 2}, {5}}, 1) == 4);
    CHECK(analytic::schedule_lower_bound({{0, 1, 2}, {5}}, 2) == 3);
    CHECK(analytic::schedule_lower_bound({{}, {}}, 4) == 0);
    CHECK(analytic::schedule_lower_bound({}, 4) == 0);
    CHECK_THROWS_AS(analytic::schedule_lower_bound({{2, 1}}, 2), Error);  // not ascending
    CHECK_THROWS_AS(analytic::schedule_lower_bound({{1}}, 0), Error);
}

TEST_CASE("no non-zeros: T = 0; empty lanes are bubbles, not cycles", "[schedule]")
{
    const ReadSchedule none = analytic::schedule_greedy({{}, {}, {}}, 4);
    CHECK(none.cycles == 0);
    CHECK(none.kernels == 3);
    CHECK_NOTHROW(analytic::check_schedule(none, {{}, {}, {}}));
    CHECK(analytic::simulate_in_order({{}, {}}, 2).cycles == 0);
    CHECK(analytic::schedule_search({{}, {}}, 2).cycles == 0);

    const KernelBins kb = {{3, 9}, {}, {9}};
    const ReadSchedule s = analytic::schedule_greedy(kb, 1);
    CHECK(s.cycles == 2);
    CHECK_NOTHROW(analytic::check_schedule(s, kb));
    CHECK(s.bubbles() == 2 * 3 - 3);
}

TEST_CASE("random instances: schedules valid, greedy >= lower bound, search between", "[schedule]")
{
    numerics::Rng rng(2024);
    int instances = 0;
    for (int trial = 0; trial < 120; ++trial) {
        const int lanes = 1 + static_cast<int>(rng.uniform_int(70));  // > 64: two bitset words
        const int nnz = static_cast<int>(rng.uniform_int(17));
        const int r = 1 + static_cast<int>(rng.uniform_int(8));
        numerics::SparsityOptions o;
        o.nnz = nnz;
        o.dist = trial % 2 ? numerics::SparsityDist::lowfreq : numerics::SparsityDist::uniform;
        o.seed = 77 + static_cast<std::uint64_t>(trial);
        const KernelBins kb = lanes_of(numerics::synth_sparsity(lanes, 1, 8, o), 0);
        INFO("trial " << trial << ": " << lanes << " lanes, nnz " << nnz << ", r " << r << ", "
                      << numerics::to_string(o.dist));
        const int lb = analytic::schedule_lower_bound(kb, r);
        const ReadSchedule g = analytic::schedule_greedy(kb, r);
        REQUIRE_NOTHROW(analytic::check_schedule(g, kb));
        REQUIRE_NOTHROW(analytic::check_schedule(g, kb, r));
        CHECK(g.cycles >= lb);
        CHECK(g.bubbles() == static_cast<std::uint64_t>(g.cycles) * lanes - nnz_of(kb));
        CHECK(analytic::schedule_greedy(kb, r).entry == g.entry);  // deterministic
        const auto io = analytic::simulate_in_order(kb, r);
        CHECK(io.cycles >= lb);
        // Each conflict cycle stalls at least one lane; finished lanes idle, they do not stall.
        CHECK(io.stalled_requests >= static_cast<std::uint64_t>(io.conflict_cycles));
        CHECK(io.stalled_requests <= static_cast<std::uint64_t>(io.cycles) * lanes - nnz_of(kb));
        CHECK((io.conflict_cycles == 0) == (io.stalled_requests == 0));
        if (trial % 4 == 0) {
            analytic::SearchOptions so;
            so.max_moves = 3000;
            so.patience = 500;
            const ReadSchedule s = analytic::schedule_search(kb, r, so);
            REQUIRE_NOTHROW(analytic::check_schedule(s, kb, r));
            CHECK(s.cycles >= lb);
            CHECK(s.cycles <= g.cycles);
        }
        ++instances;
    }
    CHECK(instances == 120);
}

TEST_CASE("dense schedule: T = K², every kernel reads bin t in cycle t", "[schedule]")
{
    for (const int K : {4, 8}) {
        const int lanes = 5, r = 3;
        const ReadSchedule s = analytic::schedule_dense(lanes, K * K, r);
        CHECK(s.cycles == K * K);
        CHECK(s.bubbles() == 0);
        KernelBins all(lanes);
        for (auto& b : all)
            for (int x = 0; x < K * K; ++x) b.push_back(x);
        CHECK_NOTHROW(analytic::check_schedule(s, all, 1));  // one replica suffices
        CHECK(analytic::schedule_lower_bound(all, r) == K * K);
        CHECK(analytic::simulate_in_order(all, r).cycles == K * K);
        CHECK(analytic::simulate_in_order(all, r).conflict_cycles == 0);
    }
}

TEST_CASE("in-order reader: hand-checked conflicts and stalls", "[schedule]")
{
    // r = 1. Cycle 0: heads 0, 1, 1 -> bin 1 wins (2 requests), kernel 0 stalls (conflict).
    // Cycle 1: heads 0, 2, - -> tie, bin 0 wins; kernel 1 stalls (conflict). Cycle 2: bin 2.
    const KernelBins kb = {{0}, {1, 2}, {1}};
    const auto io = analytic::simulate_in_order(kb, 1);
    CHECK(io.cycles == 3);
    CHECK(io.conflict_cycles == 2);
    CHECK(io.stalled_requests == 2);
}

TEST_CASE("check_schedule rejects broken schedules, naming cycle, kernel and bin", "[schedule][check]")
{
    const KernelBins kb = {{0, 1}, {1}};
    REQUIRE_NOTHROW(analytic::check_schedule(tiny_valid(), kb));

    SECTION("a non-zero never consumed")
    {
        ReadSchedule s = tiny_valid();
        s.sel[2] = -1;  // cycle 1, kernel 0
        s.entry[2] = -1;
        require_rejected(s, kb, {"kernel 0", "bin 1", "never consumed"});
    }
    SECTION("two non-zeros of one kernel in one cycle")
    {
        // One table cell per kernel and cycle cannot hold two non-zeros; the nearest
        // breakage: kernel 0 takes bin 1 in cycle 0 too (bin 1 twice, bin 0 never).
        ReadSchedule s = tiny_valid();
        s.sel[0] = 1;
        s.entry[0] = 1;
        require_rejected(s, kb, {"cycle 1", "kernel 0", "bin 1", "already consumed in cycle 0"});
    }
    SECTION("more than r bins in a cycle")
    {
        ReadSchedule s = tiny_valid();  // widen to 3 replicas, cycle 0 reads 0, 1, 1 -> 0, 1, 5
        s.replicas = 3;
        s.addr = {0, 1, 5, 1, -1, -1};
        require_rejected(s, kb, {"cycle 0", "3 distinct bins", "r = 2"}, 2);
        CHECK_NOTHROW(analytic::check_schedule(s, kb, 3));
    }
    SECTION("select names a replica reading another bin")
    {
        ReadSchedule s = tiny_valid();
        s.sel[1] = 0;  // cycle 0, kernel 1 wants bin 1 but replica 0 reads bin 0
        require_rejected(s, kb, {"cycle 0", "kernel 1", "bin 1", "replica 0", "reads bin 0"});
    }
    SECTION("select names an idle replica")
    {
        ReadSchedule s = tiny_valid();
        s.sel[2] = 1;  // cycle 1, replica 1 is idle
        require_rejected(s, kb, {"cycle 1", "kernel 0", "reads nothing"});
    }
    SECTION("entry out of range, and table shape")
    {
        ReadSchedule s = tiny_valid();
        s.entry[3] = 4;
        s.sel[3] = 0;
        require_rejected(s, kb, {"cycle 1", "kernel 1", "out of range"});
        ReadSchedule t = tiny_valid();
        t.addr.pop_back();
        require_rejected(t, kb, {"table sizes"});
        require_rejected(tiny_valid(), {{0, 1}}, {"kernel lanes"});
    }
}
