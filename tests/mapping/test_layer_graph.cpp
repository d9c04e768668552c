// SPDX-License-Identifier: MIT
// The mapper's graph of the shipped networks: series-parallel (VGG16 a chain, GoogLeNet's and
// Inception-v4's blocks, ResNet-18's residual blocks), so with any costs the PBQP reduces
// with R0/RI/RII only and the mapping is a proven optimum; LeNet-5's equals exhaustive
// search. Costs are random (seeded) through a CostSource, so the graph, not the DYNAMAP
// numbers, is what is tested.
#include "mapping/mapper.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <functional>
#include <string>

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

// A deterministic pseudo-random cost in [0, 1) from a seed and the arguments.
double hashed(std::uint64_t seed, const std::string& what)
{
    std::uint64_t h = seed ^ std::hash<std::string>{}(what);
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return static_cast<double>(h % 100000) / 100000.0;
}

class RandomCost final : public CostSource {
public:
    explicit RandomCost(std::uint64_t seed) : m_seed(seed) {}
    std::string name() const override { return "random"; }
    double node(const workload::Layer& l, MapAlgorithm a, MapDataflow d) const override
    {
        return hashed(m_seed, l.name + to_string(a) + to_string(d));
    }
    double edge(const workload::Layer& l, MapAlgorithm from, MapAlgorithm to) const override
    {
        return hashed(m_seed, l.name + "<" + to_string(from) + ">" + to_string(to));
    }
    double join_edge(const workload::Layer& l, MapAlgorithm from) const override
    {
        return hashed(m_seed, l.name + "<" + to_string(from));
    }

private:
    std::uint64_t m_seed;
};

}  // namespace

TEST_CASE("the shipped networks' mapping graphs reduce with R0/RI/RII only: a proven optimum", "[mapping][graph]")
{
    for (const char* name : {"vgg16", "googlenet", "resnet18", "inception_v4", "lenet5"}) {
        INFO(name);
        const workload::Network n = shipped(name);
        for (std::uint64_t seed = 1; seed <= 4; ++seed) {
            const MappingProblem mp = build_mapping_problem(n, RandomCost(seed));
            const PbqpSolution s = solve_pbqp(mp.pbqp);
            CHECK(s.stats.rn == 0);
            CHECK(s.optimal);
            CHECK(s.stats.r0 + s.stats.r1 + s.stats.r2 == mp.nodes.size());
            const Mapping m = map_network(n, mp);
            CHECK(m.total_s() == Approx(s.cost).epsilon(1e-12));
        }
    }
}

TEST_CASE("GoogLeNet's graph: 57 convs and 9 concats; forks pass the plain layout", "[mapping][graph]")
{
    const workload::Network n = shipped("googlenet");
    const MappingProblem mp = build_mapping_problem(n, RandomCost(7));
    std::size_t convs = 0, joins = 0;
    for (const MapNode& m : mp.nodes) (m.conv ? convs : joins) += 1;
    CHECK(convs == 57);
    CHECK(joins == 9);
    // A fork's edges have equal rows: the consumer's cost does not depend on the producer's
    // algorithm. Inception 3a's input (pool2 → conv2/3x3's output) forks to four branches.
    std::vector<int> readers(mp.nodes.size(), 0);
    for (const MapEdge& e : mp.edges) ++readers[e.from];
    std::size_t fork_edges = 0;
    for (std::size_t k = 0; k < mp.edges.size(); ++k) {
        if (readers[mp.edges[k].from] < 2) continue;
        ++fork_edges;
        const auto& m = mp.pbqp.edges[k].m;
        for (const auto& row : m) CHECK(row == m.front());
    }
    CHECK(fork_edges > 0);
}

TEST_CASE("LeNet-5's mapping optimum equals exhaustive search", "[mapping][graph]")
{
    const workload::Network n = shipped("lenet5");
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const MappingProblem mp = build_mapping_problem(n, RandomCost(seed));
        CHECK(map_network(n, mp).total_s() == Approx(solve_exhaustive(mp.pbqp).cost).epsilon(1e-12));
    }
}
