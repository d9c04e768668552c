// SPDX-License-Identifier: MIT
// The overlay clock and the two timing modes. `cycle` wakes a process on every clock edge
// it spends (n edges = n activations); `fast` waits n periods in one step. Everything a
// unit computes is independent of how it waited, so both modes give identical statistics.
#pragma once

#include <cstdint>
#include <systemc>

#include "hw/timing_mode.hpp"

namespace specsim::hw {

class OverlayClock {
public:
    OverlayClock(double hz, TimingMode mode);
    TimingMode mode() const { return m_mode; }
    const sc_core::sc_time& period() const { return m_period; }
    /// Current time in whole overlay cycles since simulation start.
    std::uint64_t now_cycles() const;
    /// Advances the calling SC_THREAD by n cycles (n = 0: no wait).
    void wait_cycles(std::uint64_t n) const;
    /// Rounds an absolute time up to the next clock edge and returns it in cycles.
    std::uint64_t ceil_cycles(const sc_core::sc_time& t) const;

private:
    TimingMode m_mode;
    sc_core::sc_time m_period;
    sc_core::sc_clock* m_clock = nullptr;  // only in cycle mode
};

}  // namespace specsim::hw
