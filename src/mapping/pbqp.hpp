// SPDX-License-Identifier: MIT
// A general PBQP (partitioned boolean quadratic problem) solver: one choice per node, node costs
// plus pairwise edge costs. DYNAMAP (issue 13) uses it to pick a per-layer (algorithm, dataflow);
// nothing here knows about CNNs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace specsim::mapping {

/// A PBQP instance: node i has costs[i].size() choices (≥ 1) with costs[i][a]; an edge (u, v)
/// has a cost matrix m[a][b] for u choosing a and v choosing b (m is costs[u].size() ×
/// costs[v].size()). Costs are ≥ 0 and finite, or +infinity for a forbidden choice/pair. Several
/// edges between the same pair (either orientation) are allowed and add up. Self-loops are an
/// error. Costs carry whatever unit the caller uses (the mapper: seconds).
struct PbqpProblem {
    std::vector<std::vector<double>> costs;
    struct Edge {
        std::size_t u = 0, v = 0;
        std::vector<std::vector<double>> m;
    };
    std::vector<Edge> edges;
};

/// Number of reductions applied: R0 (degree 0), RI (degree 1), RII (degree 2) are exact;
/// RN (degree ≥ 3) is the heuristic.
struct PbqpStats {
    std::uint64_t r0 = 0, r1 = 0, r2 = 0, rn = 0;
};

struct PbqpSolution {
    std::vector<std::size_t> choice;  ///< per node, an index into costs[node]
    double cost = 0;                  ///< total cost of `choice` (node + edge costs), recomputed from the problem
    bool optimal = false;             ///< true iff no RN reduction fired (then the result is a proven optimum)
    PbqpStats stats;
};

/// Total cost of an assignment: every node cost plus every edge cost, in the problem's own
/// order (so equal assignments give bit-identical costs). Throws specsim::Error on a malformed
/// problem, a wrong size or an out-of-range choice.
double pbqp_cost(const PbqpProblem& p, const std::vector<std::size_t>& choice);

/// Throws specsim::Error naming the first defect: a node without choices, an edge endpoint out
/// of range, a self loop, a matrix of the wrong shape, a negative or NaN cost.
void validate_pbqp(const PbqpProblem& p);

/// Reduction solver (Scholz & Eckstein 2002; Hames & Scholz 2006): R0 (degree 0), RI (degree 1),
/// RII (degree 2) are exact, RN (degree ≥ 3: pick the locally best choice of a max-degree node) is
/// the heuristic; reduced nodes are put back in reverse order (back substitution). Deterministic
/// (ties broken by the lowest index). Throws specsim::Error on a malformed problem (size mismatch,
/// self loop, node without choices, negative or NaN cost). If every assignment has infinite cost,
/// returns one with cost = +inf (does not throw). On a series-parallel graph (no K4 minor) only
/// exact reductions fire, so `optimal` is true.
PbqpSolution solve_pbqp(const PbqpProblem& p);

/// Exhaustive search over all assignments (for tests and small problems), depth first with
/// pruning of partial sums that cannot beat the best so far (exact because costs are ≥ 0); the
/// lexicographically first optimum is returned. Throws specsim::Error when the number of
/// assignments exceeds `max_assignments`. `optimal` is true; stats are zero.
PbqpSolution solve_exhaustive(const PbqpProblem& p, std::uint64_t max_assignments = 10'000'000);

}  // namespace specsim::mapping
