// SPDX-License-Identifier: MIT
// The DYNAMAP analytic cost model against costs computed by hand from the public mapper's
// formulas (docs/dynamap.md) on GoogLeNet's Inception-3a layers, its stride-2 conv1, and
// small layers for the corner cases (non-square kernels and outputs, double buffering), and
// every conv of GoogLeNet and Inception-v4.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>

#include "mapping/dynamap_cost.hpp"
#include "util/error.hpp"
#include "workload/network_yaml.hpp"

using namespace specsim::mapping;
using namespace specsim::workload;

namespace {

Network load(const std::string& name)
{
    const char* root = std::getenv("SPECSIM_ROOT");
    if (root == nullptr) throw std::runtime_error("SPECSIM_ROOT must point at the repository");
    return load_network_file(std::string(root) + "/configs/networks/" + name + ".yaml");
}

const Network& googlenet()
{
    static const Network n = load("googlenet");
    return n;
}

const Layer& layer(const std::string& name) { return googlenet().find(name); }

constexpr double rel_tol = 1e-12;

/// |value − expected| ≤ 1e-12·|expected|.
void check_cost(double value, double expected)
{
    INFO("value " << value << " expected " << expected);
    CHECK(std::abs(value - expected) <= rel_tol * std::abs(expected));
}

const DynamapParams defaults{};  // 92×64, 200 MHz, 64e9 elements/s, double buffering on

constexpr auto im2col = MapAlgorithm::im2col;
constexpr auto kn2row = MapAlgorithm::kn2row;
constexpr auto winograd = MapAlgorithm::winograd;
constexpr auto os = MapDataflow::os;
constexpr auto ws = MapDataflow::ws;

}  // namespace

// Every Inception-3a conv reads 192x28x28 (pool2/3x3_s2) or a 28x28 reduce output and writes
// 28x28, so a = 784 = 28·28 throughout; f = 200e6, BW = 64e9, P1 = 92, P2 = 64.
// ⌈784/92⌉ = 9 (8.52), ⌈192/92⌉ = 3 (2.09), ⌈96/92⌉ = 2, ⌈16/92⌉ = 1.
TEST_CASE("Inception-3a 1x1 convs: im2col only, OS and WS by hand", "[dynamap]")
{
    struct Case {
        const char* name;
        double os_s, ws_s;
    };
    // b = 1·1·192 = 192; DDR term (a·b + b·c)/BW = (150528 + 192·c)/64e9.
    const Case cases[] = {
        // c = 64: ⌈64/64⌉ = 1. OS 9·1·192 = 1728 cyc = 8.64e-6 s; WS 3·1·784 = 2352 cyc
        // = 11.76e-6 s; DDR (150528 + 12288)/64e9 = 2.544e-6 s.
        {"inception_3a/1x1", 11.184e-6, 14.304e-6},
        // c = 96: ⌈96/64⌉ = 2. OS 9·2·192 = 3456 cyc = 17.28e-6; WS 3·2·784 = 4704 cyc
        // = 23.52e-6; DDR (150528 + 18432)/64e9 = 2.64e-6.
        {"inception_3a/3x3_reduce", 19.92e-6, 26.16e-6},
        // c = 16: OS 1728 cyc = 8.64e-6; WS 2352 cyc = 11.76e-6; DDR (150528 + 3072)/64e9 = 2.4e-6.
        {"inception_3a/5x5_reduce", 11.04e-6, 14.16e-6},
        // c = 32: OS 8.64e-6, WS 11.76e-6; DDR (150528 + 6144)/64e9 = 2.448e-6.
        {"inception_3a/pool_proj", 11.088e-6, 14.208e-6},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const Layer& l = layer(c.name);
        CHECK(candidate_algorithms(l) == std::vector<MapAlgorithm>{im2col});
        check_cost(analytic_node_cost(l, im2col, os, defaults), c.os_s);
        check_cost(analytic_node_cost(l, im2col, ws, defaults), c.ws_s);
        const NodeChoice best = analytic_best_dataflow(l, im2col, defaults);
        CHECK(best.dataflow == os);
        check_cost(best.cost_s, c.os_s);
        CHECK_THROWS_AS(analytic_node_cost(l, kn2row, os, defaults), specsim::Error);
        CHECK_THROWS_AS(analytic_node_cost(l, winograd, ws, defaults), specsim::Error);
        // Edge into a 1x1 consumer from 192x28x28: 784·1·192/64e9 = 150528/64e9 = 2.352e-6 s.
        check_cost(analytic_edge_cost(l, im2col, defaults), 2.352e-6);
        CHECK_THROWS_AS(analytic_edge_cost(l, winograd, defaults), specsim::Error);
    }
}

TEST_CASE("Inception-3a 3x3 (96 -> 128): all three algorithms by hand", "[dynamap]")
{
    const Layer& l = layer("inception_3a/3x3");
    CHECK(candidate_algorithms(l) == std::vector<MapAlgorithm>{im2col, kn2row, winograd});
    // im2col: b = 9·96 = 864, c = 128, ⌈128/64⌉ = 2, ⌈864/92⌉ = 10 (9.39).
    // DDR (784·864 + 864·128)/64e9 = (677376 + 110592)/64e9 = 787968/64e9 = 12.312e-6.
    // OS 9·2·864 = 15552 cyc = 77.76e-6 → 90.072e-6; WS 10·2·784 = 15680 cyc = 78.4e-6 → 90.712e-6.
    check_cost(analytic_node_cost(l, im2col, os, defaults), 90.072e-6);
    check_cost(analytic_node_cost(l, im2col, ws, defaults), 90.712e-6);
    // kn2row: b = 96, k1·k2 = 9, no DDR term. OS 9·2·96·9 = 15552 cyc = 77.76e-6;
    // WS ⌈96/92⌉ = 2: 2·2·784·9 = 28224 cyc = 141.12e-6.
    check_cost(analytic_node_cost(l, kn2row, os, defaults), 77.76e-6);
    check_cost(analytic_node_cost(l, kn2row, ws, defaults), 141.12e-6);
    // Winograd F(2,3): (m+r−1)² = 16, (k/r)² = 1, fill (k/r)²·16·max(2,3) = 48 cyc.
    // OS ⌈(784/4)/92⌉ = ⌈2.13⌉ = 3: 3·2·96·16·1 = 9216 + 48 = 9264 cyc = 46.32e-6.
    // WS 2·2·(784/4 = 196)·16·1 = 12544 + 48 = 12592 cyc = 62.96e-6.
    check_cost(analytic_node_cost(l, winograd, os, defaults), 46.32e-6);
    check_cost(analytic_node_cost(l, winograd, ws, defaults), 62.96e-6);
    CHECK(analytic_best_dataflow(l, winograd, defaults).dataflow == os);

    // Edges into it from the 96x28x28 reduce output (o1·o2 = 784, C = 96, k = 3):
    // → im2col 784·9·96 = 677376 / 64e9 = 10.584e-6; → kn2row 784·96 = 75264 / 64e9 = 1.176e-6;
    // → Winograd 784·(4/2)²·96 / (96·64e9/(96 + 4/28·28 = 100)) = 313600/64e9 = 4.9e-6.
    // (P1+P2)·f = 156·200e6 = 31.2e9 ≤ 64e9: double buffered, not doubled.
    CHECK(edges_double_buffered(defaults));
    check_cost(analytic_edge_cost(l, im2col, defaults), 10.584e-6);
    check_cost(analytic_edge_cost(l, kn2row, defaults), 1.176e-6);
    check_cost(analytic_edge_cost(l, winograd, defaults), 4.9e-6);
    // From a Winograd producer: → Winograd 784·4·96/(4·64e9) = 1.176e-6; the others unchanged.
    check_cost(analytic_edge_cost(l, winograd, winograd, defaults), 1.176e-6);
    check_cost(analytic_edge_cost(l, winograd, im2col, defaults), 10.584e-6);
    check_cost(analytic_edge_cost(l, im2col, winograd, defaults), 4.9e-6);
}

TEST_CASE("Inception-3a 5x5 (16 -> 32): (k/r)^2 = 25/9", "[dynamap]")
{
    const Layer& l = layer("inception_3a/5x5");
    CHECK(candidate_algorithms(l) == std::vector<MapAlgorithm>{im2col, kn2row, winograd});
    // im2col: b = 25·16 = 400, c = 32, ⌈32/64⌉ = 1, ⌈400/92⌉ = 5 (4.35).
    // DDR (784·400 + 400·32)/64e9 = (313600 + 12800)/64e9 = 5.1e-6.
    // OS 9·1·400 = 3600 cyc = 18e-6 → 23.1e-6; WS 5·1·784 = 3920 cyc = 19.6e-6 → 24.7e-6.
    check_cost(analytic_node_cost(l, im2col, os, defaults), 23.1e-6);
    check_cost(analytic_node_cost(l, im2col, ws, defaults), 24.7e-6);
    // kn2row: OS 9·1·16·25 = 3600 cyc = 18e-6; WS 1·1·784·25 = 19600 cyc = 98e-6.
    check_cost(analytic_node_cost(l, kn2row, os, defaults), 18e-6);
    check_cost(analytic_node_cost(l, kn2row, ws, defaults), 98e-6);
    // Winograd: fill (25/9)·16·3 = 1200/9 cyc.
    // OS 3·1·16·16·(25/9) = 19200/9, + 1200/9 = 20400/9 cyc = 20400/(9·200e6) = 11.333…e-6.
    // WS 1·1·196·16·(25/9) = 78400/9, + 1200/9 = 79600/9 cyc = 44.222…e-6.
    check_cost(analytic_node_cost(l, winograd, os, defaults), 20400.0 / 9.0 / 200e6);
    check_cost(analytic_node_cost(l, winograd, ws, defaults), 79600.0 / 9.0 / 200e6);

    // Edges from the 16x28x28 reduce output (C = 16, k = 5):
    // → im2col 784·25·16 = 313600 / 64e9 = 4.9e-6; → kn2row 784·16 = 12544 / 64e9 = 0.196e-6;
    // → Winograd 784·4·(16 + 4)/64e9 = 62720/64e9 = 0.98e-6; Winograd → Winograd 0.196e-6.
    check_cost(analytic_edge_cost(l, im2col, defaults), 4.9e-6);
    check_cost(analytic_edge_cost(l, kn2row, defaults), 0.196e-6);
    check_cost(analytic_edge_cost(l, winograd, defaults), 0.98e-6);
    check_cost(analytic_edge_cost(l, winograd, winograd, defaults), 0.196e-6);
}

TEST_CASE("Inception-3a join edges into the concat (256x28x28)", "[dynamap]")
{
    const Layer& cat = layer("inception_3a/output");
    // The mapper prices each branch → join edge as kn2row → producer's layout over the
    // whole concat output, k = 1: 784·256/64e9 = 3.136e-6 (im2col, kn2row);
    // Winograd 784·4·(256 + 4)/64e9 = 815360/64e9 = 12.74e-6.
    check_cost(analytic_join_edge_cost(cat, im2col, defaults), 3.136e-6);
    check_cost(analytic_join_edge_cost(cat, kn2row, defaults), 3.136e-6);
    check_cost(analytic_join_edge_cost(cat, winograd, defaults), 12.74e-6);
    CHECK_THROWS_AS(analytic_join_edge_cost(layer("inception_3a/3x3"), im2col, defaults), specsim::Error);
}

TEST_CASE("stride 2 (conv1/7x7_s2): stride ignored, a = H_out·W_out", "[dynamap]")
{
    const Layer& l = layer("conv1/7x7_s2");
    // The mapper has no stride input: a square 7x7 kernel gets all three algorithms.
    CHECK(candidate_algorithms(l) == std::vector<MapAlgorithm>{im2col, kn2row, winograd});
    // a = 112·112 = 12544, C_in = 3, c = 64, ⌈12544/92⌉ = 137 (136.3), ⌈64/64⌉ = 1.
    // im2col b = 49·3 = 147, ⌈147/92⌉ = 2; DDR (12544·147 + 147·64)/64e9 = 1853376/64e9 = 28.959e-6.
    // OS 137·1·147 = 20139 cyc = 100.695e-6 → 129.654e-6; WS 2·1·12544 = 25088 cyc → 154.399e-6.
    check_cost(analytic_node_cost(l, im2col, os, defaults), 129.654e-6);
    check_cost(analytic_node_cost(l, im2col, ws, defaults), 154.399e-6);
    // kn2row: OS 137·1·3·49 = 20139 cyc = 100.695e-6; WS 1·1·12544·49 = 614656 cyc = 3073.28e-6.
    check_cost(analytic_node_cost(l, kn2row, os, defaults), 100.695e-6);
    check_cost(analytic_node_cost(l, kn2row, ws, defaults), 3073.28e-6);
    // Winograd (k/r)² = 49/9, fill 49/9·48 = 2352/9. OS ⌈3136/92⌉ = 35: 35·1·3·16·49/9 = 82320/9,
    // total 84672/9 = 9408 cyc = 47.04e-6. WS 1·1·3136·16·49/9 = 2458624/9, total 2460976/9 cyc.
    check_cost(analytic_node_cost(l, winograd, os, defaults), 47.04e-6);
    check_cost(analytic_node_cost(l, winograd, ws, defaults), 2460976.0 / 9.0 / 200e6);
    // Edges read the 3x224x224 input (the producer's output), not the 112x112 output:
    // → im2col 50176·49·3 = 7375872/64e9 = 115.248e-6; → kn2row 150528/64e9 = 2.352e-6;
    // → Winograd 50176·4·(3 + 4)/64e9 = 1404928/64e9 = 21.952e-6.
    check_cost(analytic_edge_cost(l, im2col, defaults), 115.248e-6);
    check_cost(analytic_edge_cost(l, kn2row, defaults), 2.352e-6);
    check_cost(analytic_edge_cost(l, winograd, defaults), 21.952e-6);
}

TEST_CASE("double buffering: edges doubled iff (P1+P2)·f > BW or switched off", "[dynamap]")
{
    const Layer& l = layer("inception_3a/3x3");
    DynamapParams p;
    p.bw_elements_per_s = 31.2e9;  // = (92 + 64)·200e6 exactly: still double buffered
    CHECK(edges_double_buffered(p));
    check_cost(analytic_edge_cost(l, kn2row, p), 75264.0 / 31.2e9);
    p.bw_elements_per_s = 30e9;  // 31.2e9 > 30e9: doubled, 2·75264/30e9 = 5.0176e-6
    CHECK_FALSE(edges_double_buffered(p));
    check_cost(analytic_edge_cost(l, kn2row, p), 5.0176e-6);
    DynamapParams off;
    off.double_buffering = false;  // the prompt answered 0: 2·1.176e-6
    check_cost(analytic_edge_cost(l, kn2row, off), 2.352e-6);
    check_cost(analytic_edge_cost(l, winograd, off), 9.8e-6);
    // Node costs do not depend on it.
    check_cost(analytic_node_cost(l, winograd, os, off), 46.32e-6);
}

TEST_CASE("non-square kernels and outputs, k = 2, bad layers", "[dynamap]")
{
    Network n("t", Shape{8, 10, 6});  // layers copied out: add() may move earlier ones
    auto conv = [](std::int64_t out, Hw k, Padding pad) {
        ConvParams c;
        c.out_channels = out;
        c.kernel = k;
        c.pad = pad;
        return c;
    };
    const Layer k17 = n.add(make_layer("k17", LayerKind::Conv, conv(4, {1, 7}, {0, 3, 0, 3}), {"input"}));
    const Layer k71 = n.add(make_layer("k71", LayerKind::Conv, conv(4, {7, 1}, {3, 0, 3, 0}), {"input"}));
    const Layer k2 = n.add(make_layer("k2", LayerKind::Conv, conv(4, {2, 2}, {}), {"input"}));
    const Layer k3 = n.add(make_layer("k3", LayerKind::Conv, conv(4, {3, 3}, {1, 1, 1, 1}), {"input"}));
    const std::vector<MapAlgorithm> two{im2col, kn2row};
    CHECK(candidate_algorithms(k17) == two);
    CHECK(candidate_algorithms(k71) == two);
    CHECK(candidate_algorithms(k2) == two);
    CHECK_THROWS_AS(analytic_node_cost(k17, winograd, os, defaults), specsim::Error);
    // 1x7 on 8x10x6 → 4x10x6: a = 60, kn2row OS ⌈60/92⌉ = 1 · ⌈4/64⌉ = 1 · 8 · 7 = 56 cyc.
    check_cost(analytic_node_cost(k17, kn2row, os, defaults), 56 / 200e6);
    // k2 (no pad) → 4x9x5, a = 45; im2col WS b = 4·8 = 32: 1·1·45 = 45 cyc + (45·32 + 32·4)/64e9.
    check_cost(analytic_node_cost(k2, im2col, ws, defaults), 45 / 200e6 + 1568 / 64e9);
    // 3x3 on a 10x6 plane: a = 60; Winograd WS 1·1·(60/4 = 15)·16 + 48 = 288 cyc.
    check_cost(analytic_node_cost(k3, winograd, ws, defaults), 288 / 200e6);
    // Edge → Winograd reads the mapper's m**2/o1*o2 as (4/10)·6 = 2.4, not 4/60:
    // 60·4·8·(8 + 2.4)/(8·64e9) = 2496/64e9.
    check_cost(analytic_edge_cost(k3, winograd, defaults), 2496 / 64e9);

    const Layer relu = n.add(make_layer("r", LayerKind::Relu, {}, {"k3"}));
    CHECK_THROWS_AS(candidate_algorithms(relu), specsim::Error);
    CHECK_THROWS_AS(analytic_node_cost(relu, im2col, os, defaults), specsim::Error);
    ConvParams g = conv(4, {3, 3}, {1, 1, 1, 1});
    g.groups = 2;
    const Layer grouped = n.add(make_layer("g", LayerKind::Conv, g, {"input"}));
    CHECK_THROWS_AS(candidate_algorithms(grouped), specsim::Error);
    DynamapParams zero;
    zero.rows = 0;
    CHECK_THROWS_AS(analytic_node_cost(k3, im2col, os, zero), specsim::Error);
}

TEST_CASE("every conv of GoogLeNet and Inception-v4: candidate counts, finite costs", "[dynamap]")
{
    // GoogLeNet: 37 1x1 (im2col), 10 3x3 + 9 5x5 + conv1 7x7 (all three).
    // Inception-v4: 61 1x1; 24 3x3 (all three); 23 1x7, 23 7x1, 9 1x3, 9 3x1 (two).
    const std::pair<const char*, std::array<int, 3>> nets[] = {{"googlenet", {37, 0, 20}},
                                                                {"inception_v4", {61, 64, 24}}};
    for (const auto& [name, expected] : nets) {
        INFO(name);
        const Network n = load(name);
        std::array<int, 3> by_size{0, 0, 0};
        for (const Layer& l : n.layers()) {
            if (l.kind != LayerKind::Conv) continue;
            const std::vector<MapAlgorithm> c = candidate_algorithms(l);
            ++by_size.at(c.size() - 1);
            for (MapAlgorithm a : c) {
                for (MapDataflow d : {os, ws}) {
                    const double cost = analytic_node_cost(l, a, d, defaults);
                    CHECK((std::isfinite(cost) && cost > 0));
                }
                CHECK(analytic_edge_cost(l, a, defaults) > 0);
            }
        }
        CHECK(by_size == expected);
    }
}

TEST_CASE("names", "[dynamap]")
{
    CHECK(std::string(to_string(im2col)) == "im2col");
    CHECK(std::string(to_string(kn2row)) == "kn2row");
    CHECK(std::string(to_string(winograd)) == "winograd");
    CHECK(std::string(to_string(os)) == "os");
    CHECK(std::string(to_string(ws)) == "ws");
}
