// SPDX-License-Identifier: MIT
// The simple DDR model: arithmetic on per-channel bus-free times, one notification per
// request. Times are computed in seconds from the DDR clock and rounded up to the overlay
// clock edge at which the accelerator sees the response.
#include "hw/ddr.hpp"

#include <algorithm>
#include <cmath>

#include "dram/controller.hpp"

namespace specsim::hw {

// ddr.model: ddr4. The accelerator's transfers carry no addresses, so each kind of data
// streams through its own 1 GiB region (input, kernel, index, output), bursts at
// consecutive addresses from a cursor per kind: the sequential streams a DMA engine makes.
// One burst is offered per DRAM cycle in issue order (a full channel queue blocks the rest,
// as in the reference's driver); a request is done when its last read burst has returned
// its data, or its last write burst has been accepted (writes are posted).
struct DdrSystem::Ddr4 {
    dram::Ddr4Spec spec;
    std::vector<dram::Controller> channels;
    std::unique_ptr<dram::AddressMap> map;
    sc_core::sc_time tck;
    std::uint64_t cursor[4] = {0, 0, 0, 0};
    struct Burst {
        DdrRequest* req;
        std::uint64_t addr;
    };
    std::deque<Burst> pending;
    std::vector<std::pair<DdrRequest*, std::uint64_t>> outstanding;  // request, bursts left
    std::vector<DdrRequest*> reads_by_id;
    sc_core::sc_event work;
};

DdrSystem::~DdrSystem() = default;

DdrSystem::DdrSystem(sc_core::sc_module_name name, const config::DdrParams& p, const OverlayClock& clk)
    : sc_module(name), m_p(p), m_clk(clk), m_channels(p.channels)
{
    if (p.model == "ddr4") {
        m_ddr4 = std::make_unique<Ddr4>();
        m_ddr4->spec = dram::load_ddr4_preset(p.preset);
        for (std::uint32_t c = 0; c < m_ddr4->spec.org.channels; ++c) m_ddr4->channels.emplace_back(m_ddr4->spec);
        m_ddr4->map = std::make_unique<dram::AddressMap>(m_ddr4->spec.org, m_ddr4->spec.address_mapping);
        m_ddr4->tck = sc_core::sc_time(std::round(m_ddr4->spec.timing.tCK_ns * 1000.0), sc_core::SC_PS);
        for (auto& ch : m_ddr4->channels)
            ch.on_read_done = [this](std::uint64_t id, std::uint64_t) {
                DdrRequest* r = m_ddr4->reads_by_id[id];
                for (auto& o : m_ddr4->outstanding)
                    if (o.first == r && --o.second == 0) {
                        const std::uint64_t now = m_clk.now_cycles();
                        const std::uint64_t done = std::max<std::uint64_t>(now + 1, m_clk.ceil_cycles(sc_core::sc_time_stamp()));
                        account_busy(r->issued_cycle, done);
                        r->done.notify(m_clk.period() * static_cast<double>(done) - sc_core::sc_time_stamp());
                    }
            };
        SC_THREAD(ddr4_process);
        return;
    }
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
    if (m_ddr4) {
        issue_ddr4(req);
        return;
    }
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

void DdrSystem::issue_ddr4(DdrRequest& req)
{
    counters.bytes[static_cast<int>(req.kind)] += req.bytes;
    req.issued_cycle = m_clk.now_cycles();
    if (req.bytes == 0) {
        req.done.notify(sc_core::SC_ZERO_TIME);
        return;
    }
    Ddr4& d = *m_ddr4;
    const std::uint64_t burst = d.spec.org.burst_bytes();
    const std::uint64_t n = (req.bytes + burst - 1) / burst;
    const int k = static_cast<int>(req.kind);
    const std::uint64_t region = std::uint64_t{1} << 30;
    for (std::uint64_t i = 0; i < n; ++i) {
        d.pending.push_back({&req, static_cast<std::uint64_t>(k) * region + d.cursor[k]});
        d.cursor[k] = (d.cursor[k] + burst) % region;
    }
    d.outstanding.emplace_back(&req, n);
    d.work.notify(sc_core::SC_ZERO_TIME);
}

void DdrSystem::ddr4_catch_up()
{
    // After an idle stretch: bring every channel to the current DRAM cycle (refreshes due
    // in between happen at their cycles).
    Ddr4& d = *m_ddr4;
    const auto target = static_cast<std::uint64_t>(sc_core::sc_time_stamp().value() / d.tck.value());
    for (auto& c : d.channels)
        while (c.cycle() < target)
            if (!c.skip_idle_until(target) || c.cycle() < target) c.tick();
}

void DdrSystem::ddr4_process()
{
    Ddr4& d = *m_ddr4;
    for (;;) {
        const bool idle = d.pending.empty() &&
                          std::all_of(d.channels.begin(), d.channels.end(), [](const dram::Controller& c) { return c.idle(); });
        if (idle) {
            sc_core::wait(d.work);
            ddr4_catch_up();
            // Align to the next DRAM clock edge.
            const sc_core::sc_time t = sc_core::sc_time_stamp();
            const auto into = t.value() % d.tck.value();
            if (into) sc_core::wait(d.tck - sc_core::sc_time(static_cast<double>(into), sc_core::SC_PS));
            ddr4_catch_up();
        }
        for (auto& c : d.channels) {
            c.tick();
            // Writes below the drain watermark would wait for more traffic and keep this
            // process ticking through long compute phases: with nothing else to send,
            // write them out (the simulated DMA has flushed).
            if (d.pending.empty() && c.only_buffered_writes()) c.drain_writes();
        }
        if (!d.pending.empty()) {
            const Ddr4::Burst b = d.pending.front();
            dram::Controller& ch = d.channels[d.map->decode(b.addr).channel];
            const std::uint64_t id = d.reads_by_id.size();
            if (ch.try_accept(b.addr, b.req->write, id)) {
                d.pending.pop_front();
                if (!b.req->write) {
                    d.reads_by_id.push_back(b.req);
                } else {
                    for (auto& o : d.outstanding)
                        if (o.first == b.req && --o.second == 0) {
                            const std::uint64_t now = m_clk.now_cycles();
                            const std::uint64_t done = std::max<std::uint64_t>(now + 1, m_clk.ceil_cycles(sc_core::sc_time_stamp() + d.tck));
                            account_busy(b.req->issued_cycle, done);
                            b.req->done.notify(m_clk.period() * static_cast<double>(done) - sc_core::sc_time_stamp());
                        }
                }
            }
        }
        d.outstanding.erase(std::remove_if(d.outstanding.begin(), d.outstanding.end(),
                                           [](const auto& o) { return o.second == 0; }),
                            d.outstanding.end());
        sc_core::wait(d.tck);
    }
}

}  // namespace specsim::hw
