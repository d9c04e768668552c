// SPDX-License-Identifier: MIT
// ddr.model ideal: every transfer is done at the first overlay clock edge after its issue,
// whatever its size — no latency, unlimited bandwidth. An upper bound for any overlay (the
// off-chip memory never stalls it; SCALE-Sim's stall-free "CALC" mode).
#pragma once

#include "memory/memory.hpp"

namespace specsim::hw {

class IdealMemory : public Memory {
public:
    IdealMemory(sc_core::sc_module_name name, const OverlayClock& clk);

    /// Counts the bytes by kind; `req.done` fires at the first overlay edge strictly after
    /// now (one overlay cycle when issued on an edge). busy_cycles counts that one cycle.
    void issue(DdrRequest& req) override;
};

}  // namespace specsim::hw
