// SPDX-License-Identifier: MIT
// The PBQP solver: a hand-checked chain and parallel edges, the reduction solver against
// exhaustive search on random series-parallel and non-series-parallel graphs (with forbidden
// pairs), malformed problems, and large series-parallel graphs against a chain DP.
#include "mapping/pbqp.hpp"
#include "numerics/random.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <utility>

using namespace specsim::mapping;
using specsim::numerics::Rng;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
using Edges = std::vector<std::pair<std::size_t, std::size_t>>;

/// Random costs: integers 0..20 so that every sum is exact in double and two optimal
/// assignments compare equal whatever order their costs are added in; +inf with
/// probability 1/12 when `forbid` is set.
struct CostGen {
    Rng& rng;
    bool forbid;
    double draw() { return forbid && rng.uniform_int(12) == 0 ? inf : double(rng.uniform_int(21)); }
};

/// Node costs for `n` nodes of 2–4 choices each and a random matrix per edge; each edge is
/// written in a random orientation so the solver must transpose when merging.
PbqpProblem make_problem(Rng& rng, std::size_t n, const Edges& edges, bool forbid, std::size_t min_choices = 2)
{
    CostGen g{rng, forbid};
    PbqpProblem p;
    for (std::size_t i = 0; i < n; ++i) {
        p.costs.emplace_back(min_choices + rng.uniform_int(5 - min_choices));
        for (auto& c : p.costs.back()) c = g.draw();
    }
    for (auto [u, v] : edges) {
        if (rng.uniform_int(2)) std::swap(u, v);
        PbqpProblem::Edge e{u, v, std::vector<std::vector<double>>(p.costs[u].size())};
        for (auto& row : e.m) {
            row.resize(p.costs[v].size());
            for (auto& x : row) x = g.draw();
        }
        p.edges.push_back(std::move(e));
    }
    return p;
}

Edges chain(std::size_t n)
{
    Edges e;
    for (std::size_t i = 1; i < n; ++i) e.push_back({i - 1, i});
    return e;
}

Edges tree(Rng& rng, std::size_t n)
{
    Edges e;
    for (std::size_t i = 1; i < n; ++i) e.push_back({rng.uniform_int(i), i});
    return e;
}

/// Nested series-parallel composition grown from the edge (first, first+1): repeatedly replace a
/// random edge by two in series (a new node), or by itself plus a parallel path through a new
/// node, or duplicate it (a parallel edge the solver must merge).
Edges series_parallel(Rng& rng, std::size_t first, std::size_t n)
{
    Edges e{{first, first + 1}};
    for (std::size_t next = first + 2; next < first + n;) {
        const std::size_t k = rng.uniform_int(e.size());
        const auto [a, b] = e[k];
        switch (rng.uniform_int(5)) {
        case 0: e.push_back({a, b}); break;
        case 1: case 2: e[k] = {a, next}; e.push_back({next++, b}); break;
        default: e.push_back({a, next}); e.push_back({next++, b}); break;
        }
    }
    return e;
}

/// Two series-parallel components and an isolated node (node n-1).
Edges forest(Rng& rng, std::size_t n)
{
    const std::size_t n1 = 2 + rng.uniform_int(n - 4);
    Edges e = series_parallel(rng, 0, n1), e2 = series_parallel(rng, n1, n - 1 - n1);
    e.insert(e.end(), e2.begin(), e2.end());
    return e;
}

Edges dense(Rng& rng, std::size_t n)
{
    Edges e;
    for (std::size_t u = 0; u < n; ++u)
        for (std::size_t v = u + 1; v < n; ++v)
            if (rng.uniform_int(10) < 6) e.push_back({u, v});
    return e;
}

/// A K4 on four random nodes, a random tree through all nodes, and a few extra edges.
Edges with_k4(Rng& rng, std::size_t n)
{
    std::vector<std::size_t> perm(n);
    std::iota(perm.begin(), perm.end(), 0);
    for (std::size_t i = n - 1; i > 0; --i) std::swap(perm[i], perm[rng.uniform_int(i + 1)]);
    Edges e = tree(rng, n);
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = i + 1; j < 4; ++j) e.push_back({perm[i], perm[j]});
    for (std::size_t k = rng.uniform_int(3); k > 0; --k) {
        const std::size_t u = rng.uniform_int(n), v = rng.uniform_int(n);
        if (u != v) e.push_back({u, v});
    }
    return e;
}

/// Plain enumeration through pbqp_cost, independent of solve_exhaustive's pruning.
double brute_force_min(const PbqpProblem& p)
{
    std::vector<std::size_t> c(p.costs.size(), 0);
    double best = inf;
    for (;;) {
        best = std::min(best, pbqp_cost(p, c));
        std::size_t i = 0;
        while (i < c.size() && ++c[i] == p.costs[i].size()) c[i++] = 0;
        if (i == c.size()) return best;
    }
}

}  // namespace

TEST_CASE("hand-checked 3-node chain", "[pbqp]")
{
    // A(2) - B(2) - C(2). c_A = {1, 3}, c_B = {2, 1}, c_C = {5, 0}; A-B costs 6 when the
    // choices differ; B-C is m_BC = [[0, 2], [3, 0]], given as the edge (C, B) (transposed).
    // RI on A: c_B' = {2 + min(1+0, 3+6), 1 + min(1+6, 3+0)} = {3, 4}.
    // RI on B: c_C' = {5 + min(3+0, 4+3), 0 + min(3+2, 4+0)} = {8, 4} → R0 on C picks 1.
    // Back: B given C=1: min(3+2, 4+0) → 1; A given B=1: min(1+6, 3+0) → 1.
    // So (1, 1, 1) with cost 3+1+0 = 4, although the cheapest node-by-node choice (0, 1, 1)
    // costs 1+1+0+6+0 = 8. The other six assignments cost 8, 5, 16, 16, 13, 12.
    PbqpProblem p;
    p.costs = {{1, 3}, {2, 1}, {5, 0}};
    p.edges = {{0, 1, {{0, 6}, {6, 0}}}, {2, 1, {{0, 3}, {2, 0}}}};
    const auto s = solve_pbqp(p);
    CHECK(s.choice == std::vector<std::size_t>{1, 1, 1});
    CHECK(s.cost == 4);
    CHECK(s.optimal);
    CHECK(s.stats.r1 == 2);
    CHECK(s.stats.r0 == 1);
    CHECK(s.stats.r2 + s.stats.rn == 0);
    CHECK(pbqp_cost(p, {0, 1, 1}) == 8);
    CHECK(pbqp_cost(p, {0, 0, 1}) == 5);
    CHECK(solve_exhaustive(p).choice == s.choice);
}

TEST_CASE("parallel edges in both orientations add up; all-infinite problems", "[pbqp]")
{
    // Edge (0,1) [[1,2,3],[4,5,6]] plus edge (1,0) [[10,0],[0,10],[5,5]]: the sum over (a, b) is
    // [[11, 2, 8], [4, 15, 11]], so (0, 1) at cost 2 (the first edge alone would give (0, 0)).
    PbqpProblem p;
    p.costs = {{0, 0}, {0, 0, 0}};
    p.edges = {{0, 1, {{1, 2, 3}, {4, 5, 6}}}, {1, 0, {{10, 0}, {0, 10}, {5, 5}}}};
    const auto s = solve_pbqp(p);
    CHECK(s.choice == std::vector<std::size_t>{0, 1});
    CHECK(s.cost == 2);

    // Every pair forbidden: no throw, cost +inf, the lowest choices.
    PbqpProblem q;
    q.costs = {{1, 2}, {3, 4}};
    q.edges = {{0, 1, {{inf, inf}, {inf, inf}}}};
    for (const auto& r : {solve_pbqp(q), solve_exhaustive(q)}) {
        CHECK(std::isinf(r.cost));
        CHECK(r.choice == std::vector<std::size_t>{0, 0});
    }
    CHECK(solve_pbqp(PbqpProblem{}).cost == 0);
}

TEST_CASE("reductions equal exhaustive search on random small graphs", "[pbqp]")
{
    Rng rng(20260613);
    enum Kind { k_chain, k_tree, k_sp, k_forest, k_dense, k_k4, k_count };
    const char* names[] = {"chain", "tree", "series-parallel", "forest", "dense", "K4"};
    const int per_kind = 100;
    int non_sp = 0, rn_fired = 0, exact_hits = 0, infeasible = 0, inf_optimum = 0, forbidden = 0;
    double gap_sum = 0, gap_max = 0;
    int gap_n = 0;
    for (int kind = 0; kind < k_count; ++kind)
        for (int it = 0; it < per_kind; ++it) {
            const bool sp = kind < k_dense;
            const std::size_t min_n = kind == k_forest ? 6 : kind == k_dense ? 5 : kind == k_k4 ? 4 : 2;
            const std::size_t n = min_n + rng.uniform_int(11 - min_n);  // min_n..10 nodes
            const Edges e = kind == k_chain ? chain(n) : kind == k_tree ? tree(rng, n)
                          : kind == k_sp    ? series_parallel(rng, 0, n) : kind == k_forest ? forest(rng, n)
                          : kind == k_dense ? dense(rng, n) : with_k4(rng, n);
            const bool forbid = it % 3 == 0;
            const PbqpProblem p = make_problem(rng, n, e, forbid);
            INFO(names[kind] << " instance " << it << ", " << n << " nodes, " << e.size() << " edges");
            const auto s = solve_pbqp(p);
            const auto x = solve_exhaustive(p);
            REQUIRE(s.choice.size() == n);
            CHECK(s.cost == pbqp_cost(p, s.choice));
            CHECK(x.cost == pbqp_cost(p, x.choice));
            CHECK(s.stats.r0 + s.stats.r1 + s.stats.r2 + s.stats.rn == n);  // each node reduced once
            CHECK(s.cost >= x.cost);
            if (s.optimal) CHECK(s.cost == x.cost);
            if (n <= 6) CHECK(x.cost == brute_force_min(p));
            forbidden += forbid && std::isfinite(x.cost);
            inf_optimum += std::isinf(x.cost);
            if (sp) {
                CHECK(s.optimal);
                CHECK(s.stats.rn == 0);
                CHECK(s.cost == x.cost);
                continue;
            }
            if (kind == k_k4) CHECK(s.stats.rn > 0);  // a K4 minor always leaves every degree ≥ 3
            ++non_sp;
            rn_fired += s.stats.rn > 0;
            exact_hits += s.cost == x.cost;
            if (std::isinf(x.cost)) continue;
            if (std::isinf(s.cost)) {
                ++infeasible;
            } else if (x.cost > 0) {
                const double gap = (s.cost - x.cost) / x.cost;
                gap_sum += gap;
                gap_max = std::max(gap_max, gap);
                ++gap_n;
            }
        }
    // The forbidden-pair paths must have been exercised: feasible and infeasible optima.
    CHECK(forbidden > 10);
    CHECK(inf_optimum > 0);
    std::ostringstream msg;
    msg << "RN heuristic on " << non_sp << " non-SP instances (RN fired in " << rn_fired << "): equal to the optimum in "
        << exact_hits << "; relative gap over " << gap_n << " finite optima: mean " << 100 * gap_sum / std::max(gap_n, 1)
        << " %, max " << 100 * gap_max << " %; infinite where the optimum is finite: " << infeasible
        << ". All kinds: " << forbidden << " feasible instances with +inf entries, " << inf_optimum
        << " with every assignment infinite.";
    WARN(msg.str());
}

TEST_CASE("malformed problems are errors with a clear message", "[pbqp]")
{
    using Catch::Matchers::Contains;
    const PbqpProblem ok{{{1, 2}, {3, 4, 5}}, {{0, 1, {{0, 0, 0}, {0, 0, 0}}}}};
    REQUIRE_NOTHROW(solve_pbqp(ok));

    auto p = ok;
    p.edges[0].m.pop_back();
    CHECK_THROWS_WITH(solve_pbqp(p), Contains("edge 0 (0, 1) matrix has 1 rows, expected 2 (choices of node 0)"));
    p = ok;
    p.edges[0].m[1].push_back(0);
    CHECK_THROWS_WITH(solve_exhaustive(p), Contains("matrix row 1 has 4 columns, expected 3 (choices of node 1)"));
    p = ok;
    p.edges.push_back({1, 1, {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}});
    CHECK_THROWS_WITH(solve_pbqp(p), Contains("edge 1 (1, 1) is a self loop"));
    p = ok;
    p.edges[0].v = 2;
    CHECK_THROWS_WITH(solve_pbqp(p), Contains("names a node outside"));
    p = ok;
    p.costs.push_back({});
    CHECK_THROWS_WITH(solve_pbqp(p), Contains("node 2 has no choices"));
    p = ok;
    p.costs[1][2] = std::nan("");
    CHECK_THROWS_WITH(solve_pbqp(p), Contains("node 1 choice 2 cost is NaN"));
    p = ok;
    p.edges[0].m[1][0] = std::nan("");
    CHECK_THROWS_WITH(solve_pbqp(p), Contains("entry [1][0] is NaN"));
    p = ok;
    p.edges[0].m[0][2] = -1;
    CHECK_THROWS_WITH(solve_pbqp(p), Contains("entry [0][2] is negative"));
    p = ok;
    p.costs[0][0] = -inf;
    CHECK_THROWS_WITH(solve_pbqp(p), Contains("is negative"));

    CHECK_THROWS_WITH(pbqp_cost(ok, {0}), Contains("1 entries for 2 nodes"));
    CHECK_THROWS_WITH(pbqp_cost(ok, {0, 3}), Contains("node 1 choice 3 is out of range (3 choices)"));
    CHECK_THROWS_WITH(solve_exhaustive(ok, 5), Contains("more than 5 assignments"));
    CHECK(solve_exhaustive(ok, 6).cost == 4);
}

TEST_CASE("large series-parallel graphs reduce exactly", "[pbqp]")
{
    Rng rng(77);
    SECTION("2000-node chain, 4 choices, against a DP")
    {
        // Nodes are laid along the chain in a shuffled order: the edge list is not in chain order.
        const std::size_t n = 2000;
        std::vector<std::size_t> at(n);
        std::iota(at.begin(), at.end(), 0);
        for (std::size_t i = n - 1; i > 0; --i) std::swap(at[i], at[rng.uniform_int(i + 1)]);
        Edges e;
        for (std::size_t i = 1; i < n; ++i) e.push_back({at[i - 1], at[i]});
        const PbqpProblem p = make_problem(rng, n, e, true, 4);
        // DP along the chain: f(b) = best cost of the prefix ending in choice b.
        std::vector<double> f = p.costs[at[0]];
        for (std::size_t i = 1; i < n; ++i) {
            const auto& edge = p.edges[i - 1];
            const bool forward = edge.u == at[i - 1];
            std::vector<double> g(4, inf);
            for (std::size_t b = 0; b < 4; ++b) {
                for (std::size_t a = 0; a < 4; ++a)
                    g[b] = std::min(g[b], f[a] + (forward ? edge.m[a][b] : edge.m[b][a]));
                g[b] += p.costs[at[i]][b];
            }
            f = g;
        }
        const double dp = *std::min_element(f.begin(), f.end());
        REQUIRE(std::isfinite(dp));
        const auto s = solve_pbqp(p);
        CHECK(s.optimal);
        CHECK(s.stats.rn == 0);
        CHECK(s.cost == dp);
    }
    SECTION("200 nested diamonds, invariant under relabelling")
    {
        Edges e{{0, 1}};
        std::size_t n = 2;
        for (int d = 0; d < 200; ++d) {  // replace a random edge (a, b) by a–m1–b and a–m2–b
            const std::size_t k = rng.uniform_int(e.size());
            const auto [a, b] = e[k];
            e[k] = {a, n};
            e.push_back({n, b});
            e.push_back({a, n + 1});
            e.push_back({n + 1, b});
            n += 2;
        }
        const PbqpProblem p = make_problem(rng, n, e, false);
        const auto s = solve_pbqp(p);
        CHECK(s.optimal);
        CHECK(s.stats.rn == 0);
        CHECK(s.stats.r2 > 0);
        CHECK(s.cost == pbqp_cost(p, s.choice));
        // The same problem under a random node numbering has the same optimum.
        std::vector<std::size_t> perm(n);
        std::iota(perm.begin(), perm.end(), 0);
        for (std::size_t i = n - 1; i > 0; --i) std::swap(perm[i], perm[rng.uniform_int(i + 1)]);
        PbqpProblem q;
        q.costs.resize(n);
        for (std::size_t i = 0; i < n; ++i) q.costs[perm[i]] = p.costs[i];
        for (const auto& edge : p.edges) q.edges.push_back({perm[edge.u], perm[edge.v], edge.m});
        const auto t = solve_pbqp(q);
        CHECK(t.optimal);
        CHECK(t.cost == s.cost);
    }
}
