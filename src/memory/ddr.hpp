// SPDX-License-Identifier: MIT
// DDR memory behind a transaction interface: requests of N bytes go in, a completion event
// fires when the last byte has moved. Inside is either the `simple` model — per channel a
// data bus with a peak rate and an unloaded latency, bursts of fixed size, requests split
// burst by burst over the channels — or (ddr.model: ddr4) an AXI front end, one master
// port per kind of data, in front of the cycle-level DDR4 controllers of src/dram
// (docs/ddr4.md, "Front end").
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include <systemc>

#include "config/arch_params.hpp"
#include "hw/clocking.hpp"
#include "dram/ddr4_spec.hpp"
#include "stats/layer_stats.hpp"

namespace specsim::hw {

using stats::add_banks;
using stats::DdrBankCounts;
using stats::Histogram;

enum class DdrKind { input, kernel, index, output };

/// One transaction. The issuer owns it and waits on `done`.
struct DdrRequest {
    std::uint64_t bytes = 0;
    bool write = false;
    DdrKind kind = DdrKind::input;
    sc_core::sc_event done;
    std::uint64_t issued_cycle = 0;  ///< overlay cycle of issue (set by DdrSystem)
};

/// Counters since the start of the simulation; the owner takes per-layer differences.
struct DdrCounters {
    std::uint64_t bytes[4] = {0, 0, 0, 0};  ///< by DdrKind
    std::uint64_t busy_cycles = 0;          ///< overlay cycles with a transfer in flight
    // ddr.model ddr4 only (zero / empty with the simple model), summed over the channels:
    std::uint64_t axi_bursts = 0;           ///< AXI bursts the requests were split into
    Histogram axi_latency;                  ///< AXI bursts by latency, overlay cycles (issue → complete)
    Histogram dram_read_latency;            ///< DRAM read bursts by latency, DRAM cycles (the
                                            ///< controllers' ControllerStats::read_latency samples)
    std::uint64_t dram_column_cmds = 0;     ///< ControllerStats read_cmds + write_cmds
    std::uint64_t dram_row_hits = 0, dram_acts = 0, dram_pres = 0, dram_refs = 0;  ///< ControllerStats
    std::vector<DdrBankCounts> banks;       ///< per bank, channel-major (ControllerStats bank_*); exact at layer boundaries
};

class DdrSystem : public sc_core::sc_module {
public:
    SC_HAS_PROCESS(DdrSystem);
    DdrSystem(sc_core::sc_module_name name, const config::DdrParams& p, const OverlayClock& clk);

    /// Starts a transaction now; `req.done` fires at the overlay clock edge at or after
    /// its last burst completes (and at least one overlay cycle after the issue). Simple
    /// model: requests are served in issue order per channel; ddr4: in issue order per
    /// kind (AXI port), the ports in parallel.
    void issue(DdrRequest& req);

    /// The counters as of now. The DRAM figures of a DRAM cycle that ticks exactly now are
    /// not included yet (whether that tick has run depends on process order within a
    /// time step; leaving it out keeps both timing modes identical).
    DdrCounters counters() const;

    /// Layer boundaries, called by the streaming controller in its SC_THREAD. ddr4:
    /// begin_layer() starts the layer from a fixed DRAM state (fresh controllers whose
    /// cycle 0 is now, every kind of data at the base of its region); end_layer() waits
    /// until the DRAM is idle — reads returned, posted writes written — and the next
    /// overlay edge. Simple model: no-ops.
    void begin_layer();
    void end_layer();

    /// AXI4 split: the length of the burst that starts at byte `addr` with `remaining`
    /// bytes to go — at most `max_bytes`, never crossing a 4 KiB boundary.
    static std::uint64_t axi_burst_bytes(std::uint64_t addr, std::uint64_t remaining, std::uint64_t max_bytes);
    /// ddr4: bytes of the region each kind of data streams through (region k starts at
    /// k · this): a quarter of the memory's capacity, at most 1 GiB — no two alias.
    static std::uint64_t region_bytes(const dram::Ddr4Spec& spec);

    /// Completion time (in overlay cycles) the model gives a request of `bytes` issued at
    /// `now_cycles` with the given per-channel bus state — the closed form the SystemC
    /// process uses, exposed for tests.
    struct ChannelState {
        double bus_free_s = 0;  ///< when the channel's data bus is next free (seconds)
    };

    ~DdrSystem() override;

private:
    void account_busy(std::uint64_t from_cycle, std::uint64_t to_cycle);
    void issue_ddr4(DdrRequest& req);
    void ddr4_process();
    void ddr4_catch_up(std::uint64_t target);
    void ddr4_new_channels();
    bool ddr4_idle() const;
    std::uint64_t ddr4_ports_next_cycle(std::uint64_t next) const;
    void ddr4_issue_axi();
    void ddr4_offer();
    void ddr4_burst_done(std::uint32_t axi_id, const sc_core::sc_time& complete);
    void ddr4_take_stats();
    struct Ddr4;                       // the AXI ports and DDR4 channels (ddr.model: ddr4)
    std::unique_ptr<Ddr4> m_ddr4;

    DdrCounters m_counters;

    config::DdrParams m_p;
    const OverlayClock& m_clk;
    std::vector<ChannelState> m_channels;
    std::size_t m_next_channel = 0;   // round-robin start of the next request's first burst
    double m_burst_bytes;
    double m_burst_s;                 // one burst on one channel's bus (seconds)
    double m_latency_s;               // rounded up to whole DDR clock cycles
    std::uint64_t m_busy_until = 0;   // overlay cycle up to which busy time is counted
};

/// Issues one transaction of `bytes` and waits in the calling SC_THREAD until it is done.
void transfer(DdrSystem& ddr, std::uint64_t bytes, DdrKind kind, bool write);

}  // namespace specsim::hw
