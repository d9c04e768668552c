// SPDX-License-Identifier: MIT
// READ KERNEL: loads the kernel buffer (N′ banks of (value, replica select, valid) entries)
// and the index table (r bin addresses per cycle) for each (block, input channel) — or, for
// the in-order reader, the bare non-zeros (analytic::kernel_stream). Double-buffered like
// the input buffers.
#pragma once

#include <cstdint>

#include <systemc>

#include "memory/memory.hpp"
#include "overlay/spectral/hw/layer_context.hpp"

namespace specsim::hw {

struct KernelUnitStats {
    std::uint64_t kernel_bytes = 0;  ///< kernel buffer entries read from DDR
    std::uint64_t index_bytes = 0;   ///< index table rows read from DDR
    std::uint64_t buffer_fills = 0;  ///< kernel buffer halves filled
};

class KernelUnit : public sc_core::sc_module {
public:
    sc_core::sc_fifo_in<int> start;
    sc_core::sc_fifo_in<int> free_half;
    sc_core::sc_fifo_out<int> full_half;

    SC_HAS_PROCESS(KernelUnit);
    KernelUnit(sc_core::sc_module_name name, LayerContext& ctx, Memory& ddr);

    KernelUnitStats stats;

private:
    void run();

    LayerContext& m_ctx;
    Memory& m_ddr;
};

}  // namespace specsim::hw
