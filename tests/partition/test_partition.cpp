// SPDX-License-Identifier: MIT
// Dependence closure, segment traffic and partitioning (src/partition): windows and bytes
// against hand computation on chains, a residual block and a branch; the dynamic program
// against brute force over every set of cuts on random small networks and capacities; the
// baselines' invariants; the shipped networks.
#include "partition/partitioner.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>

#include "workload/network_yaml.hpp"

using namespace specsim;
using namespace specsim::partition;
using workload::LayerKind;

namespace {

workload::Network shipped(const std::string& name)
{
    const char* root = std::getenv("SPECSIM_ROOT");
    REQUIRE(root != nullptr);
    return workload::load_network_file(std::string(root) + "/configs/networks/" + name + ".yaml");
}

workload::Layer conv(const std::string& name, std::int64_t out, std::int64_t k, std::int64_t s = 1, std::int64_t pad = 0,
                     std::vector<std::string> in = {})
{
    workload::ConvParams p;
    p.out_channels = out;
    p.kernel = {k, k};
    p.stride = {s, s};
    p.pad = {pad, pad, pad, pad};
    p.bias = false;
    return workload::make_layer(name, LayerKind::Conv, p, std::move(in));
}

workload::Layer pool(const std::string& name, std::int64_t k, std::int64_t s)
{
    workload::PoolParams p;
    p.kernel = {k, k};
    p.stride = {s, s};
    return workload::make_layer(name, LayerKind::MaxPool, p);
}

const LineBuffer& buffer_of(const Closure& c, int producer)
{
    for (const auto& b : c.buffers)
        if (b.producer == producer) return b;
    FAIL("no line buffer for producer " << producer);
    return c.buffers.front();
}

Problem problem_of(const workload::Network& net, std::int64_t capacity, bool fuse_pooling = false)
{
    Problem p;
    p.net = &net;
    p.units = make_units(net, {fuse_pooling});
    p.capacity_bytes = capacity;
    return p;
}

}  // namespace

TEST_CASE("closure of a chain: rows_{l-1} = (rows_l - 1) s_l + k_l, walked back from the end")
{
    workload::Network net("chain", {4, 64, 64});
    net.add(conv("a", 8, 3, 1, 1));   // 64x64
    net.add(pool("p", 2, 2));         // 32x32
    net.add(conv("b", 16, 5, 1, 2));  // 32x32
    net.add(conv("c", 4, 3, 2, 1));   // 16x16
    ClosureOptions opt;
    const Closure c = closure(net, 0, 3, opt);
    // c's output: 1 row; b's: (1-1)*2 + 3 = 3; p's: (3-1)*1 + 5 = 7; a's: (7-1)*2 + 2 = 14;
    // the input's: (14-1)*1 + 3 = 16.
    CHECK(buffer_of(c, 3).rows == 1);
    CHECK(buffer_of(c, 2).rows == 3);
    CHECK(buffer_of(c, 1).rows == 7);
    CHECK(buffer_of(c, 0).rows == 14);
    CHECK(buffer_of(c, -1).rows == 16);
    CHECK(buffer_of(c, -1).external);
    CHECK(buffer_of(c, -1).bytes == 16 * 64 * 4 * 2);
    const std::int64_t lines = 16 * 64 * 4 * 2 + 14 * 64 * 8 * 2 + 7 * 32 * 8 * 2 + 3 * 32 * 16 * 2 + 1 * 16 * 4 * 2;
    CHECK(c.line_buffer_bytes == lines);
    const std::int64_t filters = (8 * 4 * 9 + 16 * 8 * 25 + 4 * 16 * 9) * 2;
    CHECK(c.filter_bytes == filters);
    CHECK(c.bytes() == lines + filters);

    SECTION("rows per step: a producer of T rows at a time holds whole steps")
    {
        ClosureOptions t;
        t.rows_per_step = [](const workload::Layer& l) -> std::int64_t { return l.kind == LayerKind::Conv ? 4 : 1; };
        const Closure ct = closure(net, 0, 3, t);
        // c: 4 rows; b: (4-1)*2+3 = 9 -> whole steps of 4: 12; p: (12-1)+5 = 16; a: (16-1)*2+2 = 32
        // (a multiple of 4); input: 31+3 = 34.
        CHECK(buffer_of(ct, 3).rows == 4);
        CHECK(buffer_of(ct, 2).rows == 12);
        CHECK(buffer_of(ct, 1).rows == 16);
        CHECK(buffer_of(ct, 0).rows == 32);
        CHECK(buffer_of(ct, -1).rows == 34);
    }
    SECTION("a window never exceeds its map")
    {
        workload::Network small("small", {1, 6, 6});
        small.add(conv("a", 1, 3, 1, 1));
        small.add(conv("b", 1, 3, 1, 1));
        small.add(conv("c", 1, 3, 1, 1));
        small.add(conv("d", 1, 3, 1, 1));
        const Closure cs = closure(small, 0, 3, opt);
        CHECK(buffer_of(cs, 0).rows == 6);   // 7 rows wanted, the map has 6
        CHECK(buffer_of(cs, -1).rows == 6);
    }
}

TEST_CASE("closure of a residual block keeps the skip rows; a branch takes the union of its consumers")
{
    workload::Network net("res", {8, 32, 32});
    net.add(conv("a", 8, 3, 1, 1));
    net.add(conv("b", 8, 3, 1, 1));
    net.add(conv("c", 8, 3, 1, 1));
    net.add(workload::make_layer("sum", LayerKind::Add, {}, {"a", "c"}));
    const Closure cl = closure(net, 0, 3, ClosureOptions{});
    // sum: 1 row; c: 1; b: 3; a: union of b's window (5 rows) and the add's skip row -> 5;
    // the input: 7.
    CHECK(buffer_of(cl, 2).rows == 1);
    CHECK(buffer_of(cl, 1).rows == 3);
    CHECK(buffer_of(cl, 0).rows == 5);
    CHECK(buffer_of(cl, -1).rows == 7);
    // Segment [b, sum]: a is external, read once, though b and the add both read it.
    const SegmentTraffic t = segment_traffic(net, 1, 3, ClosureOptions{});
    CHECK(t.fmap_read_bytes == 8 * 32 * 32 * 2);
    CHECK(t.fmap_write_bytes == 8 * 32 * 32 * 2);
    // Segment [a, b]: a leaves it (the add reads it), so a and b are both written.
    CHECK(segment_traffic(net, 0, 1, ClosureOptions{}).fmap_write_bytes == 2 * 8 * 32 * 32 * 2);
}

TEST_CASE("units: activations join their producer, pooling only when fused")
{
    const workload::Network net = shipped("vgg16");
    const auto plain = make_units(net, {false});
    const auto fused = make_units(net, {true});
    CHECK(plain.front().name == "conv1_1");
    CHECK(net.layer(plain.front().last).name == "relu1_1");
    CHECK(fused.size() == 16);              // 13 conv + 3 fc units
    CHECK(plain.size() == 16 + 5);          // + 5 pooling units
    for (std::size_t u = 1; u < fused.size(); ++u) CHECK(fused[u].first == fused[u - 1].last + 1);
    CHECK(unit_of(fused, 0) == 0);
    CHECK(unit_of(fused, net.size() - 1) == fused.size() - 1);
}

TEST_CASE("layer-by-layer and one segment: traffic by hand")
{
    const workload::Network net = shipped("lenet5");
    Problem p = problem_of(net, 1LL << 40);
    const Partition base = layer_by_layer(p);
    std::int64_t fmaps = 0;
    for (const Unit& u : p.units)
        fmaps += (net.layer(u.first).input_shapes.at(0).elements() + net.layer(u.last).output.elements()) * 2;
    CHECK(base.traffic.fmap_bytes() == fmaps);
    const Partition one = optimal(p);  // unlimited capacity: full reuse
    REQUIRE(one.segments.size() == 1);
    CHECK(one.traffic.fmap_bytes() == (net.input().elements() + net.output().elements()) * 2);
    CHECK(one.traffic.filter_bytes == net.totals().params * 2);
    CHECK(full_reuse_capacity(p) == one.segments[0].closure.bytes());
    p.capacity_bytes = full_reuse_capacity(p);
    CHECK(optimal(p).segments.size() == 1);
    p.capacity_bytes -= 1;
    CHECK(optimal(p).segments.size() > 1);
}

TEST_CASE("the dynamic program equals brute force over every set of cuts")
{
    std::mt19937_64 rng(7);
    auto pick = [&](std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
    };
    int cases = 0, multi = 0;
    for (int trial = 0; trial < 60; ++trial) {
        // A random network of 6-12 layers: a chain with occasional residual adds and branches
        // joined by a concat.
        workload::Network net("rand" + std::to_string(trial), {pick(1, 8), 32, 32});
        std::int64_t ch = net.input().c;
        int n = 0;
        const int target = static_cast<int>(pick(6, 12));
        while (n < target) {
            const auto kind = pick(0, 9);
            const std::string name = "l" + std::to_string(n);
            const std::string prev = n == 0 ? std::string("input") : net.layers().back().name;
            if (kind <= 4 || n == 0) {
                ch = pick(2, 16);
                const std::int64_t h = n == 0 ? net.input().h : net.layers().back().output.h;
                const std::int64_t k = std::min<std::int64_t>(2 * pick(0, 2) + 1, h);
                net.add(conv(name, ch, k, h >= 8 ? pick(1, 2) : 1, pick(0, (k - 1) / 2)));
                ++n;
            } else if (kind <= 5 && net.layers().back().output.h >= 4) {
                net.add(pool(name, 2, 2));
                ++n;
            } else if (kind <= 7 && n + 3 <= target) {
                // residual: prev -> conv(3, pad 1) -> conv(3, pad 1) -> add(prev)
                net.add(conv(name + "a", ch, 3, 1, 1, {prev}));
                net.add(conv(name + "b", ch, 3, 1, 1));
                net.add(workload::make_layer(name + "s", LayerKind::Add, {}, {prev, name + "b"}));
                n += 3;
            } else if (n + 3 <= target) {
                // two branches of different kernels joined by a concat
                net.add(conv(name + "x", pick(2, 8), 1, 1, 0, {prev}));
                net.add(conv(name + "y", pick(2, 8), 3, 1, 1, {prev}));
                net.add(workload::make_layer(name + "c", LayerKind::Concat, {}, {name + "x", name + "y"}));
                ch = net.layers().back().output.c;
                n += 3;
            } else {
                net.add(workload::make_layer(name, LayerKind::Relu));
                ++n;
            }
            if (net.layers().back().output.h < 3) break;
        }
        Problem p = problem_of(net, 0);
        if (p.units.size() > 12) continue;
        const std::int64_t full = full_reuse_capacity(p);
        for (const double frac : {0.0, 0.1, 0.3, 0.6, 1.0}) {
            p.capacity_bytes = static_cast<std::int64_t>(frac * static_cast<double>(full));
            const Partition dp = optimal(p), bf = brute_force(p);
            INFO(net.name() << " capacity " << p.capacity_bytes);
            CHECK(dp.traffic.total() == bf.traffic.total());
            CHECK(dp.segments.size() == bf.segments.size());
            for (const Segment& s : dp.segments) CHECK((s.fits || s.first_unit == s.last_unit));
            CHECK(dp.traffic.total() <= layer_by_layer(p).traffic.total());
            CHECK(dp.traffic.total() <= fixed_groups(p, 2).traffic.total());
            CHECK(dp.traffic.total() <= fixed_groups(p, 3).traffic.total());
            ++cases;
            multi += dp.segments.size() > 1 && dp.segments.size() < p.units.size();
        }
    }
    CHECK(cases >= 150);
    CHECK(multi >= 30);  // the comparison covers partitions that are neither extreme
}

TEST_CASE("fixed groups: groups that fit are fused, others run unit by unit")
{
    const workload::Network net = shipped("vgg16");
    Problem p = problem_of(net, 1LL << 40, true);
    const Partition pairs = fixed_groups(p, 2);
    CHECK(pairs.segments.size() == 8);
    p.capacity_bytes = 0;
    CHECK(fixed_groups(p, 2).segments.size() == p.units.size());
    CHECK(fixed_groups(p, 2).traffic.total() == layer_by_layer(p).traffic.total());
}

TEST_CASE("shipped networks partition; bad input is an error")
{
    for (const char* name : {"vgg16", "resnet18", "alexnet", "googlenet"}) {
        const workload::Network net = shipped(name);
        Problem p = problem_of(net, 4'000'000, true);
        const Partition opt = optimal(p), base = layer_by_layer(p);
        INFO(name);
        CHECK(opt.traffic.filter_bytes == base.traffic.filter_bytes);
        CHECK(opt.traffic.fmap_bytes() < base.traffic.fmap_bytes());
        std::size_t units = 0;
        for (const Segment& s : opt.segments) units += s.last_unit - s.first_unit + 1;
        CHECK(units == p.units.size());
    }
    const workload::Network net = shipped("lenet5");
    Problem p = problem_of(net, 100);
    CHECK_THROWS_WITH(evaluate(p, {1}, "x"), Catch::Contains("first segment"));
    CHECK_THROWS_WITH(evaluate(p, {0, 3, 2}, "x"), Catch::Contains("increase"));
    CHECK_THROWS_WITH(closure(net, 3, 2, ClosureOptions{}), Catch::Contains("not a range"));
    CHECK_THROWS(brute_force(problem_of(shipped("googlenet"), 100)));
}
