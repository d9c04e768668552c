// SPDX-License-Identifier: MIT
// The controller's event-driven fast path (cached per-bank candidates, lower bounds on the
// next issue cycle, skipped idle cycles) against its reference mode, which scans every
// queue every cycle: identical statistics, latency by latency and bank by bank, on the
// reference's traces, both page policies, several mappings, 1–2 ranks and 1–4 channels.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "dram/trace.hpp"

using namespace specsim;

namespace {
std::string root() { const char* r = std::getenv("SPECSIM_ROOT"); return r ? r : "."; }

void same(const dram::ControllerStats& a, const dram::ControllerStats& b)
{
    CHECK(a.reads == b.reads);
    CHECK(a.writes == b.writes);
    CHECK(a.read_cmds == b.read_cmds);
    CHECK(a.write_cmds == b.write_cmds);
    CHECK(a.row_hits == b.row_hits);
    CHECK(a.acts == b.acts);
    CHECK(a.pres == b.pres);
    CHECK(a.ondemand_pres == b.ondemand_pres);
    CHECK(a.refs == b.refs);
    CHECK(a.last_data_cycle == b.last_data_cycle);
    CHECK(a.read_latency == b.read_latency);  // in completion order
    CHECK(a.read_gaps == b.read_gaps);
    CHECK(a.bank_reads == b.bank_reads);
    CHECK(a.bank_writes == b.bank_writes);
    CHECK(a.bank_acts == b.bank_acts);
    CHECK(a.bank_row_hits == b.bank_row_hits);
}
}  // namespace

TEST_CASE("the fast path gives the reference mode's statistics exactly", "[dram][fast_path]")
{
    const char* cases[] = {"a_seq_rd", "b_seq_wr", "c_rand_rd_4G", "d_mix_2r1w", "e1_stride_256K",
                           "h_lowint_rand_rd_gap100"};
    const char* presets[] = {"ddr4-2400-x8", "ddr4-3200-x8", "u200-ddr4-2400"};
    for (const char* preset : presets) {
        const dram::Ddr4Spec base = dram::load_ddr4_preset(root() + "/configs/dram/" + preset + ".yaml");
        for (const char* mapping : {"", "rorabacobgch", "rochrababgco"}) {
            if (*mapping && base.org.channels > 1) continue;  // its own mapping only
            dram::Ddr4Spec spec = base;
            if (*mapping) spec.address_mapping = mapping;
            for (const bool open_page : {true, false}) {
                dram::ControllerParams p = spec.controller;
                p.open_page = open_page;
                for (const char* name : cases) {
                    // Long enough to cross refreshes on every case (the low-intensity one
                    // spans 100 cycles per request).
                    const bool sparse = std::string(name).find("gap100") != std::string::npos;
                    const auto trace = dram::reference_trace(name, sparse ? 1500 : 12000);
                    INFO(preset << " " << spec.address_mapping << (open_page ? " open" : " closed") << " page, "
                                << name);
                    const auto fast = dram::run_trace(spec, trace, p, false);
                    const auto ref = dram::run_trace(spec, trace, p, true);
                    REQUIRE(fast.stats.refs > 0);
                    same(fast.stats, ref.stats);
                }
            }
        }
    }
    // A mix with writes that stay below the drain watermark until the end.
    const dram::Ddr4Spec spec = dram::load_ddr4_preset(root() + "/configs/dram/ddr4-2400-x8.yaml");
    const auto mix = dram::synthetic_trace(false, 3, 20000, 7, 5);
    same(dram::run_trace(spec, mix, spec.controller, false).stats, dram::run_trace(spec, mix, spec.controller, true).stats);
}
