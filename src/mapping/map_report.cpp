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
    }
    return "im2col";
}

std::string format_map_report(const MapReport& r, const std::string& format, bool candidates)
{
    if (!r.problem || !r.net) throw Error("internal: map report without its problem");
    const MappingProblem& mp = *r.problem;
    const workload::Network& net = *r.net;
    const auto lines = summary(r);
    const std::string optimal = r.mapped.optimal ? "optimal (only exact reductions)" : "heuristic (RN reductions fired)";
    if (format == "csv") {
        std::string out = "# " + header_line(r) + "\n";
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
            // im2col or kn2row producer, a join, the network input); from a Winograd
            // producer only → Winograd and joins differ (docs/dynamap.md).
            for (const MapNode& n : mp.nodes) {
                const std::string name = csv_field(net.layer(n.layer).name);
                for (std::size_t j = 0; j < n.plain_edge.size(); ++j)
                    out += fmt::format("edge,{},{},,{}\n", name, n.conv ? to_string(n.algorithms[j]) : "tensor",
                                       ms(n.plain_edge[j]));
            }
        }
        for (const auto& l : r.mapped.layers)
            out += fmt::format("chosen,{},{},{},{}\n", csv_field(l.layer), to_string(l.algorithm), to_string(l.dataflow),
                               ms(l.node_s + l.edge_s));
        out += fmt::format("# mapping: {}; {}\n", optimal, reductions(r.mapped));
        for (const auto& s : lines)
            out += fmt::format("# total {}: {} ms (nodes {} ms, edges {} ms, other layers {} ms)\n", s.name,
                               ms(s.total_s), ms(s.node_s), ms(s.edge_s), ms(r.other_s));
        return out;
    }
    if (format == "md") {
        std::string out = header_line(r) + "\n\n";
        const bool both = r.analytic_node_s.size() == r.mapped.layers.size();
        out += both ? "| layer | algorithm | dataflow | node ms | edge ms | analytic node ms | sim / analytic |\n"
                      "|---|---|---|---:|---:|---:|---:|\n"
                    : "| layer | algorithm | dataflow | node ms | edge ms |\n|---|---|---|---:|---:|\n";
        for (std::size_t i = 0; i < r.mapped.layers.size(); ++i) {
            const auto& l = r.mapped.layers[i];
            out += fmt::format("| {} | {} | {} | {} | {} |", l.layer, to_string(l.algorithm), to_string(l.dataflow),
                               ms(l.node_s), ms(l.edge_s));
            if (both)
                out += fmt::format(" {} | {:.2f} |", ms(r.analytic_node_s[i]),
                                   r.analytic_node_s[i] > 0 ? l.node_s / r.analytic_node_s[i] : 0.0);
            out += "\n";
        }
        // Which algorithm each kind of layer got (kernel size, stride).
        std::map<std::string, std::array<int, 3>> kinds;
        for (const auto& l : r.mapped.layers) {
            const auto& c = net.find(l.layer).conv();
            const std::string k = fmt::format("{}x{}{}", c.kernel.h, c.kernel.w,
                                              c.stride.h > 1 || c.stride.w > 1 ? fmt::format(" stride {}", c.stride.h) : "");
            ++kinds[k][static_cast<int>(l.algorithm)];
        }
        out += "\n| kernel | im2col | kn2row | winograd |\n|---|---:|---:|---:|\n";
        for (const auto& [k, n] : kinds) out += fmt::format("| {} | {} | {} | {} |\n", k, n[0], n[1], n[2]);
        out += "\n| mapping | total ms | nodes ms | edges ms | other layers ms | speedup of the mapped |\n"
               "|---|---:|---:|---:|---:|---:|\n";
        const double mapped_total = lines.front().total_s;
        for (const auto& s : lines)
            out += fmt::format("| {} | {} | {} | {} | {} | {:.3f}x |\n", s.name, ms(s.total_s), ms(s.node_s),
                               ms(s.edge_s), ms(r.other_s), mapped_total > 0 ? s.total_s / mapped_total : 0.0);
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
        j["optimal"] = r.mapped.optimal;
        j["reductions"] = {{"r0", r.mapped.stats.r0}, {"r1", r.mapped.stats.r1}, {"r2", r.mapped.stats.r2},
                           {"rn", r.mapped.stats.rn}};
        Json layers = Json::array();
        for (const auto& l : r.mapped.layers)
            layers.push_back({{"layer", l.layer}, {"algorithm", to_string(l.algorithm)},
                              {"dataflow", to_string(l.dataflow)}, {"node_ms", l.node_s * 1e3},
                              {"edge_ms", l.edge_s * 1e3}});
        j["layers"] = layers;
        Json totals = Json::object();
        for (const auto& s : lines)
            totals[s.name] = {{"total_ms", s.total_s * 1e3}, {"node_ms", s.node_s * 1e3}, {"edge_ms", s.edge_s * 1e3},
                              {"other_ms", r.other_s * 1e3}};
        j["totals"] = totals;
        if (candidates) {
            Json c = Json::array();
            for (const MapNode& n : mp.nodes)
                for (std::size_t k = 0; k < n.algorithms.size(); ++k)
                    c.push_back({{"layer", net.layer(n.layer).name}, {"algorithm", to_string(n.algorithms[k])},
                                 {"os_ms", n.cost[k][0] * 1e3}, {"ws_ms", n.cost[k][1] * 1e3}});
            j["candidates"] = c;
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
        out += fmt::format("    - {{layer: \"{}\", algorithm: {}, dataflow: {}}}\n", l.layer,
                           systolic_algorithm_name(l.algorithm), to_string(l.dataflow));
    return out;
}

}  // namespace specsim::mapping
