// SPDX-License-Identifier: MIT
// Mapping graph, PBQP and the chosen mapping (see mapper.hpp).
#include "mapping/mapper.hpp"

#include <algorithm>
#include <set>

#include "util/error.hpp"

namespace specsim::mapping {
namespace {

using workload::LayerKind;

bool is_join(const workload::Layer& l) { return l.kind == LayerKind::Concat || l.kind == LayerKind::Add; }
bool is_node(const workload::Layer& l) { return l.kind == LayerKind::Conv || is_join(l); }

// The mapping nodes whose output reaches layer `q`'s input `name`, walking back through
// layers that keep the layout; `reads_input` is set when the walk reaches the network input.
void producers(const workload::Network& net, const std::vector<std::ptrdiff_t>& node_of, const std::string& name,
               std::set<std::size_t>& out, bool& reads_input)
{
    if (name == workload::Network::input_name) {
        reads_input = true;
        return;
    }
    const std::size_t i = *net.index_of(name);
    if (node_of[i] >= 0) {
        out.insert(static_cast<std::size_t>(node_of[i]));
        return;
    }
    for (const auto& in : net.layer(i).inputs) producers(net, node_of, in, out, reads_input);
}

// The PBQP choice index of `a` at conv node `n`, or −1.
std::ptrdiff_t index_of(const MapNode& n, MapAlgorithm a)
{
    const auto it = std::find(n.algorithms.begin(), n.algorithms.end(), a);
    return it == n.algorithms.end() ? -1 : it - n.algorithms.begin();
}

}  // namespace

Mapping evaluate_mapping(const workload::Network& net, const MappingProblem& mp, const std::vector<std::size_t>& choice)
{
    if (choice.size() != mp.nodes.size()) throw Error("mapping: an assignment of the wrong size");
    Mapping m;
    m.choice = choice;
    std::vector<double> edge_into(mp.nodes.size(), 0.0);
    for (const auto& e : mp.pbqp.edges) {
        const double c = e.m[choice[e.u]][choice[e.v]];
        edge_into[e.v] += c;
        m.edge_s += c;
    }
    for (std::size_t i = 0; i < mp.nodes.size(); ++i) {
        const MapNode& n = mp.nodes[i];
        if (!n.conv) {  // a join: only the layout transformations into it
            m.joins.push_back({net.layer(n.layer).name, edge_into[i]});
            continue;
        }
        const std::size_t j = choice[i];
        LayerMapped l;
        l.layer = net.layer(n.layer).name;
        l.algorithm = n.algorithms[j];
        l.dataflow = n.cost[j][1] < n.cost[j][0] ? MapDataflow::ws : MapDataflow::os;  // OS on a tie, as the mapper
        l.node_s = std::min(n.cost[j][0], n.cost[j][1]);
        const double input = n.reads_input ? n.plain_edge[j] : 0.0;
        l.edge_s = edge_into[i] + input;
        m.node_s += l.node_s;
        m.edge_s += input;
        m.layers.push_back(l);
    }
    return m;
}

double AnalyticCost::node(const workload::Layer& conv, MapAlgorithm a, MapDataflow d) const
{
    return analytic_node_cost(conv, a, d, m_p);
}

double AnalyticCost::edge(const workload::Layer& consumer, MapAlgorithm from, MapAlgorithm to) const
{
    return analytic_edge_cost(consumer, from, to, m_p);
}

double AnalyticCost::join_edge(const workload::Layer& join, MapAlgorithm from) const
{
    if (join.kind == LayerKind::Concat) return analytic_join_edge_cost(join, from, m_p);
    // An add is a join the public mapper's graphs do not have: priced as a concat of the
    // same output tensor (a re-layout into the plain tensor).
    workload::Layer as_concat = join;
    as_concat.kind = LayerKind::Concat;
    return analytic_join_edge_cost(as_concat, from, m_p);
}

namespace {
std::string key(const std::string& layer, MapAlgorithm a, int d)
{
    return layer + "|" + to_string(a) + "|" + std::to_string(d);
}
}  // namespace

void TableCost::set_node(const std::string& layer, MapAlgorithm a, MapDataflow d, double seconds)
{
    m_node[key(layer, a, static_cast<int>(d))] = seconds;
}

void TableCost::set_layout(const std::string& layer, MapAlgorithm a, double seconds) { m_layout[key(layer, a, -1)] = seconds; }

void TableCost::add_family(const std::string& layer, MapAlgorithm a, double seconds)
{
    set_node(layer, a, MapDataflow::os, seconds);
    set_node(layer, a, MapDataflow::ws, seconds);
    set_layout(layer, a, 0.0);
    auto& v = m_extra[layer];
    if (std::find(v.begin(), v.end(), a) == v.end()) v.push_back(a);
}

std::vector<MapAlgorithm> TableCost::extra_algorithms(const workload::Layer& conv) const
{
    const auto it = m_extra.find(conv.name);
    return it == m_extra.end() ? std::vector<MapAlgorithm>{} : it->second;
}

double TableCost::node(const workload::Layer& conv, MapAlgorithm a, MapDataflow d) const
{
    const auto it = m_node.find(key(conv.name, a, static_cast<int>(d)));
    if (it == m_node.end())
        throw Error("mapping: no " + m_name + " cost for layer '" + conv.name + "' under " + to_string(a) + "/" +
                    to_string(d));
    return it->second;
}

double TableCost::edge(const workload::Layer& consumer, MapAlgorithm, MapAlgorithm to) const
{
    const auto it = m_layout.find(key(consumer.name, to, -1));
    if (it == m_layout.end())
        throw Error("mapping: no " + m_name + " layout cost for layer '" + consumer.name + "' under " + to_string(to));
    return it->second;
}

MappingProblem build_mapping_problem(const workload::Network& net, const CostSource& cost)
{
    MappingProblem mp;
    std::vector<std::ptrdiff_t> node_of(net.size(), -1);
    for (std::size_t i = 0; i < net.size(); ++i) {
        const workload::Layer& l = net.layer(i);
        if (!is_node(l)) continue;
        node_of[i] = static_cast<std::ptrdiff_t>(mp.nodes.size());
        MapNode n;
        n.layer = i;
        n.conv = l.kind == LayerKind::Conv;
        if (n.conv) {
            n.algorithms = candidate_algorithms(l);  // throws for grouped / dilated convs
            for (const MapAlgorithm a : cost.extra_algorithms(l))
                if (std::find(n.algorithms.begin(), n.algorithms.end(), a) == n.algorithms.end()) n.algorithms.push_back(a);
            for (const MapAlgorithm a : n.algorithms)
                n.cost.push_back({cost.node(l, a, MapDataflow::os), cost.node(l, a, MapDataflow::ws)});
        }
        mp.nodes.push_back(std::move(n));
    }
    for (std::size_t q = 0; q < mp.nodes.size(); ++q) {
        MapNode& n = mp.nodes[q];
        const workload::Layer& l = net.layer(n.layer);
        std::set<std::size_t> from;
        for (const auto& in : l.inputs) producers(net, node_of, in, from, n.reads_input);
        if (n.reads_input || !from.empty()) {  // the network input and joins pass the plain tensor layout
            if (n.conv) {
                for (const MapAlgorithm a : n.algorithms) n.plain_edge.push_back(cost.edge(l, MapAlgorithm::kn2row, a));
            } else {
                n.plain_edge.push_back(cost.join_edge(l, MapAlgorithm::kn2row));
            }
        }
        for (const std::size_t p : from) mp.edges.push_back({p, q});
    }
    for (const MapNode& n : mp.nodes) {
        std::vector<double> c;
        if (!n.conv) c.push_back(0.0);
        for (std::size_t j = 0; j < n.algorithms.size(); ++j)
            c.push_back(std::min(n.cost[j][0], n.cost[j][1]) + (n.reads_input && n.conv ? n.plain_edge[j] : 0.0));
        mp.pbqp.costs.push_back(c);
    }
    // A fork (a node whose output several nodes read) passes the plain tensor layout, as
    // the public mapper's fork node does: its consumers re-lay out from the tensor.
    std::vector<int> readers(mp.nodes.size(), 0);
    for (const MapEdge& e : mp.edges) ++readers[e.from];
    for (const MapEdge& e : mp.edges) {
        const MapNode& p = mp.nodes[e.from];
        const bool fork = readers[e.from] > 1;
        const MapNode& q = mp.nodes[e.to];
        const workload::Layer& ql = net.layer(q.layer);
        PbqpProblem::Edge pe;
        pe.u = e.from;
        pe.v = e.to;
        const std::size_t rows = p.conv ? p.algorithms.size() : 1, cols = q.conv ? q.algorithms.size() : 1;
        pe.m.assign(rows, std::vector<double>(cols, 0.0));
        for (std::size_t a = 0; a < rows; ++a) {
            // Joins and forks pass the plain tensor (given as kn2row's layout).
            const MapAlgorithm src = p.conv && !fork ? p.algorithms[a] : MapAlgorithm::kn2row;
            for (std::size_t b = 0; b < cols; ++b)
                pe.m[a][b] = q.conv ? cost.edge(ql, src, q.algorithms[b]) : cost.join_edge(ql, src);
        }
        mp.pbqp.edges.push_back(std::move(pe));
    }
    return mp;
}

Mapping map_network(const workload::Network& net, const MappingProblem& problem)
{
    const PbqpSolution s = solve_pbqp(problem.pbqp);
    Mapping m = evaluate_mapping(net, problem, s.choice);
    m.optimal = s.optimal;
    m.stats = s.stats;
    return m;
}

Mapping fixed_mapping(const workload::Network& net, const MappingProblem& problem, MapAlgorithm a)
{
    std::vector<std::size_t> choice;
    for (const MapNode& n : problem.nodes) {
        if (!n.conv) {
            choice.push_back(0);
            continue;
        }
        const std::ptrdiff_t j = index_of(n, a);
        choice.push_back(static_cast<std::size_t>(j >= 0 ? j : index_of(n, MapAlgorithm::im2col)));
    }
    Mapping m = evaluate_mapping(net, problem, choice);
    m.optimal = false;
    return m;
}

}  // namespace specsim::mapping
