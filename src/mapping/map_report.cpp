// SPDX-License-Identifier: MIT
// Formatting of map results (see map_report.hpp). Costs are printed in ms with 6 decimals,
// the public mapper's own resolution.
#include "mapping/map_report.hpp"

#include <array>
#include <map>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "util/error.hpp"

namespace specsim::mapping {
namespace {

using Json = nlohmann::ordered_json;

std::string ms(double seconds) { return fmt::format("{:.6f}", seconds * 1e3); }

std::string csv_field(const std::string& s)
{
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string o = "\"";
    for (const char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
    return o + "\"";
}

// Summary lines shared by every format: mapped and single-algorithm totals.
struct Line {
    std::string name;
    double total_s, node_s, edge_s;
};
std::vector<Line> summary(const MapReport& r)
{
    std::vector<Line> out = {{"mapped (PBQP)", r.mapped.total_s() + r.other_s, r.mapped.node_s, r.mapped.edge_s}};
    for (const auto& [a, m] : r.single)
        out.push_back({std::string("all ") + to_string(a), m.total_s() + r.other_s, m.node_s, m.edge_s});
    return out;
}

std::string reductions(const Mapping& m)
{
    return fmt::format("R0 {}, RI {}, RII {}, RN {}", m.stats.r0, m.stats.r1, m.stats.r2, m.stats.rn);
}

// A double-quoted YAML scalar's content: backslash and quote escaped.
std::string yaml_escaped(const std::string& s)
{
    std::string o;
    for (const char c : s) {
        if (c == '\\' || c == '"') o += '\\';
        o += c;
    }
    return o;
}

std::string header_line(const MapReport& r)
{
    return fmt::format("specsim map: experiment {}, network {}, cost {}, {}", r.experiment, r.network, r.cost, r.params);
}

}  // namespace

const char* systolic_algorithm_name(MapAlgorithm a)
{
    switch (a) {
        case MapAlgorithm::im2col: return "im2col";
        case MapAlgorithm::kn2row: return "kn2row";
        case MapAlgorithm::winograd: return "winograd2";
        case MapAlgorithm::spectral: break;
    }
    throw Error("mapping: the spectral engine is not a systolic algorithm");
    return "im2col";
}

namespace {

std::string kind_of(const workload::Layer& l)
{
    const auto& c = l.conv();
    return fmt::format("{}x{}{}", c.kernel.h, c.kernel.w,
                       c.stride.h > 1 || c.stride.w > 1 ? fmt::format(" stride {}", c.stride.h) : "");
}

// Every edge matrix entry, for the CSV comments and the JSON candidates.
struct EdgeEntry {
    std::string from, to, from_alg, to_alg;
    double cost_s;
};
std::vector<EdgeEntry> edge_entries(const MappingProblem& mp, const workload::Network& net)
{
    std::vector<EdgeEntry> out;
    for (const auto& e : mp.pbqp.edges) {
        const MapNode& p = mp.nodes[e.u];
        const MapNode& q = mp.nodes[e.v];
        for (std::size_t a = 0; a < e.m.size(); ++a)
            for (std::size_t b = 0; b < e.m[a].size(); ++b)
                out.push_back({net.layer(p.layer).name, net.layer(q.layer).name,
                               p.conv ? to_string(p.algorithms[a]) : "tensor", q.conv ? to_string(q.algorithms[b]) : "tensor",
                               e.m[a][b]});
    }
    return out;
}

}  // namespace

std::string format_map_report(const MapReport& r, const std::string& format, bool candidates)
{
    if (!r.problem || !r.net) throw Error("internal: map report without its problem");
    const MappingProblem& mp = *r.problem;
    const workload::Network& net = *r.net;
    const auto lines = summary(r);
    const std::string optimal = r.mapped.optimal ? "optimal (only exact reductions)" : "heuristic (RN reductions fired)";
    const bool both = r.analytic.layers.size() == r.mapped.layers.size();
    if (format == "csv") {
        std::string out = "# " + header_line(r) + "\n";
        for (const auto& n : r.notes) out += "# note: " + n + "\n";
        out += "kind,layer,algorithm,dataflow,cost_ms\n";
        if (candidates) {
            for (const MapNode& n : mp.nodes) {
                if (!n.conv) continue;
                const std::string name = csv_field(net.layer(n.layer).name);
                for (std::size_t j = 0; j < n.algorithms.size(); ++j)
                    for (const MapDataflow d : {MapDataflow::os, MapDataflow::ws})
                        out += fmt::format("node,{},{},{},{}\n", name, to_string(n.algorithms[j]), to_string(d),
                                           ms(n.cost[j][static_cast<int>(d)]));
            }
            // Layout transformations into each node from the plain tensor layout (an
            // im2col or kn2row producer, a fork, a join, the network input).
            for (const MapNode& n : mp.nodes) {
                const std::string name = csv_field(net.layer(n.layer).name);
                for (std::size_t j = 0; j < n.plain_edge.size(); ++j)
                    out += fmt::format("edge,{},{},,{}\n", name, n.conv ? to_string(n.algorithms[j]) : "tensor",
                                       ms(n.plain_edge[j]));
            }
            // The entries that depend on the producer (a Winograd producer into Winograd
            // or a join), as comments: the table's columns name the consumer only.
            out += "# edges from a Winograd producer where they differ from the plain layout (from,to,to algorithm,cost_ms):\n";
            for (const auto& e : edge_entries(mp, net)) {
                if (e.from_alg != std::string("winograd")) continue;
                out += fmt::format("# edge from winograd: {},{},{},{}\n", e.from, e.to, e.to_alg, ms(e.cost_s));
            }
        }
        for (const auto& l : r.mapped.layers)
            out += fmt::format("chosen,{},{},{},{}\n", csv_field(l.layer), to_string(l.algorithm), to_string(l.dataflow),
                               ms(l.node_s + l.edge_s));
        for (const auto& j : r.mapped.joins)
            out += fmt::format("chosen,{},tensor,,{}\n", csv_field(j.layer), ms(j.edge_s));
        out += fmt::format("# mapping: {}; {}\n", optimal, reductions(r.mapped));
        for (const auto& s : lines)
            out += fmt::format("# total {}: {} ms (nodes {} ms, edges {} ms, other layers {} ms)\n", s.name,
                               ms(s.total_s), ms(s.node_s), ms(s.edge_s), ms(r.other_s));
        if (both)
            out += fmt::format("# the same mapping under the analytic model: {} ms (nodes {} ms, edges {} ms)\n",
                               ms(r.analytic.total_s()), ms(r.analytic.node_s), ms(r.analytic.edge_s));
        if (r.with_spectral) {
            int spectral = 0;
            for (const auto& l : r.with_spectral->layers) spectral += l.algorithm == MapAlgorithm::spectral ? 1 : 0;
            out += fmt::format("# with a spectral engine as a fourth family ({}): {} ms, {} conv layers spectral\n",
                               r.spectral_source, ms(r.with_spectral->total_s() + r.other_s), spectral);
            for (const auto& l : r.with_spectral->layers)
                if (l.algorithm == MapAlgorithm::spectral)
                    out += fmt::format("# spectral: {},{}\n", l.layer, ms(l.node_s + l.edge_s));
        }
        return out;
    }
    if (format == "md") {
        std::string out = header_line(r) + "\n\n";
        for (const auto& n : r.notes) out += "note: " + n + "\n\n";
        if (candidates) {
            out += "| layer | algorithm | OS ms | WS ms | layout in ms |\n|---|---|---:|---:|---:|\n";
            for (const MapNode& n : mp.nodes)
                for (std::size_t j = 0; j < n.algorithms.size(); ++j)
                    out += fmt::format("| {} | {} | {} | {} | {} |\n", net.layer(n.layer).name,
                                       to_string(n.algorithms[j]), ms(n.cost[j][0]), ms(n.cost[j][1]),
                                       j < n.plain_edge.size() ? ms(n.plain_edge[j]) : std::string("-"));
            out += "\n";
        }
        out += both ? "| layer | algorithm | dataflow | node ms | edge ms | analytic node ms | analytic edge ms | "
                      "node sim / analytic |\n|---|---|---|---:|---:|---:|---:|---:|\n"
                    : "| layer | algorithm | dataflow | node ms | edge ms |\n|---|---|---|---:|---:|\n";
        for (std::size_t i = 0; i < r.mapped.layers.size(); ++i) {
            const auto& l = r.mapped.layers[i];
            out += fmt::format("| {} | {} | {} | {} | {} |", l.layer, to_string(l.algorithm), to_string(l.dataflow),
                               ms(l.node_s), ms(l.edge_s));
            if (both) {
                const auto& a = r.analytic.layers[i];
                out += fmt::format(" {} | {} | {:.2f} |", ms(a.node_s), ms(a.edge_s), a.node_s > 0 ? l.node_s / a.node_s : 0.0);
            }
            out += "\n";
        }
        for (std::size_t i = 0; i < r.mapped.joins.size(); ++i) {
            const auto& j = r.mapped.joins[i];
            out += fmt::format("| {} | (join) | | | {} |", j.layer, ms(j.edge_s));
            if (both) out += fmt::format(" | {} | |", ms(r.analytic.joins[i].edge_s));
            out += "\n";
        }
        // Which algorithm each kind of layer got (kernel size, stride).
        std::map<std::string, std::array<int, 4>> kinds;
        for (const auto& l : r.mapped.layers) ++kinds[kind_of(net.find(l.layer))][static_cast<int>(l.algorithm)];
        out += "\n| kernel | im2col | kn2row | winograd |\n|---|---:|---:|---:|\n";
        for (const auto& [k, n] : kinds) out += fmt::format("| {} | {} | {} | {} |\n", k, n[0], n[1], n[2]);
        if (r.with_spectral) {
            const Mapping& w = *r.with_spectral;
            std::map<std::string, std::array<int, 4>> wk;
            std::string names;
            int spectral = 0;
            for (const auto& l : w.layers) {
                ++wk[kind_of(net.find(l.layer))][static_cast<int>(l.algorithm)];
                if (l.algorithm == MapAlgorithm::spectral) ++spectral, names += (names.empty() ? "" : ", ") + l.layer;
            }
            out += fmt::format("\nWith a spectral engine as a fourth family ({}): {} ms against {} ms systolic only "
                               "({:.3f}x); {} of {} conv layers go spectral.\n\n",
                               r.spectral_source, ms(w.total_s() + r.other_s), ms(lines.front().total_s),
                               w.total_s() + r.other_s > 0 ? lines.front().total_s / (w.total_s() + r.other_s) : 0.0,
                               spectral, w.layers.size());
            out += "| kernel | im2col | kn2row | winograd | spectral |\n|---|---:|---:|---:|---:|\n";
            for (const auto& [k, n] : wk) out += fmt::format("| {} | {} | {} | {} | {} |\n", k, n[0], n[1], n[2], n[3]);
            if (!names.empty()) out += "\nspectral layers: " + names + "\n";
        }
        out += "\n| mapping | total ms | nodes ms | edges ms | other layers ms | speedup of the mapped |\n"
               "|---|---:|---:|---:|---:|---:|\n";
        const double mapped_total = lines.front().total_s;
        for (const auto& s : lines)
            out += fmt::format("| {} | {} | {} | {} | {} | {:.3f}x |\n", s.name, ms(s.total_s), ms(s.node_s),
                               ms(s.edge_s), ms(r.other_s), mapped_total > 0 ? s.total_s / mapped_total : 0.0);
        if (both)
            out += fmt::format("\nThe same mapping under the analytic model: {} ms (nodes {} ms, edges {} ms).\n",
                               ms(r.analytic.total_s()), ms(r.analytic.node_s), ms(r.analytic.edge_s));
        out += "\nmapping: " + optimal + "; " + reductions(r.mapped) + "\n";
        return out;
    }
    if (format == "json") {
        Json j;
        j["format"] = "specsim-map";
        j["experiment"] = r.experiment;
        j["network"] = r.network;
        j["cost"] = r.cost;
        j["params"] = r.params;
        j["notes"] = r.notes;
        j["optimal"] = r.mapped.optimal;
        j["reductions"] = {{"r0", r.mapped.stats.r0}, {"r1", r.mapped.stats.r1}, {"r2", r.mapped.stats.r2},
                           {"rn", r.mapped.stats.rn}};
        Json layers = Json::array();
        for (std::size_t i = 0; i < r.mapped.layers.size(); ++i) {
            const auto& l = r.mapped.layers[i];
            Json o = {{"layer", l.layer}, {"algorithm", to_string(l.algorithm)}, {"dataflow", to_string(l.dataflow)},
                      {"node_ms", l.node_s * 1e3}, {"edge_ms", l.edge_s * 1e3}};
            if (both) {
                o["analytic_node_ms"] = r.analytic.layers[i].node_s * 1e3;
                o["analytic_edge_ms"] = r.analytic.layers[i].edge_s * 1e3;
            }
            layers.push_back(o);
        }
        j["layers"] = layers;
        Json joins = Json::array();
        for (const auto& x : r.mapped.joins) joins.push_back({{"layer", x.layer}, {"edge_ms", x.edge_s * 1e3}});
        j["joins"] = joins;
        Json totals = Json::object();
        for (const auto& s : lines)
            totals[s.name] = {{"total_ms", s.total_s * 1e3}, {"node_ms", s.node_s * 1e3}, {"edge_ms", s.edge_s * 1e3},
                              {"other_ms", r.other_s * 1e3}};
        if (both)
            totals["mapped, analytic model"] = {{"total_ms", r.analytic.total_s() * 1e3},
                                                {"node_ms", r.analytic.node_s * 1e3},
                                                {"edge_ms", r.analytic.edge_s * 1e3}};
        if (r.with_spectral) {
            Json w;
            w["source"] = r.spectral_source;
            w["total_ms"] = (r.with_spectral->total_s() + r.other_s) * 1e3;
            Json ls = Json::array();
            for (const auto& l : r.with_spectral->layers)
                ls.push_back({{"layer", l.layer}, {"algorithm", to_string(l.algorithm)}, {"dataflow", to_string(l.dataflow)},
                              {"node_ms", l.node_s * 1e3}, {"edge_ms", l.edge_s * 1e3}});
            w["layers"] = ls;
            j["with_spectral"] = w;
        }
        j["totals"] = totals;
        if (candidates) {
            Json c = Json::array();
            for (const MapNode& n : mp.nodes)
                for (std::size_t k = 0; k < n.algorithms.size(); ++k)
                    c.push_back({{"layer", net.layer(n.layer).name}, {"algorithm", to_string(n.algorithms[k])},
                                 {"os_ms", n.cost[k][0] * 1e3}, {"ws_ms", n.cost[k][1] * 1e3},
                                 {"layout_in_ms", k < n.plain_edge.size() ? n.plain_edge[k] * 1e3 : 0.0}});
            j["candidates"] = c;
            Json edges = Json::array();
            for (const auto& e : edge_entries(mp, net))
                edges.push_back({{"from", e.from}, {"from_algorithm", e.from_alg}, {"to", e.to},
                                 {"to_algorithm", e.to_alg}, {"cost_ms", e.cost_s * 1e3}});
            j["edges"] = edges;
        }
        return j.dump(2) + "\n";
    }
    throw Error("map format must be md, csv or json, got '" + format + "'");
}

std::string mapping_yaml(const MapReport& r)
{
    std::string out = "# " + header_line(r) + "\n";
    out += fmt::format("# total {} ms ({})\n", ms(r.mapped.total_s() + r.other_s), r.mapped.optimal ? "optimal" : "heuristic");
    out += "mapping:\n  network: " + r.network + "\n  cost: " + r.cost + "\n  layers:\n";
    for (const auto& l : r.mapped.layers)
        out += fmt::format("    - {{layer: \"{}\", algorithm: {}, dataflow: {}}}\n", yaml_escaped(l.layer),
                           systolic_algorithm_name(l.algorithm), to_string(l.dataflow));
    return out;
}

}  // namespace specsim::mapping
