// SPDX-License-Identifier: MIT
// The sparse-kernel reader without an offline schedule, as on-chip arbitration would do it,
// one cycle at a time. Every lane offers the first `window` of its non-zeros not yet
// consumed (window 1 = the naive in-order reader); the r bins offered by the most lanes win
// (ties: lower bin); every lane with a winning bin in its window consumes the earliest such
// non-zero, the others stall — a read conflict when an active lane stalls.
// Written independently of analytic::simulate_in_order / simulate_online, which fast mode
// uses, so the two timing modes cross-check each other.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace specsim::hw {

class ReadArbiter {
public:
    ReadArbiter(const std::vector<const std::vector<int>*>& lane_bins, int replicas, int window);
    bool done() const { return m_remaining == 0; }
    /// Evaluates one clock cycle; `consume(lane, entry, bin)` is called for each non-zero
    /// read this cycle. Returns true when the cycle had a read conflict.
    bool step(const std::function<void(int, int, int)>& consume);

private:
    std::vector<const std::vector<int>*> m_bins;
    std::vector<std::vector<char>> m_done;  // [lane][entry]: consumed
    std::vector<int> m_first;               // [lane]: first entry not consumed
    std::vector<int> m_offers;              // [bin]: lanes offering it this cycle (scratch)
    std::vector<char> m_granted;            // [bin]: read this cycle (scratch)
    int m_replicas, m_window;
    std::uint64_t m_remaining = 0;
};

}  // namespace specsim::hw
