// SPDX-License-Identifier: MIT
// Overlay clock: per-edge waits in cycle mode, single timed waits in fast mode.
#include "hw/clocking.hpp"

#include <cmath>

namespace specsim::hw {

OverlayClock::OverlayClock(double hz, TimingMode mode)
    : m_mode(mode), m_period(sc_core::sc_time(std::round(1e12 / hz), sc_core::SC_PS))
{
    // The period is kept in whole picoseconds so that n·period is exact; 200 MHz = 5000 ps.
    if (mode == TimingMode::cycle) m_clock = new sc_core::sc_clock("overlay_clk", m_period);
}

std::uint64_t OverlayClock::now_cycles() const
{
    return static_cast<std::uint64_t>(sc_core::sc_time_stamp().value() / m_period.value());
}

void OverlayClock::wait_cycles(std::uint64_t n) const
{
    if (n == 0) return;
    if (m_mode == TimingMode::fast) {
        sc_core::wait(m_period * static_cast<double>(n));
        return;
    }
    // One activation per edge; the loop condition (not a count) keeps a thread that runs
    // in the same delta as an edge from taking that edge as one of its n.
    const sc_core::sc_time target = sc_core::sc_time_stamp() + m_period * static_cast<double>(n);
    while (sc_core::sc_time_stamp() < target) sc_core::wait(m_clock->posedge_event());
}

std::uint64_t OverlayClock::ceil_cycles(const sc_core::sc_time& t) const
{
    const sc_dt::uint64 p = m_period.value();
    return static_cast<std::uint64_t>((t.value() + p - 1) / p);
}

}  // namespace specsim::hw
