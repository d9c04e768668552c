// SPDX-License-Identifier: MIT
// The exact read scheduler: "can these kernels be read in T cycles?" as a SAT problem,
// decided by CaDiCaL for T = lower bound, lower bound + 1, … below the greedy schedule's
// length. The first satisfiable T is optimal (every smaller one was refuted); when the
// conflict budget runs out, the best schedule so far is returned with the proven bound.
//
// Encoding for T cycles (D distinct bins, kernel k with non-zeros e of bin b(k, e)):
//   x[t][d]     cycle t reads bin d
//   y[k][e][t]  kernel k consumes its non-zero e in cycle t
//   every non-zero in some cycle:               OR_t y[k][e][t]
//   consuming needs the bin read:               y[k][e][t] → x[t][b(k, e)]
//   one non-zero per kernel and cycle:          AMO_e y[k][e][t]  (sequential counter)
//   at most r bins per cycle:                   Σ_d x[t][d] ≤ r   (sequential counter)
//   (implied) a kernel with T non-zeros consumes in every cycle: OR_e y[k][e][t], reads
//   one of its bins in every cycle: OR_b x[t][b], and each of its non-zeros in exactly one
//   cycle: AMO_t y[k][e][t]
// A non-zero may come out true in several cycles; extraction takes the first, which keeps
// every constraint. Symmetry: cycles are interchangeable, so the kernel with the most
// non-zeros is fixed to consume its e-th non-zero in cycle e.
// Budgets are in solver conflicts per call, not seconds, so results are deterministic.
#include <algorithm>
#include <cadical.hpp>
#include <string>
#include <vector>

#include "overlay/spectral/analytic/read_schedule.hpp"
#include "overlay/spectral/analytic/schedule_internal.hpp"
#include "util/error.hpp"

namespace specsim::analytic {
namespace {

class Cnf {
public:
    explicit Cnf(CaDiCaL::Solver& s) : m_s(s) {}
    int var() { return ++m_vars; }
    void clause(std::initializer_list<int> lits)
    {
        for (const int l : lits) m_s.add(l);
        m_s.add(0);
    }
    void clause(const std::vector<int>& lits)
    {
        for (const int l : lits) m_s.add(l);
        m_s.add(0);
    }
    /// Σ lits ≤ k (Sinz's sequential counter; k ≥ 1).
    void at_most(const std::vector<int>& lits, int k)
    {
        const int n = static_cast<int>(lits.size());
        if (n <= k) return;
        if (k == 1 && n <= 6) {  // pairwise is smaller for few literals
            for (int i = 0; i < n; ++i)
                for (int j = i + 1; j < n; ++j) clause({-lits[static_cast<std::size_t>(i)], -lits[static_cast<std::size_t>(j)]});
            return;
        }
        // s[i][j]: at least j + 1 of lits[0..i] are true.
        std::vector<std::vector<int>> s(static_cast<std::size_t>(n - 1), std::vector<int>(static_cast<std::size_t>(k)));
        for (auto& row : s)
            for (int& v : row) v = var();
        const auto x = [&](int i) { return lits[static_cast<std::size_t>(i)]; };
        const auto S = [&](int i, int j) { return s[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]; };
        clause({-x(0), S(0, 0)});
        for (int j = 1; j < k; ++j) clause({-S(0, j)});
        for (int i = 1; i < n - 1; ++i) {
            clause({-x(i), S(i, 0)});
            clause({-S(i - 1, 0), S(i, 0)});
            for (int j = 1; j < k; ++j) {
                clause({-x(i), -S(i - 1, j - 1), S(i, j)});
                clause({-S(i - 1, j), S(i, j)});
            }
            clause({-x(i), -S(i - 1, k - 1)});
        }
        clause({-x(n - 1), -S(n - 2, k - 1)});
    }

private:
    CaDiCaL::Solver& m_s;
    int m_vars = 0;
};

// Decides T cycles within `conflicts`; 10 = schedule found (in *out), 20 = impossible,
// 0 = budget exhausted.
int decide(const KernelBins& bins, int replicas, int T, std::int64_t conflicts, detail::MatchState* out)
{
    CaDiCaL::Solver solver;
    solver.set("quiet", 1);
    Cnf cnf(solver);
    const int nk = static_cast<int>(bins.size());
    std::vector<int> dense;  // bin → 0..D−1
    std::vector<int> bin_of;
    for (const auto& b : bins)
        for (const int x : b) {
            if (x >= static_cast<int>(dense.size())) dense.resize(static_cast<std::size_t>(x) + 1, -1);
            if (dense[static_cast<std::size_t>(x)] < 0) {
                dense[static_cast<std::size_t>(x)] = static_cast<int>(bin_of.size());
                bin_of.push_back(x);
            }
        }
    const int D = static_cast<int>(bin_of.size());
    std::vector<int> xv(static_cast<std::size_t>(T) * D);
    for (int& v : xv) v = cnf.var();
    const auto X = [&](int t, int d) { return xv[static_cast<std::size_t>(t) * D + d]; };
    std::vector<std::vector<int>> yv(static_cast<std::size_t>(nk));  // [k][e·T + t]
    for (int k = 0; k < nk; ++k) {
        yv[static_cast<std::size_t>(k)].resize(bins[static_cast<std::size_t>(k)].size() * static_cast<std::size_t>(T));
        for (int& v : yv[static_cast<std::size_t>(k)]) v = cnf.var();
    }
    const auto Y = [&](int k, int e, int t) { return yv[static_cast<std::size_t>(k)][static_cast<std::size_t>(e) * T + t]; };
    int widest = 0;
    for (int k = 1; k < nk; ++k)
        if (bins[static_cast<std::size_t>(k)].size() > bins[static_cast<std::size_t>(widest)].size()) widest = k;

    std::vector<int> lits;
    for (int k = 0; k < nk; ++k) {
        const auto& bk = bins[static_cast<std::size_t>(k)];
        const int ne = static_cast<int>(bk.size());
        for (int e = 0; e < ne; ++e) {
            lits.clear();
            for (int t = 0; t < T; ++t) {
                lits.push_back(Y(k, e, t));
                cnf.clause({-Y(k, e, t), X(t, dense[static_cast<std::size_t>(bk[static_cast<std::size_t>(e)])])});
            }
            cnf.clause(lits);
            if (k == widest) cnf.clause({Y(k, e, e)});  // symmetry breaking (ne ≤ T)
        }
        for (int t = 0; t < T; ++t) {
            lits.clear();
            for (int e = 0; e < ne; ++e) lits.push_back(Y(k, e, t));
            cnf.at_most(lits, 1);
            // Implied: a kernel with T non-zeros consumes in every cycle, so every cycle
            // reads one of its bins. Counting is what SAT solvers are bad at; saying it
            // outright prunes most of the search when T is the max-nnz bound.
            if (ne == T) {
                cnf.clause(lits);
                std::vector<int> reads;
                for (const int b : bk) {
                    const int x = X(t, dense[static_cast<std::size_t>(b)]);
                    if (std::find(reads.begin(), reads.end(), x) == reads.end()) reads.push_back(x);
                }
                cnf.clause(reads);
            }
        }
        if (ne == T)  // and each non-zero goes to exactly one cycle (a perfect matching)
            for (int e = 0; e < ne; ++e) {
                lits.clear();
                for (int t = 0; t < T; ++t) lits.push_back(Y(k, e, t));
                cnf.at_most(lits, 1);
            }
    }
    for (int t = 0; t < T; ++t) {
        lits.clear();
        for (int d = 0; d < D; ++d) lits.push_back(X(t, d));
        cnf.at_most(lits, replicas);
    }
    if (conflicts >= 0) solver.limit("conflicts", static_cast<int>(std::min<std::int64_t>(conflicts, 2000000000)));
    const int res = solver.solve();
    if (res != 10) return res;
    detail::MatchState& st = *out;
    st = detail::MatchState{};
    st.sets.assign(static_cast<std::size_t>(T), {});
    st.match.resize(static_cast<std::size_t>(nk));
    st.owner.assign(static_cast<std::size_t>(nk), std::vector<int>(static_cast<std::size_t>(T), -1));
    for (int k = 0; k < nk; ++k) {
        const auto& bk = bins[static_cast<std::size_t>(k)];
        st.match[static_cast<std::size_t>(k)].assign(bk.size(), -1);
        for (int e = 0; e < static_cast<int>(bk.size()); ++e)
            for (int t = 0; t < T; ++t)
                if (solver.val(Y(k, e, t)) > 0) {
                    st.match[static_cast<std::size_t>(k)][static_cast<std::size_t>(e)] = t;
                    st.owner[static_cast<std::size_t>(k)][static_cast<std::size_t>(t)] = e;
                    auto& set = st.sets[static_cast<std::size_t>(t)];
                    if (std::find(set.begin(), set.end(), bk[static_cast<std::size_t>(e)]) == set.end())
                        set.push_back(bk[static_cast<std::size_t>(e)]);
                    break;
                }
    }
    return 10;
}

}  // namespace

ExactResult schedule_exact(const KernelBins& bins, int replicas, const ExactOptions& opt)
{
    detail::check_replicas(replicas, "schedule_exact");
    detail::bin_span(bins, "schedule_exact");
    ExactResult r;
    r.schedule = schedule_greedy(bins, replicas);
    r.lower_bound = schedule_lower_bound(bins, replicas);
    for (int T = r.lower_bound; T < r.schedule.cycles; ++T) {
        detail::MatchState st;
        ++r.solver_calls;
        const int res = decide(bins, replicas, T, opt.conflicts_per_call, &st);
        if (res == 20) {
            // T cycles proven impossible; the bound rises only while nothing was left open.
            if (!r.budget_exhausted) r.lower_bound = T + 1;
        } else if (res == 10) {
            // Optimal if every smaller T was refuted; else the best found, with a gap.
            r.schedule = st.to_schedule(bins, replicas);
            break;
        } else {
            // Undecided: T stays unproven, but a larger T below greedy's may still be found.
            r.budget_exhausted = true;
        }
    }
    r.optimal = r.schedule.cycles <= r.lower_bound;
    if (r.optimal) r.lower_bound = r.schedule.cycles;
    return r;
}

}  // namespace specsim::analytic
