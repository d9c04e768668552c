// SPDX-License-Identifier: MIT
#include "dram/bank_timing.hpp"

#include <algorithm>
#include <string>

#include "util/error.hpp"

namespace specsim::dram {
namespace {
std::size_t ci(Cmd c) { return static_cast<std::size_t>(c); }
const char* name(Cmd c)
{
    switch (c) {
    case Cmd::act: return "ACT";
    case Cmd::pre: return "PRE";
    case Cmd::rd: return "RD";
    case Cmd::wr: return "WR";
    case Cmd::ref: return "REF";
    }
    return "?";
}
}  // namespace

BankTiming::BankTiming(const Ddr4Spec& spec)
    : m_org(spec.org), m_t(spec.timing), m_c(spec.constraints()),
      m_open_row(static_cast<std::size_t>(spec.org.ranks) * spec.org.banks(), -1),
      m_next(m_open_row.size(), std::array<std::uint64_t, 5>{0, 0, 0, 0, 0}),
      m_gnext(static_cast<std::size_t>(spec.org.ranks) * spec.org.bankgroups, std::array<std::uint64_t, 5>{0, 0, 0, 0, 0}),
      m_faw(spec.org.ranks)
{
}

namespace {
void push(std::array<std::uint64_t, 5>& next, Cmd cmd, std::uint64_t at)
{
    auto& n = next[ci(cmd)];
    n = std::max(n, at);
}
}  // namespace

std::uint64_t BankTiming::earliest_ref(std::uint32_t rank) const
{
    // REF: every bank of the rank closed, and each bank's own PRE→REF spacing passed.
    std::uint64_t t = m_gnext[group({rank, 0, 0})][ci(Cmd::ref)];
    for (std::uint32_t g = 0; g < m_org.bankgroups; ++g)
        for (std::uint32_t k = 0; k < m_org.banks_per_group; ++k) {
            const std::size_t x = index({rank, g, k});
            if (m_open_row[x] >= 0) return kNever;
            t = std::max(t, m_next[x][ci(Cmd::ref)]);
        }
    return t;
}

void BankTiming::issue(Cmd cmd, const BankAddr& a, std::uint64_t cycle, std::uint32_t row)
{
    const std::uint64_t e = earliest(cmd, a);
    if (e == kNever || cycle < e)
        throw Error(std::string("DDR4 timing: ") + name(cmd) + " at cycle " + std::to_string(cycle) + " to rank " +
                    std::to_string(a.rank) + " bank group " + std::to_string(a.bankgroup) + " bank " +
                    std::to_string(a.bank) + (e == kNever ? " is not allowed in the bank's state"
                                                          : " is too early (earliest " + std::to_string(e) + ")"));
    const Ddr4Constraints& c = m_c;
    auto& bank = m_next[index(a)];
    // Bank scope.
    switch (cmd) {
    case Cmd::rd: push(bank, Cmd::pre, cycle + c.rd_to_pre); break;
    case Cmd::wr: push(bank, Cmd::pre, cycle + c.wr_to_pre); break;
    case Cmd::act:
        push(bank, Cmd::rd, cycle + c.act_to_rw);
        push(bank, Cmd::wr, cycle + c.act_to_rw);
        push(bank, Cmd::pre, cycle + c.act_to_pre);
        // The group-scope ACT spacing below (tRRD_L) also reaches this bank; it is
        // shorter than tRC (and an ACT here needs tRAS + tRP anyway), so it never binds.
        push(bank, Cmd::act, cycle + c.act_to_act_same_bank);
        break;
    case Cmd::pre:
        push(bank, Cmd::act, cycle + c.pre_to_act);
        push(bank, Cmd::ref, cycle + c.pre_to_act);
        break;
    case Cmd::ref: break;
    }
    // Group scope: every bank group of every rank.
    for (std::uint32_t r = 0; r < m_org.ranks; ++r)
        for (std::uint32_t g = 0; g < m_org.bankgroups; ++g) {
            auto& n = m_gnext[static_cast<std::size_t>(r) * m_org.bankgroups + g];
            const bool same_rank = r == a.rank, same_bg = same_rank && g == a.bankgroup;
            switch (cmd) {
            case Cmd::rd:
                push(n, Cmd::rd, cycle + (!same_rank ? c.rd_to_rd_other_rank : same_bg ? c.rd_to_rd_same_bg : c.rd_to_rd_other_bg));
                push(n, Cmd::wr, cycle + c.rd_to_wr);
                break;
            case Cmd::wr:
                push(n, Cmd::wr, cycle + (!same_rank ? c.wr_to_wr_other_rank : same_bg ? c.wr_to_wr_same_bg : c.wr_to_wr_other_bg));
                push(n, Cmd::rd, cycle + (!same_rank ? c.wr_to_rd_other_rank : same_bg ? c.wr_to_rd_same_bg : c.wr_to_rd_other_bg));
                break;
            case Cmd::act:
                if (same_rank) push(n, Cmd::act, cycle + (same_bg ? c.act_to_act_same_bg : c.act_to_act_other_bg));
                break;
            case Cmd::pre: break;
            case Cmd::ref:
                if (same_rank) {
                    push(n, Cmd::act, cycle + c.ref_to_act);
                    push(n, Cmd::ref, cycle + c.ref_to_act);
                }
                break;
            }
        }
    if (cmd == Cmd::act) {
        m_open_row[index(a)] = row;
        m_faw[a.rank].push(cycle);
    } else if (cmd == Cmd::pre) {
        m_open_row[index(a)] = -1;
    }
}

}  // namespace specsim::dram
