// SPDX-License-Identifier: MIT
// The per-layer algorithm mapper (DYNAMAP, PAPERS.md §5): the network's conv layers get
// one of their candidate algorithms each (with that algorithm's cheaper dataflow) so that
// node costs plus layout-transformation edge costs are least, by PBQP. Layers that do not
// change the layout (ReLU, batchnorm, pooling, LRN, dropout, fc, softmax) are not nodes:
// an edge runs from a conv (or join) through them to the next conv (or join), priced with
// the consumer's input tensor, as the public mapper's graph has them. Joins (concat, add)
// are single-choice nodes of cost 0 that pass the plain tensor layout.
#pragma once

#include <array>
#include <map>
#include <cstddef>
#include <string>
#include <vector>

#include "mapping/dynamap_cost.hpp"
#include "mapping/pbqp.hpp"
#include "workload/network.hpp"

namespace specsim::mapping {

/// Where the mapper's costs come from (seconds). `from` is the producer's algorithm; a
/// join or the network input passes the plain tensor layout, given as kn2row.
class CostSource {
public:
    virtual ~CostSource() = default;
    virtual std::string name() const = 0;  ///< "analytic", "sim"
    /// A conv layer's cost under (algorithm, dataflow); only candidate algorithms are asked.
    virtual double node(const workload::Layer& conv, MapAlgorithm a, MapDataflow d) const = 0;
    /// Re-laying out the consumer conv's input from `from`'s layout into what `to` reads.
    virtual double edge(const workload::Layer& consumer, MapAlgorithm from, MapAlgorithm to) const = 0;
    /// A branch whose last conv ran `from` into a join (concat, add).
    virtual double join_edge(const workload::Layer& join, MapAlgorithm from) const = 0;
    /// Algorithm families beyond the mapper's candidates this source prices for a conv
    /// layer (the spectral engine); none by default.
    virtual std::vector<MapAlgorithm> extra_algorithms(const workload::Layer&) const { return {}; }
};

/// The public mapper's analytic formulas (dynamap_cost.hpp).
class AnalyticCost final : public CostSource {
public:
    explicit AnalyticCost(DynamapParams p) : m_p(p) {}
    std::string name() const override { return "analytic"; }
    double node(const workload::Layer& conv, MapAlgorithm a, MapDataflow d) const override;
    double edge(const workload::Layer& consumer, MapAlgorithm from, MapAlgorithm to) const override;
    double join_edge(const workload::Layer& join, MapAlgorithm from) const override;
    const DynamapParams& params() const { return m_p; }

private:
    DynamapParams m_p;
};

/// Costs from a table the caller fills, e.g. from simulating each candidate: node costs per
/// (layer, algorithm, dataflow) and the layout transformation into a layer under an
/// algorithm. The simulator's layers all write the plain tensor, so an edge's cost depends
/// on the consumer's algorithm only, and a join moves nothing (a concat is a layout no-op;
/// an add's pass is a cost of its own, outside the mapping).
class TableCost final : public CostSource {
public:
    explicit TableCost(std::string name) : m_name(std::move(name)) {}
    std::string name() const override { return m_name; }
    void set_node(const std::string& layer, MapAlgorithm a, MapDataflow d, double seconds);
    void set_layout(const std::string& layer, MapAlgorithm a, double seconds);
    /// A family beyond the candidates for `layer` (e.g. spectral: the layer run on a
    /// spectral overlay): node cost `seconds` under either dataflow, no layout pass into it
    /// (it reads the plain tensor) and a plain output.
    void add_family(const std::string& layer, MapAlgorithm a, double seconds);
    std::vector<MapAlgorithm> extra_algorithms(const workload::Layer& conv) const override;
    /// Throws specsim::Error naming the layer when the table has no such entry.
    double node(const workload::Layer& conv, MapAlgorithm a, MapDataflow d) const override;
    double edge(const workload::Layer& consumer, MapAlgorithm from, MapAlgorithm to) const override;
    double join_edge(const workload::Layer&, MapAlgorithm) const override { return 0.0; }

private:
    std::string m_name;
    std::map<std::string, double> m_node, m_layout;
    std::map<std::string, std::vector<MapAlgorithm>> m_extra;
};

/// One node of the mapping graph: a conv layer or a join.
struct MapNode {
    std::size_t layer = 0;                    ///< index into the network
    bool conv = false;                        ///< false: a join (one choice, "plain", cost 0)
    std::vector<MapAlgorithm> algorithms;     ///< conv: the candidates, in enum order
    std::vector<std::array<double, 2>> cost;  ///< conv: per algorithm, {OS, WS} seconds
    /// Per choice: the layout transformation into it from the plain tensor layout (an
    /// im2col / kn2row producer, a join, the network input), seconds; empty when nothing
    /// reaches the node.
    std::vector<double> plain_edge;
    bool reads_input = false;                 ///< reads the network input (plain_edge paid once more)
};

/// A producer → consumer edge of the mapping graph (through layers that keep the layout).
struct MapEdge {
    std::size_t from = 0, to = 0;  ///< node indices
};

/// The mapping graph of a network under a cost source, and its PBQP (node i of the PBQP is
/// nodes[i]; a conv's choice j is algorithms[j] with its cheaper dataflow). A node read by
/// several nodes (a fork) passes the plain tensor layout to all of them.
struct MappingProblem {
    std::vector<MapNode> nodes;
    std::vector<MapEdge> edges;
    PbqpProblem pbqp;
};

/// Builds the graph: conv layers (throws specsim::Error for a grouped or dilated conv, as
/// the mapper's model has neither) and joins as nodes, edges through every other layer.
MappingProblem build_mapping_problem(const workload::Network& net, const CostSource& cost);

/// The chosen mapping, per conv layer and in total.
struct LayerMapped {
    std::string layer;
    MapAlgorithm algorithm = MapAlgorithm::im2col;
    MapDataflow dataflow = MapDataflow::os;
    double node_s = 0;  ///< its node cost under that choice
    double edge_s = 0;  ///< the layout transformations into it (edges and network input)
};
/// A join (concat, add): the layout transformations of its branches into it.
struct JoinMapped {
    std::string layer;
    double edge_s = 0;
};
struct Mapping {
    std::vector<LayerMapped> layers;  ///< conv layers, in network order
    std::vector<JoinMapped> joins;    ///< joins, in network order (their edges are in edge_s)
    std::vector<std::size_t> choice;  ///< the PBQP assignment (per node)
    double node_s = 0, edge_s = 0;     ///< totals (join edges included in edge_s)
    double total_s() const { return node_s + edge_s; }
    bool optimal = false;              ///< no heuristic (RN) reduction fired
    PbqpStats stats;
};

/// The least-cost mapping (PBQP).
Mapping map_network(const workload::Network& net, const MappingProblem& problem);
/// An assignment (one choice per node of `problem`) and its costs; `optimal` false.
Mapping evaluate_mapping(const workload::Network& net, const MappingProblem& problem,
                         const std::vector<std::size_t>& choice);
/// Every conv on `a` where it is a candidate, im2col elsewhere: the single-algorithm mappings.
Mapping fixed_mapping(const workload::Network& net, const MappingProblem& problem, MapAlgorithm a);

}  // namespace specsim::mapping
