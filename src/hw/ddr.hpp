// SPDX-License-Identifier: MIT
// DDR memory behind a transaction interface: requests of N bytes go in, a completion event
// fires when the last byte has moved. The inside is the `simple` model — per channel a
// data bus with a peak rate and an unloaded latency, bursts of fixed size, requests split
// burst by burst over the channels — so a later DDR4 model can replace it unchanged for
// its users.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include <systemc>

#include "config/arch_params.hpp"
#include "hw/clocking.hpp"

namespace specsim::hw {

enum class DdrKind { input, kernel, index, output };

/// One transaction. The issuer owns it and waits on `done`.
struct DdrRequest {
    std::uint64_t bytes = 0;
    bool write = false;
    DdrKind kind = DdrKind::input;
    sc_core::sc_event done;
    std::uint64_t issued_cycle = 0;  ///< overlay cycle of issue (set by DdrSystem)
};

/// Byte and busy counters, reset per layer by the owner.
struct DdrCounters {
    std::uint64_t bytes[4] = {0, 0, 0, 0};  ///< by DdrKind
    std::uint64_t busy_cycles = 0;          ///< overlay cycles with a transfer in flight
};

class DdrSystem : public sc_core::sc_module {
public:
    SC_HAS_PROCESS(DdrSystem);
    DdrSystem(sc_core::sc_module_name name, const config::DdrParams& p, const OverlayClock& clk);

    /// Starts a transaction now; `req.done` fires at the overlay clock edge at or after
    /// its last burst completes. Requests are served in issue order per channel.
    void issue(DdrRequest& req);

    DdrCounters counters;

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
    void ddr4_catch_up();
    struct Ddr4;                       // the cycle-level DDR4 channels (ddr.model: ddr4)
    std::unique_ptr<Ddr4> m_ddr4;

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
