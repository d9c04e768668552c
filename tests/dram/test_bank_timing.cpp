// SPDX-License-Identifier: MIT
// Tight gates of the DDR4 command timing (DDR4-2400 x8 preset): each command is allowed at
// exactly the documented cycle and refused one cycle earlier.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "dram/bank_timing.hpp"
#include "util/error.hpp"

using namespace specsim;
using dram::BankAddr;
using dram::Cmd;

namespace {
std::string root() { const char* r = std::getenv("SPECSIM_ROOT"); return r ? r : "."; }
dram::Ddr4Spec spec() { return dram::load_ddr4_preset(root() + "/configs/dram/ddr4-2400-x8.yaml"); }

// The gate: allowed at `at`, refused at `at − 1`.
void gate(dram::BankTiming& t, Cmd c, const BankAddr& a, std::uint64_t at, std::uint32_t row = 0)
{
    CHECK(t.earliest(c, a) == at);
    if (at > 0) {
        dram::BankTiming early = t;
        CHECK_THROWS_AS(early.issue(c, a, at - 1, row), Error);
    }
    t.issue(c, a, at, row);
}
}  // namespace

TEST_CASE("idle bank: first read data at exactly tRCD + CL + BL/2 after the ACT", "[dram][timing]")
{
    const auto s = spec();
    dram::BankTiming t(s);
    const BankAddr a{0, 1, 2};
    CHECK(t.earliest(Cmd::rd, a) == dram::BankTiming::kNever);  // closed bank: no READ
    gate(t, Cmd::act, a, 0, 7);
    gate(t, Cmd::rd, a, s.timing.tRCD);                           // 17
    const std::uint64_t data = s.timing.tRCD + s.constraints().read_latency;
    CHECK(data == s.timing.tRCD + s.timing.CL + s.org.burst_length / 2);
    CHECK(data == 38);
    // Row hit: the next READ to the open row after tCCD_L, its data CL + BL/2 later.
    gate(t, Cmd::rd, a, 17 + 6);
    CHECK(t.open_row(a) == 7);
}

TEST_CASE("write to read turnaround respects tWTR (same and other bank group, other rank)", "[dram][timing]")
{
    const auto s = spec();
    dram::BankTiming t(s);
    const BankAddr a{0, 0, 0}, same_bg{0, 0, 1}, other_bg{0, 2, 0}, other_rank{1, 0, 0};
    gate(t, Cmd::act, a, 0, 1);
    gate(t, Cmd::act, same_bg, 6, 1);     // tRRD_L
    gate(t, Cmd::act, other_bg, 10, 1);   // tRRD_S after the previous ACT
    t.issue(Cmd::act, other_rank, 11, 1); // other rank: no tRRD
    gate(t, Cmd::wr, a, 17);              // tRCD
    // READ after the WRITE: CWL + BL/2 + tWTR_L (same group), + tWTR_S (other group).
    CHECK(t.earliest(Cmd::rd, same_bg) == 17 + 12 + 4 + 9);
    CHECK(t.earliest(Cmd::rd, other_bg) == 17 + 12 + 4 + 3);
    CHECK(t.earliest(Cmd::rd, other_rank) == 11 + 17);  // only its own tRCD binds
    gate(t, Cmd::rd, same_bg, 42);
    // WRITE → PRE same bank: CWL + BL/2 + tWR; and not before tRAS.
    CHECK(t.earliest(Cmd::pre, a) == std::max<std::uint64_t>(17 + 12 + 4 + 18, 39));
}

TEST_CASE("ACT spacing: tRRD, tFAW, tRAS, tRP, tRC and refresh", "[dram][timing]")
{
    const auto s = spec();
    dram::BankTiming t(s);
    // Four ACTs to different bank groups, tRRD_S apart; the fifth waits for tFAW.
    for (std::uint32_t g = 0; g < 4; ++g) gate(t, Cmd::act, {0, g, 0}, 4 * g, 3);
    gate(t, Cmd::act, {0, 0, 1}, 26);  // max(12 + tRRD_L, 0 + tFAW) = 26
    // Same bank: PRE after tRAS, ACT after tRP (and tRC).
    gate(t, Cmd::pre, {0, 0, 0}, 39);
    gate(t, Cmd::act, {0, 0, 0}, 56, 4);  // 39 + tRP = 56 = tRC
    // Refresh needs every bank of the rank closed, then blocks ACTs for tRFC.
    CHECK(t.earliest(Cmd::ref, {0, 0, 0}) == dram::BankTiming::kNever);
    std::uint64_t last_pre = 0;
    for (std::uint32_t g = 0; g < 4; ++g)
        for (std::uint32_t k = 0; k < 4; ++k)
            if (t.is_open({0, g, k})) {
                const std::uint64_t at = t.earliest(Cmd::pre, {0, g, k});
                last_pre = std::max(last_pre, std::max<std::uint64_t>(at, 100));
                t.issue(Cmd::pre, {0, g, k}, std::max<std::uint64_t>(at, 100));
            }
    gate(t, Cmd::ref, {0, 0, 0}, last_pre + 17);
    gate(t, Cmd::act, {0, 3, 3}, last_pre + 17 + 420, 9);
}
