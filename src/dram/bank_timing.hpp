// SPDX-License-Identifier: MIT
// Command timing of one DDR4 channel: per bank the open row and, for every command kind,
// the earliest cycle it may issue, kept up to date as commands issue (each command pushes
// the next-allowed times out by the derived spacing for its scope: same bank, same bank
// group, other bank group, other rank), plus the four-activate window per rank. Spacings
// that hold for a whole bank group are kept once per group, so an issue costs
// O(ranks · bank groups) and earliest() is the later of the bank's and its group's time.
// Plain C++; the controller asks earliest() and calls issue().
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "dram/ddr4_spec.hpp"

namespace specsim::dram {

enum class Cmd { act, pre, rd, wr, ref };

struct BankAddr {
    std::uint32_t rank = 0, bankgroup = 0, bank = 0;
};

class BankTiming {
public:
    explicit BankTiming(const Ddr4Spec& spec);

    /// Earliest cycle `cmd` may issue to `a` given the commands issued so far, or
    /// kNever when the bank state forbids it (RD/WR to a closed bank, ACT to an open one,
    /// REF with a bank of the rank open).
    std::uint64_t earliest(Cmd cmd, const BankAddr& a) const
    {
        if (cmd == Cmd::ref) return earliest_ref(a.rank);
        return earliest_at(cmd, index(a), group(a), a.rank);
    }
    /// earliest() for a command other than REF, with the bank's index
    /// ((rank · bankgroups + bankgroup) · banks_per_group + bank) and its group's index
    /// (rank · bankgroups + bankgroup) already known — the controller's hot path.
    std::uint64_t earliest_at(Cmd cmd, std::size_t b, std::size_t g, std::uint32_t rank) const
    {
        const auto c = static_cast<std::size_t>(cmd);
        std::uint64_t t = std::max(m_next[b][c], m_gnext[g][c]);
        switch (cmd) {
        case Cmd::act:
            if (m_open_row[b] >= 0) return kNever;
            if (m_faw[rank].count == 4) t = std::max(t, m_faw[rank].oldest() + m_t.tFAW);  // ≤ 4 ACTs per tFAW
            return t;
        case Cmd::rd:
        case Cmd::wr: return m_open_row[b] >= 0 ? t : kNever;
        default: return t;  // PRE (to a closed bank it is a no-op the controller avoids)
        }
    }
    /// Issues `cmd` at `cycle` (throws specsim::Error when earlier than earliest(); the
    /// row is used by ACT).
    void issue(Cmd cmd, const BankAddr& a, std::uint64_t cycle, std::uint32_t row = 0);

    bool is_open(const BankAddr& a) const { return m_open_row[index(a)] >= 0; }
    std::int64_t open_row(const BankAddr& a) const { return m_open_row[index(a)]; }
    /// open_row() by bank index (see earliest_at()).
    std::int64_t open_row_at(std::size_t b) const { return m_open_row[b]; }
    const Ddr4Constraints& constraints() const { return m_c; }

    static constexpr std::uint64_t kNever = ~std::uint64_t{0};

private:
    std::uint64_t earliest_ref(std::uint32_t rank) const;
    std::size_t group(const BankAddr& a) const { return static_cast<std::size_t>(a.rank) * m_org.bankgroups + a.bankgroup; }
    std::size_t index(const BankAddr& a) const { return group(a) * m_org.banks_per_group + a.bank; }

    Ddr4Organization m_org;
    Ddr4Timing m_t;
    Ddr4Constraints m_c;
    std::vector<std::int64_t> m_open_row;                 // [bank]: −1 = closed
    std::vector<std::array<std::uint64_t, 5>> m_next;     // [bank][cmd]: earliest issue cycle, bank scope
    std::vector<std::array<std::uint64_t, 5>> m_gnext;    // [rank·bankgroups + bg][cmd]: group scope
    struct FawWindow {  // the last (up to) 4 ACT cycles of a rank, oldest at `head`
        std::array<std::uint64_t, 4> at{};
        std::uint32_t head = 0, count = 0;
        std::uint64_t oldest() const { return at[head]; }
        void push(std::uint64_t cycle)
        {
            if (count < 4) {
                at[(head + count++) % 4] = cycle;
            } else {
                at[head] = cycle;
                head = (head + 1) % 4;
            }
        }
    };
    std::vector<FawWindow> m_faw;                         // [rank]
};

}  // namespace specsim::dram
