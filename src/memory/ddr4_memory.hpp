// SPDX-License-Identifier: MIT
// ddr.model ddr4: an AXI front end, one master port per kind of data, in front of the
// cycle-level DDR4 controllers of src/dram, run by a SystemC process on the DRAM clock
// (docs/ddr4.md, "Front end").
#pragma once

#include <cstdint>
#include <memory>

#include "dram/ddr4_spec.hpp"
#include "memory/memory.hpp"

namespace specsim::hw {

class Ddr4Memory : public Memory {
public:
    SC_HAS_PROCESS(Ddr4Memory);
    /// Loads `p.preset`; the simple model's keys are ignored. Throws specsim::Error for a
    /// preset with more than 64 channels.
    Ddr4Memory(sc_core::sc_module_name name, const config::DdrParams& p, const OverlayClock& clk);
    ~Ddr4Memory() override;

    /// Served in issue order per kind (AXI port), the ports in parallel.
    void issue(DdrRequest& req) override;

    /// Bytes, busy cycles and every AXI / DRAM figure. The DRAM figures of a DRAM cycle
    /// that ticks exactly now are not included yet (whether that tick has run depends on
    /// process order within a time step; leaving it out keeps both timing modes identical).
    DdrCounters counters() const override;

    /// begin_layer() starts the layer from a fixed DRAM state (fresh controllers whose
    /// cycle 0 is now, every kind of data at the base of its region); end_layer() waits
    /// until the DRAM is idle — reads returned, posted writes written — and the next
    /// overlay edge.
    void begin_layer() override;
    void end_layer() override;

    /// AXI4 split: the length of the burst that starts at byte `addr` with `remaining`
    /// bytes to go — at most `max_bytes`, never crossing a 4 KiB boundary.
    static std::uint64_t axi_burst_bytes(std::uint64_t addr, std::uint64_t remaining, std::uint64_t max_bytes);
    /// Bytes of the region each kind of data streams through (region k starts at
    /// k · this): a quarter of the memory's capacity, at most 1 GiB — no two alias.
    static std::uint64_t region_bytes(const dram::Ddr4Spec& spec);

private:
    void process();
    void catch_up(std::uint64_t target);
    void new_channels();
    bool idle() const;
    std::uint64_t ports_next_cycle(std::uint64_t next) const;
    void issue_axi();
    void offer();
    void burst_done(std::uint32_t axi_id, const sc_core::sc_time& complete);
    void take_stats();
    struct State;  // the AXI ports and DDR4 channels (ddr4_memory.cpp)
    std::unique_ptr<State> m_state;
};

}  // namespace specsim::hw
