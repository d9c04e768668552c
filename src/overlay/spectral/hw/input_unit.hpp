// SPDX-License-Identifier: MIT
// READ INPUT + FFT: streams a block's input tiles channel by channel from DDR, transforms
// them in the P′ FFT units and fills one half of the input replica buffers (r copies of
// every tile spectrum, one read port each). Two halves: channel m + 1 loads while the PE
// array computes channel m.
#pragma once

#include <cstdint>

#include <systemc>

#include "hw/clocking.hpp"
#include "memory/memory.hpp"
#include "overlay/spectral/hw/layer_context.hpp"

namespace specsim::hw {

struct InputUnitStats {
    std::uint64_t bytes = 0;            ///< input pixels read from DDR
    std::uint64_t fft_busy_cycles = 0;  ///< cycles the FFT units were transforming
    std::uint64_t buffer_fills = 0;     ///< buffer halves filled (blocks × channels)
};

/// Cycles the P′ units need for `tiles` K×K tiles: ⌈tiles/P′⌉ passes of K²/points_per_cycle
/// cycles, pipelined, plus one pipeline latency.
std::uint64_t fft_cycles(std::uint64_t tiles, const analytic::SpectralOverlayParams& s, const analytic::FftUnitParams& u);

class InputUnit : public sc_core::sc_module {
public:
    sc_core::sc_fifo_in<int> start;      ///< a layer starts (context filled)
    sc_core::sc_fifo_in<int> free_half;  ///< buffer halves the PE array released
    sc_core::sc_fifo_out<int> full_half; ///< halves holding channel m of the current block

    SC_HAS_PROCESS(InputUnit);
    InputUnit(sc_core::sc_module_name name, LayerContext& ctx, const OverlayClock& clk, Memory& ddr);

    InputUnitStats stats;

private:
    void run();

    LayerContext& m_ctx;
    const OverlayClock& m_clk;
    Memory& m_ddr;
};

}  // namespace specsim::hw
