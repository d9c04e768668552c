// SPDX-License-Identifier: MIT
// The DMA engine of one SRAM operand: the sequencer issues its transfer on the DDR (so the
// issue order is the engine's order) and hands it over; the filler waits for the DDR's
// completion and flags it. At most one transfer per operand is in flight (GemmEngine).
#pragma once

#include <cstdint>

#include <systemc>

#include "memory/memory.hpp"

namespace specsim::systolic {

class OperandFiller : public sc_core::sc_module {
public:
    SC_HAS_PROCESS(OperandFiller);
    OperandFiller(sc_core::sc_module_name name, hw::Memory& ddr, hw::DdrKind kind, bool write,
                  sc_core::sc_event& any_done);

    /// Issues `bytes` now (bytes ≥ 1; nothing may be in flight).
    void start(std::uint64_t bytes);
    bool in_flight() const { return m_in_flight; }
    /// True once: the transfer completed (the flag is cleared).
    bool take_completion();

private:
    void run();

    hw::Memory& m_ddr;
    hw::DdrRequest m_req;
    sc_core::sc_event m_go;
    sc_core::sc_event& m_any_done;
    bool m_in_flight = false, m_completed = false;
};

}  // namespace specsim::systolic
