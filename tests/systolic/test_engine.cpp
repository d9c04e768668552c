// SPDX-License-Identifier: MIT
// The engine's event interface (random step sizes == one cycle at a time == run_reference;
// the gate on missing data), edge shapes, and errors.
#include "numerics/random.hpp"
#include "overlay/systolic/analytic/gemm_engine.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <limits>

using namespace specsim::systolic;
using specsim::numerics::GemmDims;

namespace {

struct Config {
    GemmDims gemm;
    ArrayShape array;
    Dataflow dataflow;
    BufferWords buffers;
    std::uint64_t bw;
    ReadRefill refill;
};

enum class Steps { greedy, single, random };

/// run_reference's memory (same durations), with the array advanced in chosen steps.
ReferenceResult drive(const Config& c, Steps steps, std::uint64_t seed = 1) {
    EngineOptions opt;
    opt.line_words = c.bw;
    opt.refill = c.refill;
    GemmEngine eng(c.gemm, c.array, c.dataflow, c.buffers, true, opt);
    specsim::numerics::Rng rng(seed);
    constexpr std::int64_t idle = std::numeric_limits<std::int64_t>::max();
    std::array<std::int64_t, 3> done_at{idle, idle, idle};
    const auto bw = static_cast<std::int64_t>(c.bw);
    std::int64_t now = -2, finish = -1;
    for (;;) {
        while (auto t = eng.next_transfer()) {
            const std::int64_t lines = (static_cast<std::int64_t>(t->words) + bw - 1) / bw;
            const std::int64_t d = t->write ? std::max<std::int64_t>(lines - 1, 0) : lines + 1;
            if (d == 0) eng.transfer_done(t->operand);
            else done_at[static_cast<std::size_t>(t->operand)] = now + d;
        }
        if (eng.finished() && finish < 0) finish = now;
        const std::int64_t next = *std::min_element(done_at.begin(), done_at.end());
        if (eng.drained() && next == idle) break;
        const std::uint64_t run = eng.finished() || now < 0 ? 0 : eng.runnable_cycles();
        if (now < 0) {
            now = std::min<std::int64_t>(0, next);
        } else if (run > 0) {
            std::uint64_t step = run;
            if (steps == Steps::single) step = 1;
            if (steps == Steps::random) step = 1 + rng.next_u64() % run;
            if (next != idle) step = std::min<std::uint64_t>(step, static_cast<std::uint64_t>(next - now));
            eng.advance(step);
            now += static_cast<std::int64_t>(step);
        } else {
            REQUIRE(next != idle);
            now = next;
        }
        for (std::size_t op = 0; op < 3; ++op)
            if (done_at[op] == now) {
                done_at[op] = idle;
                eng.transfer_done(static_cast<Operand>(op));
            }
    }
    ReferenceResult r;
    r.cycles = static_cast<std::uint64_t>(finish);
    r.stall_cycles = r.cycles - eng.total_array_cycles();
    r.dram_ifmap_words = eng.dram_words(Operand::ifmap);
    r.dram_filter_words = eng.dram_words(Operand::filter);
    r.dram_ofmap_words = eng.dram_words(Operand::ofmap);
    return r;
}

void same(const ReferenceResult& a, const ReferenceResult& b) {
    CHECK(a.cycles == b.cycles);
    CHECK(a.stall_cycles == b.stall_cycles);
    CHECK(a.dram_ifmap_words == b.dram_ifmap_words);
    CHECK(a.dram_filter_words == b.dram_filter_words);
    CHECK(a.dram_ofmap_words == b.dram_ofmap_words);
}

const std::array<Config, 6> k_configs{{
    {{64, 64, 64}, {8, 8}, Dataflow::os, {1024, 1024, 1024}, 10, ReadRefill::back_to_back},
    {{100, 37, 23}, {16, 16}, Dataflow::is, {1024, 1024, 1024}, 10, ReadRefill::back_to_back},
    {{128, 96, 40}, {32, 32}, Dataflow::ws, {1024, 1024, 1024}, 10, ReadRefill::back_to_back},
    {{77, 33, 91}, {8, 8}, Dataflow::is, {1024, 1024, 1024}, 10, ReadRefill::on_swap},
    {{200, 50, 70}, {16, 16}, Dataflow::os, {1024, 2048, 1024}, 4, ReadRefill::on_swap},
    {{50, 130, 17}, {16, 8}, Dataflow::ws, {1024, 4096, 1024}, 8, ReadRefill::on_swap},
}};

}  // namespace

TEST_CASE("random and single-cycle steps give the same totals as greedy steps", "[systolic][engine]") {
    for (const Config& c : k_configs) {
        INFO(c.gemm.str() << " " << to_string(c.dataflow) << " bw " << c.bw);
        const ReferenceResult greedy = drive(c, Steps::greedy);
        CHECK(greedy.stall_cycles > 0);  // these configurations do stall: the test means something
        same(drive(c, Steps::single), greedy);
        for (std::uint64_t seed = 1; seed <= 3; ++seed) same(drive(c, Steps::random, seed), greedy);
        if (c.refill == ReadRefill::back_to_back)
            same(run_reference(c.gemm, c.array, c.dataflow, c.buffers, c.bw), greedy);
    }
}

TEST_CASE("a refill that may only start after the swap never beats back-to-back refills", "[systolic][engine]") {
    for (Config c : k_configs) {
        INFO(c.gemm.str() << " " << to_string(c.dataflow));
        c.refill = ReadRefill::back_to_back;
        const ReferenceResult eager = drive(c, Steps::greedy);
        c.refill = ReadRefill::on_swap;
        const ReferenceResult bounded = drive(c, Steps::greedy);
        CHECK(bounded.cycles >= eager.cycles);
        CHECK(bounded.dram_ifmap_words == eager.dram_ifmap_words);  // same blocks, later
    }
}

TEST_CASE("the array is blocked exactly until the data it needs has arrived", "[systolic][engine]") {
    GemmEngine eng({64, 64, 64}, {8, 8}, Dataflow::os, {1024, 1024, 1024}, false);
    CHECK(eng.runnable_cycles() == 0);
    const auto a = eng.next_transfer();
    const auto b = eng.next_transfer();
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->operand == Operand::ifmap);
    CHECK(b->operand == Operand::filter);
    CHECK(a->words == 512);  // the active half of 1 KiB
    CHECK_FALSE(eng.next_transfer());
    CHECK_THROWS_AS(eng.advance(1), specsim::Error);
    eng.transfer_done(Operand::ifmap);
    while (eng.next_transfer()) {}
    CHECK(eng.runnable_cycles() == 0);  // the filter's first half is still missing
    eng.transfer_done(Operand::filter);
    while (eng.next_transfer()) {}
    CHECK(eng.runnable_cycles() > 0);

    // Through the whole GEMM, only read refills complete: every block is a gate.
    GemmEngine e2({64, 64, 64}, {8, 8}, Dataflow::os, {1024, 1024, 1024}, true);
    std::array<bool, 2> in_flight{false, false};
    int gates = 0;
    while (!e2.finished()) {
        while (auto t = e2.next_transfer()) {
            if (t->write) e2.transfer_done(Operand::ofmap);
            else in_flight[static_cast<std::size_t>(t->operand)] = true;
        }
        const std::uint64_t run = e2.runnable_cycles();
        if (run > 0) {
            CHECK_THROWS_AS(e2.advance(run + 1), specsim::Error);
            e2.advance(run);
            continue;
        }
        ++gates;
        CHECK_THROWS_AS(e2.advance(1), specsim::Error);
        // Complete the filter first if both are out: the ifmap alone may not unblock.
        const Operand op = in_flight[1] ? Operand::filter : Operand::ifmap;
        REQUIRE(in_flight[static_cast<std::size_t>(op)]);
        in_flight[static_cast<std::size_t>(op)] = false;
        e2.transfer_done(op);
    }
    CHECK(gates > 10);
    CHECK(e2.array_cycles() == fold_geometry({64, 64, 64}, {8, 8}, Dataflow::os).stall_free_cycles);
}

TEST_CASE("M, N or K of 1 and non-multiple sizes", "[systolic][edge]") {
    CHECK(fold_geometry({1, 1, 1}, {8, 8}, Dataflow::os).stall_free_cycles == 1 + 8 + 8 - 2);
    CHECK(fold_geometry({1, 1, 1}, {8, 8}, Dataflow::ws).stall_free_cycles == 2 * 8 + 8 + 1 - 2);
    CHECK(fold_geometry({1, 1, 1}, {8, 8}, Dataflow::is).stall_free_cycles == 2 * 8 + 8 + 1 - 2);
    specsim::numerics::Rng rng(7);
    for (int i = 0; i < 60; ++i) {
        const GemmDims g{1 + rng.next_u64() % 90, 1 + rng.next_u64() % 90, 1 + rng.next_u64() % 90};
        const ArrayShape a{static_cast<std::uint32_t>(1 + rng.next_u64() % 20),
                           static_cast<std::uint32_t>(1 + rng.next_u64() % 20)};
        const auto df = static_cast<Dataflow>(i % 3);
        INFO(g.str() << " on " << a.rows << "x" << a.cols << " " << to_string(df));
        const FoldGeometry f = fold_geometry(g, a, df);
        const BufferWords buf{256, 256, 256};
        CHECK(run_reference(g, a, df, buf, 0).cycles == f.stall_free_cycles);
        EngineOptions opt;  // line_words = 1: drains carry no padding
        const ReferenceResult slow = run_reference(g, a, df, buf, 3, opt);
        CHECK(slow.cycles >= f.stall_free_cycles);
        const std::uint64_t ofmap_words = df == Dataflow::os ? g.m * g.n : f.row_folds * g.m * g.n;
        CHECK(slow.dram_ofmap_words == ofmap_words);
        CHECK(slow.dram_ifmap_words % 128 == 0);  // whole prefetch halves (128 words) only
    }
}

TEST_CASE("bad input throws specsim::Error with a clear message", "[systolic][edge]") {
    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(GemmEngine({64, 64, 64}, {32, 32}, Dataflow::ws, {63, 4096, 4096}, true),
                      Contains("ifmap SRAM of 63 words is smaller than two array edges (64 words"));
    CHECK_THROWS_WITH(GemmEngine({64, 64, 64}, {8, 16}, Dataflow::os, {4096, 31, 4096}, true),
                      Contains("filter SRAM of 31 words"));
    CHECK_THROWS_WITH(GemmEngine({64, 64, 64}, {8, 16}, Dataflow::os, {4096, 4096, 20}, true),
                      Contains("ofmap SRAM of 20 words"));
    CHECK_THROWS_WITH(fold_geometry({0, 4, 4}, {8, 8}, Dataflow::os), Contains("at least 1"));
    CHECK_THROWS_WITH(fold_geometry({4, 4, 4}, {0, 8}, Dataflow::os), Contains("at least 1"));
    CHECK_THROWS_WITH(parse_dataflow("rs"), Contains("unknown systolic dataflow 'rs'"));
    for (Dataflow d : {Dataflow::os, Dataflow::ws, Dataflow::is}) CHECK(parse_dataflow(to_string(d)) == d);
    CHECK_THROWS_WITH(scalesim_conv_gemm(5, 5, 7, 7, 3, 8, 1), Contains("larger than the input"));
    CHECK(scalesim_conv_gemm(224, 224, 11, 11, 3, 96, 4) == GemmDims{55 * 55, 96, 363});
    GemmEngine eng({8, 8, 8}, {4, 4}, Dataflow::os, {64, 64, 64}, true);
    CHECK_THROWS_WITH(eng.transfer_done(Operand::ofmap), Contains("no drain in flight"));
    CHECK_THROWS_WITH(eng.transfer_done(Operand::ifmap), Contains("no refill in flight"));
}
