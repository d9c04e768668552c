// SPDX-License-Identifier: MIT
// Address mapping against the bit layouts the reference documents for the same configs
// (../shared/reference/dramsim3/README.md §3).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "dram/address_map.hpp"

using namespace specsim;

namespace {
std::string root() { const char* r = std::getenv("SPECSIM_ROOT"); return r ? r : "."; }

struct Layout { int co, bg, ba, ra, ro; };  // low bits; −1 = absent field (width 0)

void check_layout(const dram::Ddr4Organization& org, const std::string& mapping, Layout want)
{
    const dram::AddressMap m(org, mapping);
    INFO(mapping << " ranks " << org.ranks << " bankgroups " << org.bankgroups);
    CHECK(m.field_low_bit("co") == want.co);
    CHECK(m.field_width("co") == 7);
    CHECK(m.field_low_bit("bg") == want.bg);
    CHECK(m.field_low_bit("ba") == want.ba);
    if (want.ra >= 0) CHECK(m.field_low_bit("ra") == want.ra);
    else CHECK(m.field_width("ra") == 0);
    CHECK(m.field_low_bit("ro") == want.ro);
}
}  // namespace

TEST_CASE("address mapping: bit layouts of the reference's configs", "[dram][mapping]")
{
    auto x8 = dram::load_ddr4_preset(root() + "/configs/dram/ddr4-2400-x8.yaml").org;
    auto x16 = dram::load_ddr4_preset(root() + "/configs/dram/ddr4-2400-x16.yaml").org;
    // x8, 2 ranks: column [12:6], bank group [14:13], bank [16:15], rank [17], row [33:18].
    check_layout(x8, "rochrababgco", {6, 13, 15, 17, 18});
    // x16, 2 ranks: column [12:6], bank group [13], bank [15:14], rank [16], row [32:17].
    check_layout(x16, "rochrababgco", {6, 13, 14, 16, 17});
    // x8, 1 rank: row [32:17].
    auto x8_1 = x8;
    x8_1.ranks = 1;
    check_layout(x8_1, "rochrababgco", {6, 13, 15, -1, 17});
    // bank group at the bottom (rochrabacobg): bank group [7:6], column [14:8].
    check_layout(x8, "rochrabacobg", {8, 6, 15, 17, 18});
}

TEST_CASE("address mapping: decoding the reference's stride facts", "[dram][mapping]")
{
    const auto org = dram::load_ddr4_preset(root() + "/configs/dram/ddr4-2400-x8.yaml").org;
    const dram::AddressMap m(org, "rochrababgco");
    // A sequential stream stays in one bank for 128 lines (8 KiB), then changes bank group.
    for (std::uint64_t i = 0; i < 128; ++i) {
        const auto d = m.decode(64 * i);
        CHECK(d.bankgroup == 0);
        CHECK(d.bank == 0);
        CHECK(d.column == i);
    }
    CHECK(m.decode(64 * 128).bankgroup == 1);
    // A 256 KiB stride hits the same rank, bank group and bank with a new row each time.
    const auto p = m.decode(0), q = m.decode(262144);
    CHECK((q.rank == p.rank && q.bankgroup == p.bankgroup && q.bank == p.bank && q.row == p.row + 1));
    // Trace d's write base 0x40000000 lands in rank 0, bank group 0, bank 0, row 4096.
    const auto w = m.decode(0x40000000);
    CHECK((w.rank == 0 && w.bankgroup == 0 && w.bank == 0 && w.row == 4096));
}
