// SPDX-License-Identifier: MIT
// The mapper's graph and result: nodes are convs and joins, edges pass through layers that
// keep the layout, the PBQP optimum equals exhaustive search on graphs small enough to
// enumerate, the totals add up, and the single-algorithm mappings are what they say.
#include "mapping/mapper.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "config/yaml_reader.hpp"
#include "util/error.hpp"
#include "workload/network_yaml.hpp"

using namespace specsim;
using namespace specsim::mapping;

namespace {

// Two inception-like blocks: a fork into 1x1, 1x1->3x3, 1x1->5x5 and pool->1x1 branches
// joined by a concat, ReLUs and pools between (they are not mapping nodes).
workload::Network two_blocks()
{
    std::string text = "name: two_blocks\ninput: {channels: 32, height: 14, width: 14}\nlayers:\n"
                       "  - {name: stem, type: conv, out_channels: 64, kernel: 3, pad: 1}\n"
                       "  - {name: stem_relu, type: relu}\n";
    std::string prev = "stem_relu";
    for (const std::string b : {"a", "b"}) {
        text += "  - {name: " + b + "_1x1, type: conv, out_channels: 16, kernel: 1, inputs: [" + prev + "]}\n"
                "  - {name: " + b + "_3r, type: conv, out_channels: 24, kernel: 1, inputs: [" + prev + "]}\n"
                "  - {name: " + b + "_3r_relu, type: relu}\n"
                "  - {name: " + b + "_3x3, type: conv, out_channels: 32, kernel: 3, pad: 1}\n"
                "  - {name: " + b + "_5r, type: conv, out_channels: 8, kernel: 1, inputs: [" + prev + "]}\n"
                "  - {name: " + b + "_5x5, type: conv, out_channels: 16, kernel: 5, pad: 2}\n"
                "  - {name: " + b + "_pool, type: maxpool, kernel: 3, stride: 1, pad: 1, inputs: [" + prev + "]}\n"
                "  - {name: " + b + "_pp, type: conv, out_channels: 16, kernel: 1}\n"
                "  - {name: " + b + "_cat, type: concat, inputs: [" + b + "_1x1, " + b + "_3x3, " + b + "_5x5, " + b + "_pp]}\n";
        prev = b + "_cat";
    }
    text += "  - {name: tail, type: conv, out_channels: 32, kernel: [1, 3], pad: [0, 1], inputs: [" + prev + "]}\n";
    return workload::parse_network(config::load_yaml_text(text, "two_blocks.yaml", "network"));
}

}  // namespace

TEST_CASE("mapping graph: convs and joins are nodes, edges pass through layout-keeping layers", "[mapping][mapper]")
{
    const workload::Network n = two_blocks();
    const AnalyticCost cost{DynamapParams{}};
    const MappingProblem mp = build_mapping_problem(n, cost);
    // 1 stem + 2 × (6 convs + 1 concat) + tail = 16 nodes.
    CHECK(mp.nodes.size() == 16);
    // stem → 4 branches (its ReLU and block a's pool are passed through), 3 + 1 inner edges,
    // 4 into the concat; the same for block b from a_cat; a_cat... b_cat → tail.
    CHECK(mp.edges.size() == 2 * (4 + 2 + 4) + 1);
    CHECK(mp.nodes.front().reads_input);
    CHECK(mp.nodes.front().plain_edge.size() == 3);  // stem: 3x3 → im2col, kn2row, winograd
    // Candidates: 1x1 im2col only; 3x3 / 5x5 all three; 1x3 im2col and kn2row.
    for (const MapNode& m : mp.nodes) {
        const workload::Layer& l = n.layer(m.layer);
        if (!m.conv) {
            CHECK(mp.pbqp.costs[&m - mp.nodes.data()] == std::vector<double>{0.0});
            continue;
        }
        const auto& c = l.conv();
        const std::size_t want = c.kernel.h == 1 && c.kernel.w == 1 ? 1 : c.kernel.h != c.kernel.w ? 2 : 3;
        CHECK(m.algorithms.size() == want);
    }
}

TEST_CASE("mapper optimum = exhaustive search; totals add up; single-algorithm mappings", "[mapping][mapper]")
{
    const workload::Network n = two_blocks();
    for (const double bw : {64e9, 4e9, 1e9}) {  // edges cheap to dominant: different optima
        INFO("BW " << bw);
        DynamapParams p;
        p.bw_elements_per_s = bw;
        const AnalyticCost cost{p};
        const MappingProblem mp = build_mapping_problem(n, cost);
        const Mapping m = map_network(n, mp);
        const PbqpSolution ex = solve_exhaustive(mp.pbqp);  // 3^5 · 2 = 486 assignments
        CHECK(m.optimal);
        CHECK(m.stats.rn == 0);
        CHECK(m.total_s() == Approx(ex.cost).epsilon(1e-12));
        double node = 0, edge = 0;
        for (const auto& l : m.layers) node += l.node_s, edge += l.edge_s;
        CHECK(node == Approx(m.node_s).epsilon(1e-12));
        CHECK(edge <= m.edge_s + 1e-15);  // the per-layer edges leave out the edges into joins
        for (const MapAlgorithm a : {MapAlgorithm::im2col, MapAlgorithm::kn2row, MapAlgorithm::winograd}) {
            const Mapping f = fixed_mapping(n, mp, a);
            CHECK(f.total_s() >= m.total_s() - 1e-15);
            for (const auto& l : f.layers) {
                const auto& c = n.find(l.layer).conv();
                const bool candidate = a == MapAlgorithm::im2col || (c.kernel.h != 1 || c.kernel.w != 1) &&
                                                                        (a == MapAlgorithm::kn2row || c.kernel.h == c.kernel.w);
                CHECK(l.algorithm == (candidate ? a : MapAlgorithm::im2col));
            }
        }
    }
}

TEST_CASE("table costs: looked up by layer, algorithm and dataflow; missing entries named", "[mapping][mapper]")
{
    const workload::Network n = two_blocks();
    TableCost t("sim");
    const workload::Layer& stem = n.find("stem");
    t.set_node("stem", MapAlgorithm::kn2row, MapDataflow::ws, 2e-6);
    t.set_layout("stem", MapAlgorithm::kn2row, 1e-6);
    CHECK(t.node(stem, MapAlgorithm::kn2row, MapDataflow::ws) == 2e-6);
    CHECK(t.edge(stem, MapAlgorithm::winograd, MapAlgorithm::kn2row) == 1e-6);  // consumer only
    CHECK_THROWS_WITH(t.node(stem, MapAlgorithm::im2col, MapDataflow::os),
                      "mapping: no sim cost for layer 'stem' under im2col/os");
    CHECK_THROWS_WITH(build_mapping_problem(n, t), Catch::Contains("no sim cost for layer"));
}
