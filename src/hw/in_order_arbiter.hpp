// SPDX-License-Identifier: MIT
// The naive sparse-kernel reader as hardware would arbitrate it, one cycle at a time: each
// kernel lane walks its non-zeros in order; when the lanes' head bins need more than r
// replicas in a cycle, the r most requested bins win (ties: lower bin) and the rest stall.
// Written independently of analytic::simulate_in_order, which fast mode uses, so the two
// timing modes cross-check each other.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace specsim::hw {

class InOrderArbiter {
public:
    InOrderArbiter(const std::vector<const std::vector<int>*>& lane_bins, int replicas);
    bool done() const { return m_remaining == 0; }
    /// Evaluates one clock cycle; `consume(lane, entry, bin)` is called for each non-zero
    /// read this cycle. Returns true when the cycle had a read conflict.
    bool step(const std::function<void(int, int, int)>& consume);

private:
    std::vector<const std::vector<int>*> m_bins;
    std::vector<int> m_head;  // next entry per lane
    std::vector<int> m_demand;  // per bin, scratch
    int m_replicas;
    std::uint64_t m_remaining = 0;
};

}  // namespace specsim::hw
