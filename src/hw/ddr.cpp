// SPDX-License-Identifier: MIT
// The simple DDR model: arithmetic on per-channel bus-free times, one notification per
// request. Times are computed in seconds from the DDR clock and rounded up to the overlay
// clock edge at which the accelerator sees the response.
#include "hw/ddr.hpp"

#include <algorithm>
#include <cmath>

namespace specsim::hw {

DdrSystem::DdrSystem(sc_core::sc_module_name name, const config::DdrParams& p, const OverlayClock& clk)
    : sc_module(name), m_p(p), m_clk(clk), m_channels(p.channels)
{
    m_burst_bytes = p.burst.bytes();
    // A burst occupies the bus for burst/bandwidth, rounded up to whole DDR clock cycles.
    const double ddr_period = 1.0 / p.clock.hz;
    m_burst_s = std::ceil(m_burst_bytes / p.bandwidth_per_channel.bytes_per_s / ddr_period - 1e-9) * ddr_period;
    m_latency_s = std::ceil(p.latency.seconds / ddr_period - 1e-9) * ddr_period;
}

void DdrSystem::account_busy(std::uint64_t from_cycle, std::uint64_t to_cycle)
{
    // Busy time is the union of in-flight intervals: count only what extends past what
    // was already counted.
    const std::uint64_t start = std::max(from_cycle, m_busy_until);
    if (to_cycle > start) counters.busy_cycles += to_cycle - start;
    m_busy_until = std::max(m_busy_until, to_cycle);
}

void DdrSystem::issue(DdrRequest& req)
{
    counters.bytes[static_cast<int>(req.kind)] += req.bytes;
    const double now_s = sc_core::sc_time_stamp().to_seconds();
    const std::uint64_t now_cycles = m_clk.now_cycles();
    if (req.bytes == 0) {
        req.done.notify(sc_core::SC_ZERO_TIME);
        return;
    }
    // Bursts go round-robin over the channels; each channel moves its share back to back
    // once its bus is free and the request's latency has passed.
    const auto bursts = static_cast<std::uint64_t>(std::ceil(static_cast<double>(req.bytes) / m_burst_bytes));
    const std::size_t C = m_channels.size();
    double finish_s = now_s;
    for (std::size_t i = 0; i < C && i < bursts; ++i) {
        const std::size_t ch = (m_next_channel + i) % C;
        const std::uint64_t share = bursts / C + (i < bursts % C ? 1 : 0);
        ChannelState& s = m_channels[ch];
        const double start = std::max(s.bus_free_s, now_s + m_latency_s);
        s.bus_free_s = start + static_cast<double>(share) * m_burst_s;
        finish_s = std::max(finish_s, s.bus_free_s);
    }
    m_next_channel = (m_next_channel + bursts) % C;
    const std::uint64_t done_cycles = std::max<std::uint64_t>(
        now_cycles + 1, m_clk.ceil_cycles(sc_core::sc_time(finish_s, sc_core::SC_SEC)));
    account_busy(now_cycles, done_cycles);
    req.done.notify(m_clk.period() * static_cast<double>(done_cycles - now_cycles));
}

void transfer(DdrSystem& ddr, std::uint64_t bytes, DdrKind kind, bool write)
{
    DdrRequest req;
    req.bytes = bytes;
    req.kind = kind;
    req.write = write;
    ddr.issue(req);
    sc_core::wait(req.done);
}

}  // namespace specsim::hw
