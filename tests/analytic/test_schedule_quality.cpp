// SPDX-License-Identifier: MIT
// Schedule quality: the greedy scheduler against a brute-force optimum on tiny instances,
// and measured averages (greedy, local search, lower bound, in-order) on the paper's size.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "overlay/spectral/analytic/read_schedule.hpp"
#include "instances.hpp"
#include "numerics/random.hpp"
#include "numerics/sparsity.hpp"

using namespace specsim;
using analytic::KernelBins;
using specsim::testing::random_instance;

namespace {

// Exhaustive optimum, independent of the schedulers: cycle order does not matter, so a
// schedule is a multiset of T read sets (w.l.o.g. each min(r, D) of the D used bins); it is
// valid iff every kernel can match its non-zeros to distinct cycles whose set holds them.
class BruteForce {
public:
    BruteForce(const KernelBins& kb, int r)
    {
        std::vector<int> used;
        for (const auto& b : kb) used.insert(used.end(), b.begin(), b.end());
        std::sort(used.begin(), used.end());
        used.erase(std::unique(used.begin(), used.end()), used.end());
        m_d = static_cast<int>(used.size());
        for (const auto& b : kb) {
            std::vector<unsigned> bits;
            for (const int x : b) bits.push_back(1u << (std::lower_bound(used.begin(), used.end(), x) - used.begin()));
            m_kernels.push_back(bits);
        }
        const int s = std::min(r, m_d);
        for (unsigned m = 0; m < (1u << m_d); ++m)
            if (__builtin_popcount(m) == s) m_sets.push_back(m);
    }

    int optimum(int lower_bound)
    {
        if (m_d == 0) return 0;
        for (int T = lower_bound;; ++T) {  // T = D is always feasible (one bin per cycle)
            m_chosen.assign(static_cast<std::size_t>(T), 0);
            if (search(0, 0)) return T;
        }
    }

private:
    bool search(int depth, std::size_t first)
    {
        const int T = static_cast<int>(m_chosen.size());
        for (const auto& k : m_kernels) {  // prune: enough cycles left to hit every kernel?
            int hit = 0;
            unsigned mask = 0;
            for (const unsigned b : k) mask |= b;
            for (int c = 0; c < depth; ++c) hit += (m_chosen[static_cast<std::size_t>(c)] & mask) != 0;
            if (hit + (T - depth) < static_cast<int>(k.size())) return false;
        }
        if (depth == T) {
            for (const auto& k : m_kernels) {
                std::vector<char> used(static_cast<std::size_t>(T), 0);
                if (!match(k, 0, used)) return false;
            }
            return true;
        }
        for (std::size_t i = first; i < m_sets.size(); ++i) {
            m_chosen[static_cast<std::size_t>(depth)] = m_sets[i];
            if (search(depth + 1, i)) return true;
        }
        return false;
    }

    bool match(const std::vector<unsigned>& k, std::size_t e, std::vector<char>& used) const
    {
        if (e == k.size()) return true;
        for (std::size_t c = 0; c < m_chosen.size(); ++c) {
            if (used[c] || !(m_chosen[c] & k[e])) continue;
            used[c] = 1;
            if (match(k, e + 1, used)) return true;
            used[c] = 0;
        }
        return false;
    }

    int m_d = 0;
    std::vector<std::vector<unsigned>> m_kernels;  // per kernel: one bit per non-zero
    std::vector<unsigned> m_sets;
    std::vector<unsigned> m_chosen;
};


}  // namespace

TEST_CASE("brute force agrees with hand-solved cases", "[schedule][quality]")
{
    const KernelBins paper = {{0, 1, 2, 3}, {1, 2, 3, 4}, {2, 3, 4, 5}, {3, 4, 5, 6}};
    CHECK(BruteForce(paper, 2).optimum(4) == 4);
    // {0,1} {0,2} {1,2}: r = 1 needs one cycle per bin (3); r = 2 fits in 2 cycles reading
    // (0,1) then (1,2): each kernel takes its lower bin first, its upper bin second.
    CHECK(BruteForce({{0, 1}, {0, 2}, {1, 2}}, 1).optimum(3) == 3);
    CHECK(BruteForce({{0, 1}, {0, 2}, {1, 2}}, 2).optimum(2) == 2);
    // {0,1,2}, {3}, {4}, {5} with r = 2: bound max(3, 6/2) = 3, reached by (0,3) (1,4) (2,5).
    CHECK(BruteForce({{0, 1, 2}, {3}, {4}, {5}}, 2).optimum(3) == 3);
}

TEST_CASE("tiny instances: greedy and search never beat the brute-force optimum", "[schedule][quality]")
{
    numerics::Rng rng(99);
    int n = 0, greedy_opt = 0, search_opt = 0, worst_gap = 0;
    for (int trial = 0; trial < 300; ++trial) {
        const int kernels = 1 + static_cast<int>(rng.uniform_int(4));
        const int r = 1 + static_cast<int>(rng.uniform_int(3));
        const KernelBins kb = random_instance(rng, kernels, 0, 3, 8);
        const int lb = analytic::schedule_lower_bound(kb, r);
        const int opt = BruteForce(kb, r).optimum(lb);
        const auto g = analytic::schedule_greedy(kb, r);
        const auto s = analytic::schedule_search(kb, r);
        INFO("trial " << trial << ", r " << r);
        REQUIRE_NOTHROW(analytic::check_schedule(g, kb, r));
        REQUIRE_NOTHROW(analytic::check_schedule(s, kb, r));
        CHECK(opt >= lb);
        CHECK(g.cycles >= opt);
        CHECK(s.cycles >= opt);
        ++n;
        greedy_opt += g.cycles == opt;
        search_opt += s.cycles == opt;
        worst_gap = std::max(worst_gap, g.cycles - opt);
    }
    WARN("tiny instances (<= 4 kernels, <= 3 nnz, 8 bins, r 1..3): greedy optimal in " << greedy_opt << "/" << n
         << ", search optimal in " << search_opt << "/" << n << ", worst greedy gap " << worst_gap << " cycle(s)");
    CHECK(greedy_opt * 10 >= n * 8);  // loose: measured well above 80 %
}

TEST_CASE("paper size, 64 kernels x 16 of 64 bins, r = 8: averages", "[schedule][quality]")
{
    const int lanes = 64, nnz = 16, r = 8, K = 8, instances = 20;
    for (const auto dist : {numerics::SparsityDist::uniform, numerics::SparsityDist::lowfreq}) {
        double greedy = 0, search = 0, lb = 0, in_order = 0;
        for (int i = 0; i < instances; ++i) {
            numerics::SparsityOptions o;
            o.nnz = nnz;
            o.dist = dist;
            o.seed = numerics::seed_for(5, "quality/" + std::to_string(i));
            const auto p = numerics::synth_sparsity(lanes, 1, K, o);
            KernelBins kb(static_cast<std::size_t>(lanes));
            for (int k = 0; k < lanes; ++k) kb[static_cast<std::size_t>(k)].assign(p.kernel_bins(k, 0), p.kernel_bins(k, 0) + nnz);
            const auto g = analytic::schedule_greedy(kb, r);
            const auto s = analytic::schedule_search(kb, r);
            REQUIRE_NOTHROW(analytic::check_schedule(g, kb, r));
            REQUIRE_NOTHROW(analytic::check_schedule(s, kb, r));
            greedy += g.cycles;
            search += s.cycles;
            lb += analytic::schedule_lower_bound(kb, r);
            in_order += analytic::simulate_in_order(kb, r).cycles;
        }
        std::ostringstream msg;
        msg << numerics::to_string(dist) << " 64x16 of 64, r = 8, " << instances << " instances: greedy "
            << greedy / instances << ", search " << search / instances << ", lower bound " << lb / instances
            << ", in-order " << in_order / instances << " cycles (average)";
        WARN(msg.str());
        CHECK(greedy / instances <= 21.0);
        CHECK(search <= greedy);
        CHECK(greedy <= in_order);
    }
}
