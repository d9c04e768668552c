// SPDX-License-Identifier: MIT
#include "overlay/spectral/hw/ifft_unit.hpp"

#include "overlay/spectral/hw/input_unit.hpp"

namespace specsim::hw {

IfftUnit::IfftUnit(sc_core::sc_module_name name, LayerContext& ctx, const OverlayClock& clk, Memory& ddr)
    : sc_module(name), m_ctx(ctx), m_clk(clk), m_ddr(ddr)
{
    SC_THREAD(run);
}

void IfftUnit::run()
{
    for (;;) {
        start.read();
        const auto& plan = *m_ctx.plan;
        const auto& s = *m_ctx.overlay;
        const LayerWork& w = *m_ctx.work;
        for (const Block& b : m_ctx.blocks) {
            const int half = psum_full.read();
            const std::uint64_t c = fft_cycles(static_cast<std::uint64_t>(b.kernels()) * b.tiles(), s, s.ifft);
            m_clk.wait_cycles(c);
            stats.ifft_busy_cycles += c;
            if (m_ctx.datapath) m_ctx.datapath->ifft_block(b, half);
            psum_free.write(half);  // partial sums consumed: a later block may use this half
            std::uint64_t pixels = 0;
            for (int p = b.p0; p < b.p1; ++p) pixels += tile_output_pixels(plan.geom, w.stride_h, w.stride_w, p);
            const std::uint64_t bytes = pixels * static_cast<std::uint64_t>(b.kernels()) * m_ctx.pixel_bytes();
            transfer(m_ddr, bytes, DdrKind::output, true);
            stats.bytes += bytes;
            ++stats.blocks;
        }
        layer_done.write(1);
    }
}

}  // namespace specsim::hw
