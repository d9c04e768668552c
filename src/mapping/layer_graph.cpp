// SPDX-License-Identifier: MIT
// Network → PBQP (see layer_graph.hpp).
#include "mapping/layer_graph.hpp"

#include <set>
#include <utility>

#include "util/error.hpp"

namespace specsim::mapping {

PbqpProblem network_pbqp(const workload::Network& net, const std::vector<LayerOptions>& options, const EdgeCost& edge)
{
    if (options.size() != net.size())
        throw Error("mapping: " + std::to_string(options.size()) + " option lists for " + std::to_string(net.size()) +
                    " layers");
    PbqpProblem p;
    for (std::size_t i = 0; i < net.size(); ++i) {
        const LayerOptions& o = options[i];
        if (o.cost_s.empty() || o.labels.size() != o.cost_s.size())
            throw Error("mapping: layer '" + net.layer(i).name + "' has " + std::to_string(o.labels.size()) +
                        " labels and " + std::to_string(o.cost_s.size()) + " costs (need the same number, ≥ 1)");
        p.costs.push_back(o.cost_s);
    }
    // A layer reading the same producer twice (e.g. add(x, x)) transforms it once: one edge.
    std::set<std::pair<std::size_t, std::size_t>> seen;
    for (std::size_t q = 0; q < net.size(); ++q) {
        for (const std::string& in : net.layer(q).inputs) {
            if (in == workload::Network::input_name) continue;
            const std::size_t prod = *net.index_of(in);
            if (!seen.insert({prod, q}).second) continue;
            PbqpProblem::Edge e;
            e.u = prod;
            e.v = q;
            e.m.assign(options[prod].cost_s.size(), std::vector<double>(options[q].cost_s.size(), 0.0));
            for (std::size_t a = 0; a < e.m.size(); ++a)
                for (std::size_t b = 0; b < e.m[a].size(); ++b) e.m[a][b] = edge(prod, a, q, b);
            p.edges.push_back(std::move(e));
        }
    }
    return p;
}

}  // namespace specsim::mapping
