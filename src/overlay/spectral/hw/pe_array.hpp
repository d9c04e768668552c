// SPDX-License-Identifier: MIT
// PROC CONV: the P′ × N′ complex MAC array. For every (block, input channel) it takes a
// full input half and a full kernel half, runs one pass per (kernel group, tile group)
// with the sparse-kernel reader feeding operands (all P′ tile lanes of a kernel lane
// share the replica select), and after the last channel drains its pipeline and hands the
// partial-sum buffer to the IFFT unit. The DSP cost per complex multiplier (3 or 4) is the
// resource model's business (analytic/resources).
#pragma once

#include <cstdint>

#include <systemc>

#include "hw/clocking.hpp"
#include "overlay/spectral/hw/layer_context.hpp"
#include "overlay/spectral/hw/sparse_reader.hpp"

namespace specsim::hw {

struct PeArrayStats {
    std::uint64_t compute_cycles = 0;  ///< cycles the array issued MACs (Σ T per pass)
    std::uint64_t mac_ops = 0;         ///< complex MACs performed (non-zeros × tiles)
    std::uint64_t stall_cycles = 0;    ///< cycles waiting for an input or kernel half
    std::uint64_t drain_cycles = 0;    ///< pipeline drain at the end of each block
};

class PeArray : public sc_core::sc_module {
public:
    sc_core::sc_fifo_in<int> start;
    sc_core::sc_fifo_in<int> input_full;    ///< input halves ready
    sc_core::sc_fifo_out<int> input_free;   ///< input halves released
    sc_core::sc_fifo_in<int> kernel_full;
    sc_core::sc_fifo_out<int> kernel_free;
    sc_core::sc_fifo_in<int> psum_free;     ///< the partial-sum buffer may be overwritten
    sc_core::sc_fifo_out<int> psum_full;    ///< a block's partial sums are complete

    SC_HAS_PROCESS(PeArray);
    PeArray(sc_core::sc_module_name name, LayerContext& ctx, const OverlayClock& clk);

    SparseReader reader;
    PeArrayStats stats;

private:
    void run();

    LayerContext& m_ctx;
    const OverlayClock& m_clk;
};

}  // namespace specsim::hw
