// SPDX-License-Identifier: MIT
// PROC IFFT + WRITE OUT: inverse-transforms a block's Ns·Ps partial-sum tiles in the P′
// IFFT units, overlap-adds them into the output (the partial-sum buffer's N′ banks keep the
// halo between tile blocks on chip) and writes the block's finished output pixels to DDR.
// The partial-sum buffer is released as soon as the IFFT has read it.
#pragma once

#include <cstdint>

#include <systemc>

#include "hw/clocking.hpp"
#include "memory/memory.hpp"
#include "overlay/spectral/hw/layer_context.hpp"

namespace specsim::hw {

struct IfftUnitStats {
    std::uint64_t ifft_busy_cycles = 0;  ///< cycles the IFFT units were transforming
    std::uint64_t bytes = 0;             ///< output pixels written to DDR
    std::uint64_t blocks = 0;
};

class IfftUnit : public sc_core::sc_module {
public:
    sc_core::sc_fifo_in<int> start;
    sc_core::sc_fifo_in<int> psum_full;
    sc_core::sc_fifo_out<int> psum_free;
    sc_core::sc_fifo_out<int> layer_done;  ///< the layer's last output is written

    SC_HAS_PROCESS(IfftUnit);
    IfftUnit(sc_core::sc_module_name name, LayerContext& ctx, const OverlayClock& clk, Memory& ddr);

    IfftUnitStats stats;

private:
    void run();

    LayerContext& m_ctx;
    const OverlayClock& m_clk;
    Memory& m_ddr;
};

}  // namespace specsim::hw
