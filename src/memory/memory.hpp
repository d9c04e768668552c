// SPDX-License-Identifier: MIT
// Off-chip memory behind one transaction interface: requests of N bytes go in, a
// completion event fires when the last byte has moved. The models (`ddr.model`) implement
// it in their own files — SimpleMemory (bandwidth + latency + bursts), Ddr4Memory (AXI
// front end + the DDR4 controllers of src/dram), IdealMemory (no latency, unlimited
// bandwidth) — and make_memory() picks one, once, at elaboration.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>

#include "config/arch_params.hpp"
#include "hw/clocking.hpp"
#include "memory/ddr_counters.hpp"

namespace specsim::hw {

/// One transaction. The issuer owns it and waits on `done`.
struct DdrRequest {
    std::uint64_t bytes = 0;
    bool write = false;
    DdrKind kind = DdrKind::input;
    sc_core::sc_event done;
    std::uint64_t issued_cycle = 0;  ///< overlay cycle of issue (set by Memory::issue)
};

/// An off-chip memory model: a SystemC module (it may own processes) seen by the overlay
/// only through this interface.
class Memory : public sc_core::sc_module {
public:
    ~Memory() override;

    /// Starts a transaction now; `req.done` fires at the overlay clock edge at or after
    /// its last byte has moved, and at least one overlay cycle after the issue (a request
    /// of 0 bytes: in the next delta cycle). Counts the bytes by kind at the issue.
    virtual void issue(DdrRequest& req) = 0;

    /// The counters as of now (see each model for what it fills in beyond bytes and busy
    /// cycles).
    virtual DdrCounters counters() const { return m_counters; }

    /// Layer boundaries, called by the overlay's controller in its SC_THREAD: begin_layer()
    /// before the layer's first transfer, end_layer() after its last one is done (it may
    /// wait, e.g. for posted writes). No-ops unless the model has state across transfers
    /// that a layer must start from or drain (ddr4).
    virtual void begin_layer() {}
    virtual void end_layer() {}

protected:
    Memory(sc_core::sc_module_name name, const OverlayClock& clk);

    /// Counts the request's bytes by kind and stamps its issue cycle (every model, at issue).
    void count_issue(DdrRequest& req);
    /// Adds the overlay cycles [from, to) not yet counted to busy_cycles (busy time is the
    /// union of the requests' in-flight intervals).
    void account_busy(std::uint64_t from_cycle, std::uint64_t to_cycle);

    const OverlayClock& m_clk;
    DdrCounters m_counters;

private:
    std::uint64_t m_busy_until = 0;  // overlay cycle up to which busy time is counted
};

/// The model `p.model` names, as a child module called `name` of the module being
/// elaborated. Throws specsim::Error for a model it cannot build (e.g. a bad preset).
std::unique_ptr<Memory> make_memory(const char* name, const config::DdrParams& p, const OverlayClock& clk);

/// Issues one transaction of `bytes` and waits in the calling SC_THREAD until it is done.
void transfer(Memory& mem, std::uint64_t bytes, DdrKind kind, bool write);

}  // namespace specsim::hw
