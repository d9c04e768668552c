// SPDX-License-Identifier: MIT
#include "overlay/spectral/hw/input_unit.hpp"

#include <vector>

namespace specsim::hw {

std::uint64_t fft_cycles(std::uint64_t tiles, const analytic::SpectralOverlayParams& s, const analytic::FftUnitParams& u)
{
    const std::uint64_t kk = std::uint64_t{s.fft_size} * s.fft_size;
    const std::uint64_t per_tile = (kk + u.points_per_cycle - 1) / u.points_per_cycle;
    const std::uint64_t passes = (tiles + s.tiles_parallel - 1) / s.tiles_parallel;
    return passes * per_tile + u.latency_cycles;
}

InputUnit::InputUnit(sc_core::sc_module_name name, LayerContext& ctx, const OverlayClock& clk, Memory& ddr)
    : sc_module(name), m_ctx(ctx), m_clk(clk), m_ddr(ddr)
{
    SC_THREAD(run);
}

void InputUnit::run()
{
    for (;;) {
        start.read();
        const auto& plan = *m_ctx.plan;
        const auto& s = *m_ctx.overlay;
        // input_once: a tile's pixels come from DDR on the first block that uses them and
        // stay in the line buffer for the later kernel passes.
        std::vector<bool> tile_read(plan.input_once ? static_cast<std::size_t>(plan.tiles) : 0, false);
        for (const Block& b : m_ctx.blocks) {
            std::uint64_t pixels = 0;
            for (int p = b.p0; p < b.p1; ++p) {
                if (plan.input_once) {
                    if (tile_read[static_cast<std::size_t>(p)]) continue;
                    tile_read[static_cast<std::size_t>(p)] = true;
                }
                pixels += tile_input_pixels(plan.geom, p);
            }
            for (int m = 0; m < plan.in_channels; ++m) {
                const int half = free_half.read();
                const std::uint64_t bytes = pixels * m_ctx.pixel_bytes();
                // Else read from the on-chip line buffer (input_on_chip) or already there (input_once).
                if (!plan.input_on_chip && (bytes || !plan.input_once)) {
                    transfer(m_ddr, bytes, DdrKind::input, false);
                    stats.bytes += bytes;
                }
                const std::uint64_t c = fft_cycles(static_cast<std::uint64_t>(b.tiles()), s, s.fft);
                m_clk.wait_cycles(c);
                stats.fft_busy_cycles += c;
                if (m_ctx.datapath) m_ctx.datapath->load_tiles(m_ctx.slots[half], b, m);
                ++stats.buffer_fills;
                full_half.write(half);
            }
        }
    }
}

}  // namespace specsim::hw
