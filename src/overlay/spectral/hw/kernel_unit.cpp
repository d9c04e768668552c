// SPDX-License-Identifier: MIT
#include "overlay/spectral/hw/kernel_unit.hpp"

namespace specsim::hw {

KernelUnit::KernelUnit(sc_core::sc_module_name name, LayerContext& ctx, Memory& ddr)
    : sc_module(name), m_ctx(ctx), m_ddr(ddr)
{
    SC_THREAD(run);
}

void KernelUnit::run()
{
    for (;;) {
        start.read();
        const auto& plan = *m_ctx.plan;
        const auto& s = *m_ctx.overlay;
        const int np = static_cast<int>(s.kernels_parallel);
        // (group, channel) streams already on chip (filters_resident)
        std::vector<bool> loaded(plan.filters_resident ? static_cast<std::size_t>(plan.kernel_groups) * plan.in_channels : 0,
                                 false);
        for (const Block& b : m_ctx.blocks) {
            for (int m = 0; m < plan.in_channels; ++m) {
                const int half = free_half.read();
                std::uint64_t kbytes = 0, ibytes = 0;
                for (int g = first_group(b, np); g < end_group(b, np); ++g) {
                    // Resident filters: each (group, channel) stream comes from DDR once.
                    if (plan.filters_resident) {
                        const std::size_t key = static_cast<std::size_t>(g) * plan.in_channels + m;
                        if (loaded[key]) continue;
                        loaded[key] = true;
                    }
                    const analytic::KernelStream k = analytic::kernel_stream(plan, s, g, m);
                    kbytes += k.kernel_bytes;
                    ibytes += k.index_bytes;
                }
                transfer(m_ddr, kbytes, DdrKind::kernel, false);
                transfer(m_ddr, ibytes, DdrKind::index, false);
                stats.kernel_bytes += kbytes;
                stats.index_bytes += ibytes;
                ++stats.buffer_fills;
                full_half.write(half);
            }
        }
    }
}

}  // namespace specsim::hw
