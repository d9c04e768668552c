// SPDX-License-Identifier: MIT
// The ideal memory: one notification per request at the next overlay clock edge.
#include "memory/ideal_memory.hpp"

namespace specsim::hw {

IdealMemory::IdealMemory(sc_core::sc_module_name name, const OverlayClock& clk) : Memory(name, clk) {}

void IdealMemory::issue(DdrRequest& req)
{
    count_issue(req);
    if (req.bytes == 0) {  // as the other models: nothing to move, done in the next delta
        req.done.notify(sc_core::SC_ZERO_TIME);
        return;
    }
    const std::uint64_t done_cycles = m_clk.now_cycles() + 1;  // now_cycles rounds down: the next edge
    account_busy(req.issued_cycle, done_cycles);
    req.done.notify(m_clk.period() * static_cast<double>(done_cycles) - sc_core::sc_time_stamp());
}

}  // namespace specsim::hw
