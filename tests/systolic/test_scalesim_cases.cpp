// SPDX-License-Identifier: MIT
// The systolic timing model against SCALE-Sim v2: every CALC row of cases.csv (cycles,
// SRAM counts, utilisations) and every USER row of cases.csv and extra_user_cases.csv
// (total and stall cycles, DRAM traffic). Paths come from SCALESIM_CASES / SCALESIM_EXTRA.
#include "overlay/systolic/analytic/gemm_engine.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace specsim::systolic;
using specsim::numerics::GemmDims;

namespace {

using Row = std::map<std::string, std::string>;

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) out.push_back(cell);
    return out;
}

std::vector<Row> read_csv(const char* env) {
    const char* path = std::getenv(env);
    INFO("environment variable " << env << " must name the CSV (set by meson test)");
    REQUIRE(path != nullptr);
    std::ifstream in(path);
    INFO("cannot open " << path);
    REQUIRE(in.good());
    std::string line;
    std::getline(in, line);
    const auto header = split(line);
    std::vector<Row> rows;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto cells = split(line);
        Row r;
        for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) r[header[i]] = cells[i];
        rows.push_back(r);
    }
    return rows;
}

std::uint64_t u(const Row& r, const std::string& key) { return std::stoull(r.at(key)); }

GemmDims dims(const Row& r) { return GemmDims{u(r, "gemm_M"), u(r, "gemm_N"), u(r, "gemm_K")}; }
ArrayShape shape(const Row& r) {
    return ArrayShape{static_cast<std::uint32_t>(u(r, "array_rows")), static_cast<std::uint32_t>(u(r, "array_cols"))};
}
BufferWords buffers(const Row& r) {
    return BufferWords{1024 * u(r, "ifmap_sram_kB"), 1024 * u(r, "filter_sram_kB"), 1024 * u(r, "ofmap_sram_kB")};
}

bool close_rel(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

std::uint64_t preload_words(const GemmDims& g, ArrayShape a, Dataflow df, bool ifmap, std::uint64_t kb,
                            std::uint64_t bw) {
    return scalesim_preload_words(g, a, df, ifmap, kb, bw);
}

}  // namespace

TEST_CASE("every CALC row of cases.csv: stall-free cycles, SRAM counts, utilisations", "[systolic][scalesim]") {
    int checked = 0;
    for (const Row& r : read_csv("SCALESIM_CASES")) {
        if (r.at("bandwidth_mode") != "CALC") continue;
        INFO(r.at("case_id"));
        const GemmDims g = dims(r);
        if (r.at("input_mode") == "conv")  // the conv rows' GEMM is SCALE-Sim's output-size rule
            CHECK(scalesim_conv_gemm(u(r, "ifmap_h"), u(r, "ifmap_w"), u(r, "filter_h"), u(r, "filter_w"),
                                     u(r, "channels"), u(r, "num_filters"), u(r, "stride_h")) == g);
        const Dataflow df = parse_dataflow(r.at("dataflow"));
        const FoldGeometry f = fold_geometry(g, shape(r), df);
        const std::uint64_t total = u(r, "total_cycles");
        CHECK(f.stall_free_cycles - 1 == total);
        CHECK(close_rel(f.mapping_efficiency * 100, std::stod(r.at("mapping_efficiency_pct"))));
        CHECK(close_rel(f.compute_utilisation * 100, std::stod(r.at("compute_util_pct"))));
        const SramAccesses s = sram_accesses(g, shape(r), df);
        CHECK(s.ifmap_reads == u(r, "sram_ifmap_reads"));
        CHECK(s.filter_reads == u(r, "sram_filter_reads"));
        CHECK(s.ofmap_writes == u(r, "sram_ofmap_writes"));
        const ReferenceResult ref = run_reference(g, shape(r), df, buffers(r), 0);
        CHECK(ref.cycles - 1 == total);
        CHECK(ref.stall_cycles == 0);
        ++checked;
    }
    CHECK(checked == 61);
}

TEST_CASE("every USER row: total and stall cycles, DRAM traffic as SCALE-Sim", "[systolic][scalesim]") {
    int checked = 0;
    for (const char* env : {"SCALESIM_CASES", "SCALESIM_EXTRA"}) {
        for (const Row& r : read_csv(env)) {
            if (r.count("bandwidth_mode") && r.at("bandwidth_mode") != "USER") continue;
            INFO(r.at("case_id"));
            const GemmDims g = dims(r);
            const Dataflow df = parse_dataflow(r.at("dataflow"));
            const std::uint64_t bw = u(r, "user_bandwidth_words_per_cycle");
            const ReferenceResult ref = run_reference(g, shape(r), df, buffers(r), bw);
            const std::uint64_t total = u(r, "total_cycles"), stall = u(r, "stall_cycles");
            std::printf("%-52s total ours %7llu SCALE-Sim %7llu | stall ours %6llu SCALE-Sim %6llu\n",
                        r.at("case_id").c_str(), static_cast<unsigned long long>(ref.cycles - 1),
                        static_cast<unsigned long long>(total), static_cast<unsigned long long>(ref.stall_cycles),
                        static_cast<unsigned long long>(stall));
            CHECK(ref.cycles - 1 == total);
            CHECK(ref.stall_cycles == stall);
            CHECK(ref.dram_ifmap_words + preload_words(g, shape(r), df, true, u(r, "ifmap_sram_kB"), bw) ==
                  u(r, "dram_ifmap_reads"));
            CHECK(ref.dram_filter_words + preload_words(g, shape(r), df, false, u(r, "filter_sram_kB"), bw) ==
                  u(r, "dram_filter_reads"));
            CHECK(ref.dram_ofmap_words == u(r, "dram_ofmap_writes"));
            ++checked;
        }
    }
    CHECK(checked == 4 + 19);
}
