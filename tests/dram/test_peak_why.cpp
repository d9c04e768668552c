// SPDX-License-Identifier: MIT
// Why a sequential stream reaches 77.5 % of peak on DDR4-2400 x8 with the reference's
// row-bank-bankgroup-column mapping and 95 % with bank groups at the bottom, reproduced the
// way the reference explains it (../shared/reference/dramsim3/README.md §9.1): by the
// READ-to-READ gaps on the command bus (53 % at tCCD_S = 4 cycles, 43 % at tCCD_L = 6;
// random reads 69 % at 4 and 20 % at 5, rank switches; bank groups at the bottom 99.8 % at
// 4), and by the counterfactual: with tCCD_L = tCCD_S the penalty is gone.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "dram/trace.hpp"

using namespace specsim;

namespace {
std::string root() { const char* r = std::getenv("SPECSIM_ROOT"); return r ? r : "."; }

double share(const dram::ControllerStats& s, std::size_t gap)
{
    std::uint64_t n = 0;
    for (const auto c : s.read_gaps) n += c;
    return n ? double(s.read_gaps.at(gap)) / double(n) : 0.0;
}
}  // namespace

TEST_CASE("the bank-group penalty: READ gaps as the reference reports them, and gone with tCCD_L = tCCD_S",
          "[dram][peak]")
{
    const dram::Ddr4Spec x8 = dram::load_ddr4_preset(root() + "/configs/dram/ddr4-2400-x8.yaml");
    const double peak = x8.peak_bytes_per_s() / 1e9;

    const auto seq = dram::run_trace(x8, dram::reference_trace("a_seq_rd"));
    INFO("sequential: " << seq.bandwidth_GBps / peak * 100 << " % of peak, gaps 4: " << share(seq.stats, 4)
                        << ", 6: " << share(seq.stats, 6));
    CHECK(seq.bandwidth_GBps / peak == Approx(0.775).margin(0.01));
    CHECK(share(seq.stats, 4) == Approx(0.53).margin(0.03));  // other bank group: tCCD_S
    CHECK(share(seq.stats, 6) == Approx(0.43).margin(0.03));  // same bank group: tCCD_L

    const auto rnd = dram::run_trace(x8, dram::reference_trace("c_rand_rd_4G"));
    CHECK(share(rnd.stats, 4) == Approx(0.69).margin(0.03));
    CHECK(share(rnd.stats, 5) == Approx(0.20).margin(0.03));  // rank switches: BL/2 + tRTRS

    dram::Ddr4Spec bglow = x8;
    bglow.address_mapping = "rochrabacobg";
    const auto low = dram::run_trace(bglow, dram::reference_trace("a_seq_rd"));
    CHECK(low.bandwidth_GBps / peak >= 0.90);
    CHECK(share(low.stats, 4) >= 0.99);

    // The counterfactual: same mapping, but a READ to the same bank group may follow after
    // tCCD_S — the 6-cycle gaps and the penalty vanish.
    dram::Ddr4Spec no_l = x8;
    no_l.timing.tCCD_L = no_l.timing.tCCD_S;
    const auto flat = dram::run_trace(no_l, dram::reference_trace("a_seq_rd"));
    INFO("tCCD_L = tCCD_S: " << flat.bandwidth_GBps / peak * 100 << " % of peak");
    CHECK(flat.bandwidth_GBps / peak >= 0.90);
    CHECK(share(flat.stats, 6) < 0.01);
}
