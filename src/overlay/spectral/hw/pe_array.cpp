// SPDX-License-Identifier: MIT
#include "overlay/spectral/hw/pe_array.hpp"

#include <algorithm>

namespace specsim::hw {

PeArray::PeArray(sc_core::sc_module_name name, LayerContext& ctx, const OverlayClock& clk)
    : sc_module(name),
      reader("reader", clk, static_cast<int>(ctx.overlay->replicas), static_cast<int>(ctx.overlay->kernels_parallel)),
      m_ctx(ctx), m_clk(clk)
{
    SC_THREAD(run);
}

void PeArray::run()
{
    for (;;) {
        start.read();
        const auto& plan = *m_ctx.plan;
        const auto& s = *m_ctx.overlay;
        const int np = static_cast<int>(s.kernels_parallel), pp = static_cast<int>(s.tiles_parallel);
        for (const Block& b : m_ctx.blocks) {
            const int half = psum_free.read();
            if (m_ctx.datapath) m_ctx.datapath->begin_block(b, half);
            const int passes = (b.tiles() + pp - 1) / pp;
            for (int m = 0; m < plan.in_channels; ++m) {
                const std::uint64_t wait_from = m_clk.now_cycles();
                const int in_half = input_full.read();
                const int k_half = kernel_full.read();
                stats.stall_cycles += m_clk.now_cycles() - wait_from;
                const InputSlot& slot = m_ctx.slots[in_half];
                for (int g = first_group(b, np); g < end_group(b, np); ++g)
                    for (int q = 0; q < passes; ++q) {
                        const int tiles = std::min(b.p1, b.p0 + (q + 1) * pp) - (b.p0 + q * pp);
                        SparseReader::Deliver mac;
                        if (m_ctx.datapath)
                            mac = [&](int lane, int entry, int bin) {
                                m_ctx.datapath->mac_entry(slot, b, g, q, m, lane, entry, bin);
                            };
                        const std::uint64_t before = reader.stats.nonzeros;
                        stats.compute_cycles += reader.pass(plan, g, m, mac);
                        stats.mac_ops += (reader.stats.nonzeros - before) * static_cast<std::uint64_t>(tiles);
                    }
                input_free.write(in_half);
                kernel_free.write(k_half);
            }
            m_clk.wait_cycles(s.mac_latency_cycles);  // drain the MAC pipeline
            stats.drain_cycles += s.mac_latency_cycles;
            psum_full.write(half);
        }
    }
}

}  // namespace specsim::hw
