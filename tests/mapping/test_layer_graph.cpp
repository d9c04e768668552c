// SPDX-License-Identifier: MIT
// Networks as mapping PBQPs: the edges follow the layer graph, and the shipped networks
// whose graphs are series-parallel (VGG16 a chain, GoogLeNet's inception blocks, ResNet-18's
// residual blocks) reduce with R0/RI/RII only, so the mapper's result is a proven optimum.
#include "mapping/layer_graph.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>
#include <string>

#include "util/error.hpp"
#include "workload/layer.hpp"
#include "workload/network_yaml.hpp"

using namespace specsim;
using namespace specsim::mapping;

namespace {

workload::Network shipped(const std::string& name)
{
    const char* root = std::getenv("SPECSIM_ROOT");
    INFO("SPECSIM_ROOT must point at the repository (meson test sets it)");
    REQUIRE(root != nullptr);
    return workload::load_network_file(std::string(root) + "/configs/networks/" + name + ".yaml");
}

// Random costs: three options for every conv layer, one for every other layer; an edge
// cost for every option pair. Seeded: the same problem every run.
PbqpProblem random_problem(const workload::Network& n, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<LayerOptions> opts;
    for (const auto& l : n.layers()) {
        LayerOptions o;
        const int k = l.kind == workload::LayerKind::Conv ? 3 : 1;
        for (int i = 0; i < k; ++i) {
            o.labels.push_back("o" + std::to_string(i));
            o.cost_s.push_back(u(rng));
        }
        opts.push_back(o);
    }
    return network_pbqp(n, opts, [&](std::size_t p, std::size_t a, std::size_t q, std::size_t b) {
        // A deterministic pseudo-random cost per (p, a, q, b).
        std::uint64_t h = seed ^ (p * 0x9E3779B97F4A7C15ULL) ^ (q * 0xC2B2AE3D27D4EB4FULL) ^ (a * 131 + b * 7);
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 32;
        return static_cast<double>(h % 1000) / 1000.0;
    });
}

}  // namespace

TEST_CASE("network PBQP: one node per layer, an edge per producer/consumer pair", "[mapping][graph]")
{
    const workload::Network g = shipped("googlenet");
    const PbqpProblem p = random_problem(g, 1);
    CHECK(p.costs.size() == g.size());
    std::size_t reads = 0;
    for (std::size_t q = 0; q < g.size(); ++q)
        for (const auto& in : g.layer(q).inputs) reads += in == workload::Network::input_name ? 0 : 1;
    CHECK(p.edges.size() == reads);  // GoogLeNet reads no producer twice
    for (const auto& e : p.edges) {
        CHECK(e.u < e.v);  // topological order
        CHECK(e.m.size() == p.costs[e.u].size());
        CHECK(e.m.front().size() == p.costs[e.v].size());
    }
    CHECK_THROWS_WITH(network_pbqp(g, {}, [](std::size_t, std::size_t, std::size_t, std::size_t) { return 0.0; }),
                      Catch::Contains("0 option lists for"));
}

TEST_CASE("series-parallel networks reduce with R0/RI/RII only: a proven optimum", "[mapping][graph]")
{
    for (const char* name : {"vgg16", "googlenet", "resnet18", "alexnet", "lenet5"}) {
        INFO(name);
        const workload::Network n = shipped(name);
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            const PbqpSolution s = solve_pbqp(random_problem(n, seed));
            CHECK(s.stats.rn == 0);
            CHECK(s.optimal);
            CHECK(s.stats.r0 + s.stats.r1 + s.stats.r2 == n.size());
        }
    }
}

TEST_CASE("the mapper's optimum on a small network equals exhaustive search", "[mapping][graph]")
{
    // LeNet-5: three options on each of its conv layers, one elsewhere: small enough to
    // enumerate.
    const workload::Network n = shipped("lenet5");
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const PbqpProblem p = random_problem(n, seed);
        CHECK(solve_pbqp(p).cost == Approx(solve_exhaustive(p).cost).epsilon(1e-12));
    }
}
