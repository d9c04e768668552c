// SPDX-License-Identifier: MIT
// ddr.model ddr4: an AXI front end (one master port per kind of data) in front of the
// cycle-level DDR4 controllers of src/dram, on the DRAM clock (the State comment below).
#include "memory/ddr4_memory.hpp"

#include <algorithm>
#include <cmath>

#include "dram/controller.hpp"
#include "util/error.hpp"

namespace specsim::hw {

namespace {
constexpr std::uint64_t kAxiBoundary = 4096;                // AXI4: no burst crosses 4 KiB
constexpr std::uint64_t kMaxRegion = std::uint64_t{1} << 30;  // per kind of data, at most 1 GiB
constexpr std::uint32_t kPorts = 4;                         // one per DdrKind

/// Slots reused through a free list (deterministic: last freed, first reused).
template <class T>
struct Pool {
    std::vector<T> items;
    std::vector<std::uint32_t> free;
    std::uint32_t add(const T& t)
    {
        if (free.empty()) {
            items.push_back(t);
            return static_cast<std::uint32_t>(items.size() - 1);
        }
        const std::uint32_t i = free.back();
        free.pop_back();
        items[i] = t;
        return i;
    }
    void release(std::uint32_t i) { free.push_back(i); }
};

/// Per channel: the part of its ControllerStats already in the counters.
struct ChannelSeen {
    std::uint64_t column_cmds = 0, row_hits = 0, acts = 0, pres = 0, refs = 0;
    std::size_t read_latency = 0;
};

// Adds a controller's per-bank counts to `banks` from index `first` (its channel's first bank).
void add_banks_of(std::vector<DdrBankCounts>& banks, const dram::ControllerStats& s, std::size_t first)
{
    for (std::size_t k = 0; k < s.bank_reads.size(); ++k) {
        DdrBankCounts& b = banks.at(first + k);
        b.reads += s.bank_reads[k];
        b.writes += s.bank_writes[k];
        b.acts += s.bank_acts[k];
        b.row_hits += s.bank_row_hits[k];
    }
}
}  // namespace

// ddr.model: ddr4 — the AXI front end (docs/ddr4.md, "Front end"). The accelerator's
// transfers carry no addresses, so each kind of data streams through its own region (a
// quarter of the memory, at most 1 GiB)
// (input, kernel, index, output) from a cursor per kind: the sequential streams its four
// DMA engines make, one AXI master port each. A port splits its requests, in issue order,
// into AXI bursts (at most max_burst_beats · data_bytes bytes, never across 4 KiB) and
// issues at most one per DRAM cycle while fewer than max_outstanding of its bursts are in
// flight; each AXI burst becomes the DRAM bursts (64 B lines) it touches, which the port
// offers in order to the channel the address map decodes. Per DRAM cycle each channel
// accepts at most one DRAM burst, the ports served round-robin; a port whose head burst is
// refused waits for the next cycle. A read AXI burst completes when its last DRAM burst's
// data has returned, a write AXI burst when its last DRAM burst has been accepted (posted,
// the B response); a request is done when all its AXI bursts are complete.
struct Ddr4Memory::State {
    dram::Ddr4Spec spec;
    std::vector<dram::Controller> channels;
    std::unique_ptr<dram::AddressMap> map;
    sc_core::sc_time tck;
    sc_dt::uint64 base = 0;           // ps: DRAM cycle c runs at base + c·tCK (the layer's start)
    sc_core::sc_event idle_ev;        // notified when the process finds nothing left to do
    std::uint64_t line = 64;          // DRAM burst bytes
    std::uint64_t latency_cycles = 0; // axi.latency in DRAM cycles, rounded up
    std::uint64_t region = kMaxRegion; // bytes per kind of data: a quarter of the memory, ≤ 1 GiB
    sc_dt::uint64 line_ps = 0;        // ps a port's data channel is busy per 64 B line (0: no limit)
    config::AxiParams axi;
    std::uint64_t cursor[kPorts] = {0, 0, 0, 0};

    struct Request {
        DdrRequest* req = nullptr;
        sc_core::sc_time issued_at;
        std::uint64_t offset = 0;        // next byte to issue, within the kind's region
        std::uint64_t left = 0;          // bytes not yet issued as AXI bursts
        std::uint64_t bursts_open = 0;   // AXI bursts issued and not complete
    };
    struct Axi {
        std::uint32_t request = 0;
        std::uint32_t port = 0;
        std::uint32_t dram_left = 0;     // DRAM bursts not complete (read: data back; write: accepted)
        bool write = false;
        sc_core::sc_time issued_at;
    };
    struct DramBurst {
        std::uint32_t axi;
        std::uint32_t channel;
        std::uint64_t addr;
        std::uint64_t ready;             // DRAM cycle from which it may be offered (axi.latency)
    };
    struct Port {
        std::deque<std::uint32_t> splitting;  // requests with bytes left to issue, in issue order
        std::deque<DramBurst> bursts;         // DRAM bursts of issued AXI bursts not yet accepted
        std::uint32_t in_flight = 0;          // AXI bursts issued, not complete
        sc_dt::uint64 free_ps = 0;            // its data channel can take the next line from then (axi.clock)
    };
    Port ports[kPorts];
    Pool<Request> requests;
    Pool<Axi> axis;
    bool queue_full[kPorts] = {false, false, false, false};  // head refused by a full controller queue
    sc_core::sc_event work;

    // Statistics and the time-step rule: the DRAM cycle that ticks at time t is counted
    // only once simulated time has moved past t (Ddr4Memory::counters()). The controllers'
    // figures are taken into the counters at the start of each iteration, before its tick;
    // the AXI latencies of the last iteration wait in `axi_latency_at`.
    sc_core::sc_time last_tick_at;            // time of the last iteration's tick
    std::vector<std::uint64_t> axi_latency_at;  // AXI latencies (overlay cycles) of that iteration
    std::vector<ChannelSeen> seen;
};

namespace {
// Adds what a controller's statistics gained since `seen` (DRAM figures of DdrCounters).
void add_dram_since(DdrCounters& c, const dram::ControllerStats& s, const ChannelSeen& seen)
{
    c.dram_column_cmds += s.read_cmds + s.write_cmds - seen.column_cmds;
    c.dram_row_hits += s.row_hits - seen.row_hits;
    c.dram_acts += s.acts - seen.acts;
    c.dram_pres += s.pres - seen.pres;
    c.dram_refs += s.refs - seen.refs;
    for (std::size_t i = seen.read_latency; i < s.read_latency.size(); ++i) c.dram_read_latency.add(s.read_latency[i]);
}
}  // namespace

std::uint64_t Ddr4Memory::region_bytes(const dram::Ddr4Spec& spec)
{
    // Four regions must fit the memory without aliasing (address bits above the mapping's
    // fields are ignored): a quarter of its capacity each, at most 1 GiB.
    const auto& o = spec.org;
    const std::uint64_t capacity = std::uint64_t{o.channels} * o.ranks * o.banks() * o.rows *
                                   (o.columns / o.burst_length) * o.burst_bytes();
    return std::min(kMaxRegion, capacity / kPorts);
}

std::uint64_t Ddr4Memory::axi_burst_bytes(std::uint64_t addr, std::uint64_t remaining, std::uint64_t max_bytes)
{
    return std::min({remaining, max_bytes, kAxiBoundary - addr % kAxiBoundary});
}

Ddr4Memory::~Ddr4Memory() = default;

void Ddr4Memory::new_channels()
{
    // Fresh controllers: banks precharged, queues empty, refresh counters at their start.
    State& d = *m_state;
    for (std::size_t ch = 0; ch < d.channels.size(); ++ch)  // fold the old ones' per-bank counts
        add_banks_of(m_counters.banks, d.channels[ch].stats, ch * d.channels[ch].stats.bank_reads.size());
    d.channels.clear();
    for (std::uint32_t c = 0; c < d.spec.org.channels; ++c) d.channels.emplace_back(d.spec);
    d.seen.assign(d.channels.size(), {});
    for (auto& ch : d.channels)
        ch.on_read_done = [this](std::uint64_t id, std::uint64_t) {
            burst_done(static_cast<std::uint32_t>(id), sc_core::sc_time_stamp());
        };
}

void Ddr4Memory::begin_layer()
{
    // ddr4: every layer starts from the same DRAM state — fresh controllers whose cycle 0
    // is now, each kind of data at the base of its region — so a layer's figures do not
    // depend on what ran before it (a table column equals a separate run).
    State& d = *m_state;
    if (!idle()) throw Error("internal: DDR4 not idle at a layer start");
    take_stats();
    new_channels();
    for (auto& c : d.cursor) c = 0;
    d.base = sc_core::sc_time_stamp().value();
}

void Ddr4Memory::end_layer()
{
    // ddr4: wait until every read has returned and every posted write has left the write
    // buffers (the next layer reads these outputs), seen at the next overlay clock edge.
    while (!idle()) sc_core::wait(m_state->idle_ev);
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    const sc_core::sc_time edge = m_clk.period() * static_cast<double>(m_clk.ceil_cycles(now));
    if (edge > now) sc_core::wait(edge - now);
}

Ddr4Memory::Ddr4Memory(sc_core::sc_module_name name, const config::DdrParams& p, const OverlayClock& clk)
    : Memory(name, clk), m_state(std::make_unique<State>())
{
    State& d = *m_state;
    d.spec = dram::load_ddr4_preset(p.preset);
    if (d.spec.org.channels > 64) throw Error(p.preset + ": the AXI front end supports at most 64 channels");
    d.map = std::make_unique<dram::AddressMap>(d.spec.org, d.spec.address_mapping);
    d.tck = sc_core::sc_time(std::round(d.spec.timing.tCK_ns * 1000.0), sc_core::SC_PS);
    d.line = d.spec.org.burst_bytes();
    d.region = region_bytes(d.spec);
    if (p.axi.clock.hz > 0)  // one beat of data_bytes per port clock: a line takes line/data_bytes beats
        d.line_ps = static_cast<sc_dt::uint64>(std::llround(1e12 / p.axi.clock.hz * double(d.line) / p.axi.data_bytes));
    d.axi = p.axi;
    // Per-bank counters, channel-major, each bank with its place.
    for (std::uint32_t ch = 0; ch < d.spec.org.channels; ++ch)
        for (std::uint32_t r = 0; r < d.spec.org.ranks; ++r)
            for (std::uint32_t g = 0; g < d.spec.org.bankgroups; ++g)
                for (std::uint32_t k = 0; k < d.spec.org.banks_per_group; ++k) {
                    DdrBankCounts b;
                    b.channel = ch, b.rank = r, b.bankgroup = g, b.bank = k;
                    m_counters.banks.push_back(b);
                }
    d.latency_cycles = static_cast<std::uint64_t>(
        std::ceil(p.axi.latency.seconds / (d.spec.timing.tCK_ns * 1e-9) - 1e-9));
    new_channels();
    SC_THREAD(process);
}

DdrCounters Ddr4Memory::counters() const
{
    DdrCounters c = m_counters;
    // Unless the DDR4 process has ticked at this very time, add what happened since its
    // last tick was taken.
    if (m_state->last_tick_at < sc_core::sc_time_stamp()) {
        const State& d = *m_state;
        for (std::size_t ch = 0; ch < d.channels.size(); ++ch) add_dram_since(c, d.channels[ch].stats, d.seen[ch]);
        for (const auto v : d.axi_latency_at) c.axi_latency.add(v);
    }
    // Per bank: the controllers of earlier layers (folded into m_counters when they were
    // replaced) plus the current ones. Read at layer boundaries, where the DRAM is idle.
    for (std::size_t ch = 0; ch < m_state->channels.size(); ++ch)
        add_banks_of(c.banks, m_state->channels[ch].stats, ch * m_state->channels[ch].stats.bank_reads.size());
    return c;
}

void Ddr4Memory::issue(DdrRequest& req)
{
    const int k = static_cast<int>(req.kind);
    count_issue(req);
    if (req.bytes == 0) {
        req.done.notify(sc_core::SC_ZERO_TIME);
        return;
    }
    State& d = *m_state;
    State::Request r;
    r.req = &req;
    r.issued_at = sc_core::sc_time_stamp();
    r.offset = d.cursor[k];
    r.left = req.bytes;
    // The AXI bursts this request becomes (counted here, in the issuer's process, so the
    // count never depends on process order).
    const std::uint64_t max_bytes = d.axi.max_burst_bytes();
    for (std::uint64_t off = r.offset, left = r.left; left > 0;) {
        const std::uint64_t len = axi_burst_bytes(off, left, max_bytes);
        ++m_counters.axi_bursts;
        off = (off + len) % d.region;
        left -= len;
    }
    // The next request of this kind starts at the next DRAM burst (64 B line).
    d.cursor[k] = (d.cursor[k] + (req.bytes + d.line - 1) / d.line * d.line) % d.region;
    d.ports[k].splitting.push_back(d.requests.add(r));
    d.work.notify(sc_core::SC_ZERO_TIME);
}

void Ddr4Memory::catch_up(std::uint64_t target)
{
    // After an idle stretch: bring every channel to DRAM cycle `target` (refreshes due in
    // between happen at their cycles).
    for (auto& c : m_state->channels)
        while (c.cycle() < target) {
            c.advance_to(std::min(target, c.next_event_cycle()));  // over the cycles in which nothing happens
            if (c.cycle() < target) c.tick();
        }
}

bool Ddr4Memory::idle() const
{
    const State& d = *m_state;
    for (const auto& p : d.ports)
        if (!p.splitting.empty() || !p.bursts.empty()) return false;
    return std::all_of(d.channels.begin(), d.channels.end(), [](const dram::Controller& c) { return c.idle(); });
}

void Ddr4Memory::issue_axi()
{
    // Each port issues at most one AXI burst per DRAM cycle, while fewer than
    // max_outstanding of its bursts are in flight. A request is seen from the first DRAM
    // cycle strictly after its issue time (whether a tick at the very time of the issue
    // ran before or after the issuer depends on process order; this rule does not).
    State& d = *m_state;
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    const std::uint64_t max_bytes = d.axi.max_burst_bytes();
    for (std::uint32_t p = 0; p < kPorts; ++p) {
        State::Port& port = d.ports[p];
        if (port.in_flight >= d.axi.max_outstanding || port.splitting.empty()) continue;
        const std::uint32_t rid = port.splitting.front();
        State::Request& r = d.requests.items[rid];
        if (!(r.issued_at < now)) continue;
        const std::uint64_t len = axi_burst_bytes(r.offset, r.left, max_bytes);
        const std::uint64_t first = r.offset / d.line, last = (r.offset + len - 1) / d.line;
        State::Axi x;
        x.request = rid;
        x.port = p;
        x.dram_left = static_cast<std::uint32_t>(last - first + 1);
        x.write = r.req->write;
        x.issued_at = now;
        const std::uint32_t id = d.axis.add(x);
        const std::uint64_t base = std::uint64_t{p} * d.region;
        const std::uint64_t ready = d.channels.front().cycle() - 1 + d.latency_cycles;  // this iteration's cycle + latency
        for (std::uint64_t l = first; l <= last; ++l) {
            const std::uint64_t addr = base + l * d.line;
            port.bursts.push_back({id, d.map->decode(addr).channel, addr, ready});
        }
        r.offset = (r.offset + len) % d.region;
        r.left -= len;
        ++r.bursts_open;
        ++port.in_flight;
        if (r.left == 0) port.splitting.pop_front();
    }
}

void Ddr4Memory::offer()
{
    // Each channel accepts at most one DRAM burst per DRAM cycle. The ports take turns
    // (round-robin, a different port first every cycle), each offering its DRAM bursts in
    // order; a port whose head burst is refused (its channel has taken a burst this cycle
    // or its queue is full) waits for the next cycle, the others go on.
    State& d = *m_state;
    std::uint64_t taken = 0;  // bit c: channel c has accepted a burst this cycle
    // The port served first turns with the DRAM cycle (the channels have ticked it), so
    // skipped idle cycles do not change the order.
    const std::uint64_t cycle = d.channels.front().cycle() - 1;  // this iteration's DRAM cycle
    const auto first = static_cast<std::uint32_t>(cycle % kPorts);
    bool blocked[kPorts] = {false, false, false, false};
    for (bool progress = true; progress;) {
        progress = false;
        for (std::uint32_t i = 0; i < kPorts; ++i) {
            const std::uint32_t p = (first + i) % kPorts;
            State::Port& port = d.ports[p];
            if (blocked[p] || port.bursts.empty()) continue;
            const State::DramBurst b = port.bursts.front();
            const bool write = d.axis.items[b.axi].write;
            const std::uint64_t bit = std::uint64_t{1} << b.channel;
            const sc_dt::uint64 now_ps = d.base + cycle * d.tck.value();
            if (b.ready > cycle || port.free_ps > now_ps || (taken & bit)) {
                blocked[p] = true;
                d.queue_full[p] = false;  // may go next cycle
                continue;
            }
            if (!d.channels[b.channel].try_accept(b.addr, write, b.axi)) {
                blocked[p] = true;
                d.queue_full[p] = true;  // retried once the channel has done something
                continue;
            }
            d.queue_full[p] = false;
            // The next line may follow line_ps after this one's slot; a slot waits for a DRAM
            // edge, so up to one DRAM cycle of that wait is credited back (exact long-run rate).
            if (d.line_ps) port.free_ps = std::max(port.free_ps, now_ps - std::min(now_ps, d.tck.value())) + d.line_ps;
            taken |= bit;
            port.bursts.pop_front();
            progress = true;
            if (write) burst_done(b.axi, sc_core::sc_time_stamp() + d.tck);
        }
    }
}

void Ddr4Memory::burst_done(std::uint32_t axi_id, const sc_core::sc_time& complete)
{
    State& d = *m_state;
    State::Axi& x = d.axis.items[axi_id];
    if (--x.dram_left > 0) return;
    // The AXI burst is complete: its latency in overlay cycles, rounded up.
    const sc_dt::uint64 period = m_clk.period().value();
    d.axi_latency_at.push_back((complete - x.issued_at).value() / period +
                                   ((complete - x.issued_at).value() % period ? 1 : 0));
    --d.ports[x.port].in_flight;
    const std::uint32_t rid = x.request;
    d.axis.release(axi_id);
    State::Request& r = d.requests.items[rid];
    if (--r.bursts_open > 0 || r.left > 0) return;
    // The request is done: seen at the overlay clock edge at or after `complete`, and at
    // least one overlay cycle after now.
    const std::uint64_t now = m_clk.now_cycles();
    const std::uint64_t done = std::max<std::uint64_t>(now + 1, m_clk.ceil_cycles(complete));
    account_busy(r.req->issued_cycle, done);
    r.req->done.notify(m_clk.period() * static_cast<double>(done) - sc_core::sc_time_stamp());
    d.requests.release(rid);
}

void Ddr4Memory::take_stats()
{
    // Everything the controllers and the front end have counted so far, into the counters.
    State& d = *m_state;
    for (std::size_t c = 0; c < d.channels.size(); ++c) {
        const dram::ControllerStats& s = d.channels[c].stats;
        add_dram_since(m_counters, s, d.seen[c]);
        d.seen[c] = {s.read_cmds + s.write_cmds, s.row_hits, s.acts, s.pres, s.refs, s.read_latency.size()};
    }
    for (const auto v : d.axi_latency_at) m_counters.axi_latency.add(v);
    d.axi_latency_at.clear();
}

void Ddr4Memory::process()
{
    // DRAM cycle c of the current controllers runs at base + c·tCK.
    State& d = *m_state;
    const sc_dt::uint64 tck = d.tck.value();
    const bool ps_resolution = sc_core::sc_get_time_resolution() == sc_core::sc_time(1, sc_core::SC_PS);
    const auto first_edge_from_now = [&] {  // the first DRAM cycle at or after now
        const sc_dt::uint64 now = sc_core::sc_time_stamp().value();
        return now <= d.base ? std::uint64_t{0} : static_cast<std::uint64_t>((now - d.base + tck - 1) / tck);
    };
    const auto wait_until_cycle = [&](std::uint64_t c, const sc_core::sc_event* or_ev) {
        // from_value when the time resolution is 1 ps (the default): the same time as
        // sc_time(double, SC_PS) without the floating-point conversion, once per DRAM cycle.
        const sc_core::sc_time at = ps_resolution ? sc_core::sc_time::from_value(d.base + c * tck)
                                                  : sc_core::sc_time(static_cast<double>(d.base + c * tck), sc_core::SC_PS);
        const sc_core::sc_time now = sc_core::sc_time_stamp();
        if (at > now) {
            if (or_ev) sc_core::wait(at - now, *or_ev);
            else sc_core::wait(at - now);
        }
    };
    for (;;) {
        if (idle()) {
            d.idle_ev.notify(sc_core::SC_ZERO_TIME);
            sc_core::wait(d.work);
        }
        // After an idle stretch (or fresh controllers): catch up to the first DRAM clock
        // edge at or after now (everything before now, taken into the statistics at once),
        // then wait for that edge.
        if (const std::uint64_t e = first_edge_from_now(); d.channels.front().cycle() < e) {
            take_stats();
            catch_up(e);
            take_stats();
        }
        wait_until_cycle(d.channels.front().cycle(), nullptr);
        // DRAM cycle cycle(): completions, then new AXI bursts, then offers.
        take_stats();
        d.last_tick_at = sc_core::sc_time_stamp();
        for (auto& c : d.channels) c.tick();
        issue_axi();
        offer();
        // Writes below the drain watermark would wait for more traffic and keep this
        // process ticking through long compute phases: with nothing else to send, write
        // them out (the simulated DMA has flushed).
        bool nothing_to_send = true;
        for (const auto& p : d.ports) nothing_to_send = nothing_to_send && p.splitting.empty() && p.bursts.empty();
        if (nothing_to_send)
            for (auto& c : d.channels)
                if (c.only_buffered_writes()) c.drain_writes();
        // Cycles in which no channel can do anything and no port can issue or offer are
        // skipped (exact: the channels' state does not change in them): wait for the
        // channels' next event, or for a new request, whichever comes first.
        const std::uint64_t next = d.channels.front().cycle();
        std::uint64_t event = next;  // cycle timing: no skip
        if (m_clk.mode() == TimingMode::fast) {
            event = ports_next_cycle(next);
            for (const auto& c : d.channels) event = std::min(event, c.next_event_cycle());
        }
        if (event <= next || idle()) {
            sc_core::wait(d.tck);  // this iteration ran at cycle next − 1's time: now cycle next
            continue;
        }
        if (event != ~std::uint64_t{0})
            wait_until_cycle(event, &d.work);
        else
            sc_core::wait(d.work);
        // At the first DRAM clock edge at or after now (a new request may have come
        // between edges), in step.
        const std::uint64_t edge = first_edge_from_now();
        for (auto& c : d.channels)
            if (!c.advance_to(edge)) throw Error("internal: DDR4 channel skipped past its next event");
        wait_until_cycle(edge, nullptr);
    }
}

std::uint64_t Ddr4Memory::ports_next_cycle(std::uint64_t next) const
{
    // The first DRAM cycle ≥ next at which a port may issue an AXI burst or offer a DRAM
    // burst: one refused by a full controller queue waits for that channel's next event
    // (not counted here), one still on its way (axi.latency) for its ready cycle.
    const State& d = *m_state;
    std::uint64_t at = ~std::uint64_t{0};
    for (std::uint32_t p = 0; p < kPorts; ++p) {
        const State::Port& port = d.ports[p];
        if (!port.splitting.empty() && port.in_flight < d.axi.max_outstanding) return next;
        if (port.bursts.empty() || d.queue_full[p]) continue;
        const sc_dt::uint64 tck = d.tck.value();
        const std::uint64_t free_cycle =
            port.free_ps <= d.base ? 0 : static_cast<std::uint64_t>((port.free_ps - d.base + tck - 1) / tck);
        at = std::min(at, std::max({next, port.bursts.front().ready, free_cycle}));
    }
    return at;
}

}  // namespace specsim::hw
