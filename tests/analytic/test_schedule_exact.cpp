// SPDX-License-Identifier: MIT
// The exact (SAT) scheduler: equals a brute-force optimum on small random instances, is
// never worse than greedy nor below the lower bound, solves the paper's worked example,
// and proves optimality on 16-kernel instances of the paper's shape.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>

#include "overlay/spectral/analytic/read_schedule.hpp"
#include "instances.hpp"
#include "numerics/random.hpp"
#include "numerics/sparsity.hpp"

using namespace specsim;
using analytic::KernelBins;
using specsim::testing::paper_shape;
using specsim::testing::random_instance;

namespace {

// Exhaustive optimum by a different route from the SAT encoding: try every assignment of
// non-zeros to cycles (kernel by kernel), keeping per cycle the set of bins read (≤ r).
class AssignmentSearch {
public:
    AssignmentSearch(const KernelBins& kb, int r) : m_kb(kb), m_r(r) {}
    int optimum(int from)
    {
        for (int T = from;; ++T) {
            m_sets.assign(static_cast<std::size_t>(T), {});
            m_busy.assign(static_cast<std::size_t>(T), std::vector<char>(m_kb.size(), 0));
            if (place(0, 0)) return T;
        }
    }

private:
    bool place(std::size_t k, std::size_t e)
    {
        if (k == m_kb.size()) return true;
        if (e == m_kb[k].size()) return place(k + 1, 0);
        const int bin = m_kb[k][e];
        bool tried_new_empty = false;  // empty cycles are interchangeable: try one of them
        for (std::size_t t = 0; t < m_sets.size(); ++t) {
            if (m_busy[t][k]) continue;
            auto& set = m_sets[t];
            const bool has = std::find(set.begin(), set.end(), bin) != set.end();
            if (!has && static_cast<int>(set.size()) >= m_r) continue;
            if (set.empty()) {
                if (tried_new_empty) continue;
                tried_new_empty = true;
            }
            if (!has) set.push_back(bin);
            m_busy[t][k] = 1;
            if (place(k, e + 1)) return true;
            m_busy[t][k] = 0;
            if (!has) set.pop_back();
        }
        return false;
    }

    const KernelBins& m_kb;
    int m_r;
    std::vector<std::vector<int>> m_sets;
    std::vector<std::vector<char>> m_busy;
};

}  // namespace

TEST_CASE("exact: the paper's worked example (4 kernels x 4 non-zeros, r = 2) takes 4 cycles", "[schedule][exact]")
{
    const KernelBins paper = {{0, 1, 2, 3}, {1, 2, 3, 4}, {2, 3, 4, 5}, {3, 4, 5, 6}};
    const auto r = analytic::schedule_exact(paper, 2);
    CHECK(r.optimal);
    CHECK(r.schedule.cycles == 4);
    CHECK(r.lower_bound == 4);
    CHECK(r.schedule.bubbles() == 0);
    REQUIRE_NOTHROW(analytic::check_schedule(r.schedule, paper, 2));
}

TEST_CASE("exact equals an exhaustive search on small random instances", "[schedule][exact]")
{
    numerics::Rng rng(2024);
    int above_bound = 0;
    for (int trial = 0; trial < 150; ++trial) {
        // Many kernels whose non-zero counts are close to the bound, over few bins, r = 2..3:
        // the regime where the simple bound is often not tight (e.g. {0,1} {0,2} {0,3}
        // with r = 2 need 3 cycles, not 2).
        const int kernels = 4 + static_cast<int>(rng.uniform_int(4));
        const int r = 2 + static_cast<int>(rng.uniform_int(2));
        const int nnz = 2 + static_cast<int>(rng.uniform_int(2));
        const KernelBins kb = random_instance(rng, kernels, nnz, nnz, 2 * r + static_cast<int>(rng.uniform_int(2)));
        INFO("trial " << trial << ", kernels " << kernels << ", r " << r);
        const int lb = analytic::schedule_lower_bound(kb, r);
        const int opt = AssignmentSearch(kb, r).optimum(lb);
        const auto ex = analytic::schedule_exact(kb, r);
        const auto g = analytic::schedule_greedy(kb, r);
        REQUIRE_NOTHROW(analytic::check_schedule(ex.schedule, kb, r));
        CHECK(ex.optimal);
        CHECK(ex.schedule.cycles == opt);
        CHECK(ex.lower_bound == opt);
        CHECK(g.cycles >= ex.schedule.cycles);
        CHECK(ex.schedule.cycles >= lb);
        above_bound += opt > lb;
    }
    // The instances must include some where the simple bound is not tight (else the test
    // would not exercise the refutations).
    CHECK(above_bound >= 5);
    WARN("exact vs exhaustive: 150 instances, " << above_bound << " with optimum above the simple bound");
}

TEST_CASE("exact proves optimality on 16-kernel instances of the paper's shape", "[schedule][exact]")
{
    for (const auto dist : {numerics::SparsityDist::uniform, numerics::SparsityDist::lowfreq})
        for (std::uint64_t seed = 1; seed <= 4; ++seed) {
            const KernelBins kb = paper_shape(16, seed, dist);
            const auto t0 = std::chrono::steady_clock::now();
            const auto ex = analytic::schedule_exact(kb, 8);
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            INFO(numerics::to_string(dist) << " seed " << seed << ": T " << ex.schedule.cycles << ", bound "
                                           << ex.lower_bound << ", " << s << " s");
            REQUIRE_NOTHROW(analytic::check_schedule(ex.schedule, kb, 8));
            CHECK(ex.optimal);
            CHECK(ex.schedule.cycles >= 16);
            CHECK(ex.schedule.cycles <= analytic::schedule_greedy(kb, 8).cycles);
        }
}
