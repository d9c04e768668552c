// SPDX-License-Identifier: MIT
// DDR4 presets: parse strictly, and the derived command spacings equal the ones DRAMsim3
// states for the same .ini (../shared/reference/dramsim3/README.md §4).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "dram/ddr4_spec.hpp"
#include "util/error.hpp"

using namespace specsim;

namespace {
std::string root() { const char* r = std::getenv("SPECSIM_ROOT"); return r ? r : "."; }
}  // namespace

TEST_CASE("DDR4-2400 x8 preset: derived spacings equal the reference's", "[dram]")
{
    const dram::Ddr4Spec s = dram::load_ddr4_preset(root() + "/configs/dram/ddr4-2400-x8.yaml");
    CHECK(s.org.banks() == 16);
    CHECK(s.org.burst_bytes() == 64);
    const dram::Ddr4Constraints c = s.constraints();
    CHECK(c.burst_cycles == 4);
    CHECK(c.rd_to_rd_same_bg == 6);
    CHECK(c.rd_to_rd_other_bg == 4);
    CHECK(c.rd_to_rd_other_rank == 5);
    CHECK(c.wr_to_wr_same_bg == 6);
    CHECK(c.wr_to_wr_other_bg == 4);
    CHECK(c.rd_to_wr == 10);
    CHECK(c.wr_to_rd_same_bg == 25);
    CHECK(c.wr_to_rd_other_bg == 19);
    CHECK(c.rd_to_pre == 9);
    CHECK(c.wr_to_pre == 34);
    CHECK(c.act_to_rw == 17);
    CHECK(c.act_to_pre == 39);
    CHECK(c.act_to_act_same_bank == 56);
    CHECK(c.pre_to_act == 17);
    CHECK(c.ref_to_act == 420);
    CHECK(c.read_latency == 21);     // READ at t completes at t + CL + 4
    CHECK(c.write_data_end == 16);   // WRITE at t: data ends at t + CWL + 4
    CHECK(s.peak_bytes_per_s() == Approx(19.277e9).epsilon(1e-4));  // the reference's peak
}

TEST_CASE("DDR4-2400 x16 preset: 2 bank groups, longer tRRD and tFAW", "[dram]")
{
    const dram::Ddr4Spec s = dram::load_ddr4_preset(root() + "/configs/dram/ddr4-2400-x16.yaml");
    CHECK(s.org.banks() == 8);
    CHECK(s.constraints().act_to_act_other_bg == 7);
    CHECK(s.constraints().act_to_act_same_bg == 8);
    CHECK(s.timing.tFAW == 36);
}

TEST_CASE("DDR4 presets are strict", "[dram]")
{
    const auto parse = [](const std::string& text) {
        return dram::parse_ddr4_spec(config::Node(YAML::Load(text), std::make_shared<const std::string>("p.yaml"), ""));
    };
    const std::string ok = "name: t\ntiming: {tCK: 1, CL: 17, CWL: 12, tRCD: 17, tRP: 17, tRAS: 39, tCCD_S: 4, "
                           "tCCD_L: 6, tRRD_S: 4, tRRD_L: 6, tFAW: 26, tWR: 18, tWTR_S: 3, tWTR_L: 9, tRTP: 9, "
                           "tRFC: 420, tREFI: 9360}\n";
    CHECK(parse(ok).timing.tRC == 56);  // default tRAS + tRP
    CHECK_THROWS_WITH(parse(ok + "organization: {bankgroups: 3}\n"), Catch::Contains("power of two"));
    CHECK_THROWS_WITH(parse(ok + "organization: {ranks: 8}\n"), Catch::Contains("more than 64 banks per channel"));
    CHECK_THROWS_WITH(parse(ok + "address_mapping: rorobgbacoch\n"), Catch::Contains("each of ro, ch, ra, bg, ba, co"));
    CHECK_THROWS_WITH(parse(ok + "tmiing: 1\n"), Catch::Contains("did you mean 'timing'"));
}
