// SPDX-License-Identifier: MIT
// ddr.model simple: per channel a data bus with a peak rate and an unloaded latency;
// requests are rounded up to whole bursts and split burst by burst over the channels —
// all of them (ddr.ports shared) or the channels of the request's kind (per_kind).
#pragma once

#include <vector>

#include "memory/memory.hpp"

namespace specsim::hw {

class SimpleMemory : public Memory {
public:
    SimpleMemory(sc_core::sc_module_name name, const config::DdrParams& p, const OverlayClock& clk);

    /// Requests are served in issue order per channel. A request of B bytes is
    /// ceil(B / burst) bursts dealt round-robin over its channel group (the next request
    /// of the group starts at the channel after its last burst); each channel moves its
    /// share back to back once its bus is free and `latency` has passed since the issue.
    /// A burst occupies a bus for burst / bandwidth_per_channel and the latency is
    /// rounded up to whole `clock` cycles; done at the overlay edge at or after the last
    /// channel finishes.
    void issue(DdrRequest& req) override;

private:
    /// One group of channels: all of them (ports shared), or one per DdrKind (per_kind).
    struct Group {
        std::vector<double> bus_free_s;  // per channel: when its data bus is next free (seconds)
        std::size_t next_channel = 0;    // round-robin start of the next request's first burst
    };
    std::vector<Group> m_groups;
    double m_burst_bytes;
    double m_burst_s;    // one burst on one channel's bus (seconds)
    double m_latency_s;  // rounded up to whole DDR clock cycles
};

}  // namespace specsim::hw
