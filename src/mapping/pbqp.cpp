// SPDX-License-Identifier: MIT
// PBQP by graph reduction (Scholz & Eckstein 2002; Hames & Scholz 2006) and by exhaustive search.
// The reduction solver removes nodes of degree 0, 1, 2 exactly and falls back to the RN heuristic
// only when every remaining node has degree ≥ 3, which never happens on series-parallel graphs.
#include "mapping/pbqp.hpp"

#include "util/error.hpp"

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace specsim::mapping {
namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

/// Dense row-major cost matrix; rows are the choices of the first endpoint.
struct Matrix {
    std::size_t rows = 0, cols = 0;
    std::vector<double> v;
    Matrix(std::size_t r, std::size_t c) : rows(r), cols(c), v(r * c, 0.0) {}
    double& at(std::size_t a, std::size_t b) { return v[a * cols + b]; }
    double at(std::size_t a, std::size_t b) const { return v[a * cols + b]; }
    Matrix transposed() const
    {
        Matrix t(cols, rows);
        for (std::size_t a = 0; a < rows; ++a)
            for (std::size_t b = 0; b < cols; ++b) t.at(b, a) = at(a, b);
        return t;
    }
    bool all_zero() const
    {
        for (const double x : v)
            if (x != 0.0) return false;
        return true;
    }
};

/// "" when `x` is an admissible cost (≥ 0, +inf allowed), else why not.
std::string cost_defect(double x)
{
    if (std::isnan(x)) return "is NaN";
    if (x < 0) return "is negative (" + std::to_string(x) + ")";
    return "";
}

/// The graph being reduced. Edges are stored once under (lower, higher) node index, the matrix's
/// rows being the lower node's choices; `m_by_degree` keeps (degree, node) of every live node
/// ordered so that the next reduction is found in O(log n).
class Reducer {
public:
    explicit Reducer(const PbqpProblem& p) : m_cost(p.costs), m_adj(p.costs.size())
    {
        for (std::size_t i = 0; i < m_cost.size(); ++i) m_by_degree.insert({0, i});
        for (const auto& e : p.edges) {
            Matrix m(e.m.size(), e.m.empty() ? 0 : e.m[0].size());
            for (std::size_t a = 0; a < m.rows; ++a)
                for (std::size_t b = 0; b < m.cols; ++b) m.at(a, b) = e.m[a][b];
            add_edge(e.u, e.v, m);
        }
    }

    PbqpSolution run()
    {
        PbqpSolution s;
        while (!m_by_degree.empty()) {
            auto [deg, x] = *m_by_degree.begin();  // lowest degree, then lowest index
            if (deg == 0) {
                ++s.stats.r0;
            } else if (deg == 1) {
                reduce_ri(x);
                ++s.stats.r1;
            } else if (deg == 2) {
                reduce_rii(x);
                ++s.stats.r2;
                continue;  // reduce_rii removed x itself (before adding the neighbours' edge)
            } else {
                // RN: the max-degree node with the lowest index, fixed to its locally best choice.
                deg = m_by_degree.rbegin()->first;
                x = m_by_degree.lower_bound({deg, 0})->second;
                reduce_rn(x);
                ++s.stats.rn;
            }
            remove_node(x);
        }
        // Back substitution, last reduced first: each node's recorded neighbours are already set.
        s.choice.assign(m_cost.size(), 0);
        for (auto r = m_stack.rbegin(); r != m_stack.rend(); ++r) {
            double best = k_inf;
            for (std::size_t a = 0; a < r->cost.size(); ++a) {
                double c = r->cost[a];
                for (const auto& [y, m] : r->nbrs) c += m.at(a, s.choice[y]);
                if (c < best) {  // strict: ties keep the lowest index; all-inf keeps choice 0
                    best = c;
                    s.choice[r->node] = a;
                }
            }
        }
        return s;
    }

private:
    struct Record {
        std::size_t node;
        std::vector<double> cost;                          // the node's cost vector when reduced
        std::vector<std::pair<std::size_t, Matrix>> nbrs;  // rows = this node's choices
    };

    std::vector<std::vector<double>> m_cost;
    std::map<std::pair<std::size_t, std::size_t>, Matrix> m_edges;
    std::vector<std::set<std::size_t>> m_adj;
    std::set<std::pair<std::size_t, std::size_t>> m_by_degree;
    std::vector<Record> m_stack;

    /// The matrix of edge (x, y) with x's choices as rows.
    Matrix oriented(std::size_t x, std::size_t y) const
    {
        const Matrix& m = m_edges.at({std::min(x, y), std::max(x, y)});
        return x < y ? m : m.transposed();
    }

    void link(std::size_t x, std::size_t y)
    {
        for (const std::size_t n : {x, y}) m_by_degree.erase({m_adj[n].size(), n});
        m_adj[x].insert(y);
        m_adj[y].insert(x);
        for (const std::size_t n : {x, y}) m_by_degree.insert({m_adj[n].size(), n});
    }

    /// Adds m_xy (rows = x's choices) to edge (x, y), creating it if needed. An all-zero matrix
    /// adds nothing, so it creates no edge: fewer edges, lower degrees, fewer RN reductions.
    void add_edge(std::size_t x, std::size_t y, const Matrix& m_xy)
    {
        if (m_xy.all_zero()) return;
        const Matrix m = x < y ? m_xy : m_xy.transposed();
        const auto key = std::make_pair(std::min(x, y), std::max(x, y));
        auto it = m_edges.find(key);
        if (it == m_edges.end()) {
            m_edges.emplace(key, m);
            link(x, y);
        } else {
            for (std::size_t i = 0; i < m.v.size(); ++i) it->second.v[i] += m.v[i];
        }
    }

    /// Detaches x with its edges and pushes the record back substitution needs.
    void remove_node(std::size_t x)
    {
        Record r{x, m_cost[x], {}};
        m_by_degree.erase({m_adj[x].size(), x});
        for (const std::size_t y : m_adj[x]) {
            r.nbrs.emplace_back(y, oriented(x, y));
            m_edges.erase({std::min(x, y), std::max(x, y)});
            m_by_degree.erase({m_adj[y].size(), y});
            m_adj[y].erase(x);
            m_by_degree.insert({m_adj[y].size(), y});
        }
        m_adj[x].clear();
        m_stack.push_back(std::move(r));
    }

    /// RI: y's cost gains, per choice b, the best x can do given b.
    void reduce_ri(std::size_t x)
    {
        const std::size_t y = *m_adj[x].begin();
        const Matrix m = oriented(x, y);
        for (std::size_t b = 0; b < m.cols; ++b) {
            double best = k_inf;
            for (std::size_t a = 0; a < m.rows; ++a) best = std::min(best, m_cost[x][a] + m.at(a, b));
            m_cost[y][b] += best;
        }
    }

    /// RII: x's neighbours y, z get an edge whose entry (b, c) is the best x can do given both.
    void reduce_rii(std::size_t x)
    {
        const std::size_t y = *m_adj[x].begin(), z = *m_adj[x].rbegin();
        const Matrix my = oriented(x, y), mz = oriented(x, z);
        Matrix delta(my.cols, mz.cols);
        for (std::size_t b = 0; b < my.cols; ++b)
            for (std::size_t c = 0; c < mz.cols; ++c) {
                double best = k_inf;
                for (std::size_t a = 0; a < my.rows; ++a)
                    best = std::min(best, m_cost[x][a] + my.at(a, b) + mz.at(a, c));
                delta.at(b, c) = best;
            }
        remove_node(x);
        add_edge(y, z, delta);
    }

    /// RN (heuristic): fix x to the choice that is best against each neighbour on its own, and
    /// fold that row of every edge into the neighbour's costs. Back substitution later re-picks
    /// x against the neighbours' final choices, which can only lower the total (the fixed choice
    /// is still a candidate and no other term depends on x).
    void reduce_rn(std::size_t x)
    {
        std::vector<std::pair<std::size_t, Matrix>> nbrs;
        for (const std::size_t y : m_adj[x]) nbrs.emplace_back(y, oriented(x, y));
        std::size_t pick = 0;
        double best = k_inf;
        for (std::size_t a = 0; a < m_cost[x].size(); ++a) {
            double c = m_cost[x][a];
            for (const auto& [y, m] : nbrs) {
                double local = k_inf;
                for (std::size_t b = 0; b < m.cols; ++b) local = std::min(local, m.at(a, b) + m_cost[y][b]);
                c += local;
            }
            if (c < best) {
                best = c;
                pick = a;
            }
        }
        for (const auto& [y, m] : nbrs)
            for (std::size_t b = 0; b < m.cols; ++b) m_cost[y][b] += m.at(pick, b);
    }
};

}  // namespace

void validate_pbqp(const PbqpProblem& p)
{
    const std::size_t n = p.costs.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (p.costs[i].empty()) throw Error("pbqp: node " + std::to_string(i) + " has no choices");
        for (std::size_t a = 0; a < p.costs[i].size(); ++a)
            if (auto d = cost_defect(p.costs[i][a]); !d.empty())
                throw Error("pbqp: node " + std::to_string(i) + " choice " + std::to_string(a) + " cost " + d);
    }
    for (std::size_t k = 0; k < p.edges.size(); ++k) {
        const auto& e = p.edges[k];
        const std::string name = "pbqp: edge " + std::to_string(k) + " (" + std::to_string(e.u) + ", " +
                                 std::to_string(e.v) + ")";
        if (e.u >= n || e.v >= n)
            throw Error(name + " names a node outside 0.." + std::to_string(n) + " (exclusive)");
        if (e.u == e.v) throw Error(name + " is a self loop");
        const std::size_t rows = p.costs[e.u].size(), cols = p.costs[e.v].size();
        if (e.m.size() != rows)
            throw Error(name + " matrix has " + std::to_string(e.m.size()) + " rows, expected " +
                        std::to_string(rows) + " (choices of node " + std::to_string(e.u) + ")");
        for (std::size_t a = 0; a < rows; ++a) {
            if (e.m[a].size() != cols)
                throw Error(name + " matrix row " + std::to_string(a) + " has " + std::to_string(e.m[a].size()) +
                            " columns, expected " + std::to_string(cols) + " (choices of node " +
                            std::to_string(e.v) + ")");
            for (std::size_t b = 0; b < cols; ++b)
                if (auto d = cost_defect(e.m[a][b]); !d.empty())
                    throw Error(name + " entry [" + std::to_string(a) + "][" + std::to_string(b) + "] " + d);
        }
    }
}

double pbqp_cost(const PbqpProblem& p, const std::vector<std::size_t>& choice)
{
    validate_pbqp(p);
    if (choice.size() != p.costs.size())
        throw Error("pbqp: assignment has " + std::to_string(choice.size()) + " entries for " +
                    std::to_string(p.costs.size()) + " nodes");
    for (std::size_t i = 0; i < choice.size(); ++i)
        if (choice[i] >= p.costs[i].size())
            throw Error("pbqp: node " + std::to_string(i) + " choice " + std::to_string(choice[i]) +
                        " is out of range (" + std::to_string(p.costs[i].size()) + " choices)");
    double total = 0;
    for (std::size_t i = 0; i < choice.size(); ++i) total += p.costs[i][choice[i]];
    for (const auto& e : p.edges) total += e.m[choice[e.u]][choice[e.v]];
    return total;
}

PbqpSolution solve_pbqp(const PbqpProblem& p)
{
    validate_pbqp(p);
    PbqpSolution s = Reducer(p).run();
    s.cost = pbqp_cost(p, s.choice);
    s.optimal = s.stats.rn == 0;
    return s;
}

PbqpSolution solve_exhaustive(const PbqpProblem& p, std::uint64_t max_assignments)
{
    validate_pbqp(p);
    const std::size_t n = p.costs.size();
    std::uint64_t count = 1;
    for (const auto& c : p.costs) {
        if (count > max_assignments / c.size())
            throw Error("pbqp: exhaustive search over more than " + std::to_string(max_assignments) +
                        " assignments refused");
        count *= c.size();
    }
    // Each edge is charged at its later endpoint, once the earlier one is already chosen.
    std::vector<std::vector<const PbqpProblem::Edge*>> later(n);
    for (const auto& e : p.edges) later[std::max(e.u, e.v)].push_back(&e);

    PbqpSolution s;
    s.optimal = true;
    s.choice.assign(n, 0);
    std::vector<std::size_t> cur(n, 0);
    double best = k_inf;
    // Depth-first in lexicographic order; prune a partial sum ≥ best (costs are ≥ 0, so no
    // completion can improve on it), and replace only on a strict improvement: the first
    // optimum in lexicographic order wins.
    std::function<void(std::size_t, double)> dfs = [&](std::size_t i, double partial) {
        if (i == n) {
            best = partial;
            s.choice = cur;
            return;
        }
        for (std::size_t a = 0; a < p.costs[i].size(); ++a) {
            cur[i] = a;
            double c = partial + p.costs[i][a];
            for (const auto* e : later[i]) c += e->m[cur[e->u]][cur[e->v]];
            if (c < best) dfs(i + 1, c);
        }
    };
    dfs(0, 0.0);
    s.cost = pbqp_cost(p, s.choice);
    return s;
}

}  // namespace specsim::mapping
