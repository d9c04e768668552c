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
        const std::uint64_t total = static_cast<std::uint64_t>(plan.out_channels) *
                                    static_cast<std::uint64_t>(plan.geom.out_h) * static_cast<std::uint64_t>(plan.geom.out_w);
        const std::uint64_t written = analytic::written_elements(plan);
        const auto share = [&](std::uint64_t produced_elements) {
            return total ? static_cast<std::uint64_t>((static_cast<unsigned __int128>(produced_elements) * written) / total) : 0;
        };
        std::uint64_t produced = 0;
        for (const Block& b : m_ctx.blocks) {
            const int half = psum_full.read();
            const std::uint64_t c = fft_cycles(static_cast<std::uint64_t>(b.kernels()) * b.tiles(), s, s.ifft);
            m_clk.wait_cycles(c);
            stats.ifft_busy_cycles += c;
            if (m_ctx.datapath) m_ctx.datapath->ifft_block(b, half);
            psum_free.write(half);  // partial sums consumed: a later block may use this half
            std::uint64_t pixels = 0;
            for (int p = b.p0; p < b.p1; ++p) pixels += tile_output_pixels(plan.geom, w.stride_h, w.stride_w, p);
            // The block's share of what the output path writes: its output elements scaled
            // by written / produced (pooling in the output path writes fewer), cumulatively
            // rounded so the blocks add up to exactly the written elements.
            const std::uint64_t before = produced;
            produced += pixels * static_cast<std::uint64_t>(b.kernels());
            const std::uint64_t bytes = plan.output_on_chip ? 0
                                        : (share(produced) - share(before)) * m_ctx.pixel_bytes();
            if (bytes) transfer(m_ddr, bytes, DdrKind::output, true);
            stats.bytes += bytes;
            ++stats.blocks;
        }
        layer_done.write(1);
    }
}

}  // namespace specsim::hw
