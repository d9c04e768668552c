// SPDX-License-Identifier: MIT
// The simple model: arithmetic on per-channel bus-free times, one notification per
// request. Times are computed in seconds from the DDR clock and rounded up to the overlay
// clock edge at which the accelerator sees the response.
#include "memory/simple_memory.hpp"

#include <algorithm>
#include <cmath>

namespace specsim::hw {

SimpleMemory::SimpleMemory(sc_core::sc_module_name name, const config::DdrParams& p, const OverlayClock& clk)
    : Memory(name, clk),
      m_groups(p.ports == config::DdrPorts::per_kind ? kDdrKinds : 1, Group{std::vector<double>(p.channels, 0.0), 0})
{
    m_burst_bytes = p.burst.bytes();
    // A burst occupies the bus for burst/bandwidth, rounded up to whole DDR clock cycles.
    const double ddr_period = 1.0 / p.clock.hz;
    m_burst_s = std::ceil(m_burst_bytes / p.bandwidth_per_channel.bytes_per_s / ddr_period - 1e-9) * ddr_period;
    m_latency_s = std::ceil(p.latency.seconds / ddr_period - 1e-9) * ddr_period;
}

void SimpleMemory::issue(DdrRequest& req)
{
    count_issue(req);
    const double now_s = sc_core::sc_time_stamp().to_seconds();
    const std::uint64_t now_cycles = m_clk.now_cycles();
    if (req.bytes == 0) {
        req.done.notify(sc_core::SC_ZERO_TIME);
        return;
    }
    // Bursts go round-robin over the group's channels; each channel moves its share back
    // to back once its bus is free and the request's latency has passed.
    Group& g = m_groups[m_groups.size() == 1 ? 0 : static_cast<std::size_t>(req.kind)];
    const auto bursts = static_cast<std::uint64_t>(std::ceil(static_cast<double>(req.bytes) / m_burst_bytes));
    const std::size_t C = g.bus_free_s.size();
    double finish_s = now_s;
    for (std::size_t i = 0; i < C && i < bursts; ++i) {
        const std::size_t ch = (g.next_channel + i) % C;
        const std::uint64_t share = bursts / C + (i < bursts % C ? 1 : 0);
        double& free_s = g.bus_free_s[ch];
        const double start = std::max(free_s, now_s + m_latency_s);
        free_s = start + static_cast<double>(share) * m_burst_s;
        finish_s = std::max(finish_s, free_s);
    }
    g.next_channel = (g.next_channel + bursts) % C;
    const std::uint64_t done_cycles = std::max<std::uint64_t>(
        now_cycles + 1, m_clk.ceil_cycles(sc_core::sc_time(finish_s, sc_core::SC_SEC)));
    account_busy(now_cycles, done_cycles);
    req.done.notify(m_clk.period() * static_cast<double>(done_cycles - now_cycles));
}

}  // namespace specsim::hw
