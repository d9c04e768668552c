// SPDX-License-Identifier: MIT
// Wiring of the spectral overlay. Buffers pass between units as tokens (the index of a
// buffer half) on sc_fifo channels: two tokens per input and kernel buffer = double
// buffering, so loading channel m + 1 overlaps computing channel m as the RTL's ping-pong
// buffers do; one partial-sum token = the RTL's sequential DONE CONV → PROC IFFT
// (buffers.psum_halves: 2 gives two, so a block's IFFT overlaps the next block's MACs).
#include "overlay/spectral/hw/spectral_top.hpp"

#include <memory>

#include <systemc>

namespace specsim::hw {
namespace {

using sc_core::sc_fifo;

class SpectralOverlay : public sc_core::sc_module {
public:
    SC_HAS_PROCESS(SpectralOverlay);
    SpectralOverlay(sc_core::sc_module_name name, std::size_t count, const LayerProvider& provider,
                    const config::ArchParams& arch, TimingMode mode)
        : sc_module(name), m_ctx(context_of(arch)), m_clk(arch.clock.hz, mode),
          m_memory(make_memory("ddr", arch.ddr, m_clk)), ddr(*m_memory),
          input("input", m_ctx, m_clk, ddr), kernels("kernels", m_ctx, ddr), pe("pe", m_ctx, m_clk),
          ifft("ifft", m_ctx, m_clk, ddr),
          controller("controller", count, provider, m_ctx, m_clk, OverlayUnits{ddr, input, kernels, pe, ifft}),
          m_in_free(2), m_in_full(2), m_k_free(2), m_k_full(2), m_psum_full(2), m_psum_free(2), m_start_in(1),
          m_start_k(1), m_start_pe(1), m_start_ifft(1), m_done(1)
    {
        controller.start_input(m_start_in);
        controller.start_kernels(m_start_k);
        controller.start_pe(m_start_pe);
        controller.start_ifft(m_start_ifft);
        controller.layer_done(m_done);
        input.start(m_start_in);
        input.free_half(m_in_free);
        input.full_half(m_in_full);
        kernels.start(m_start_k);
        kernels.free_half(m_k_free);
        kernels.full_half(m_k_full);
        pe.start(m_start_pe);
        pe.input_full(m_in_full);
        pe.input_free(m_in_free);
        pe.kernel_full(m_k_full);
        pe.kernel_free(m_k_free);
        pe.psum_free(m_psum_free);
        pe.psum_full(m_psum_full);
        ifft.start(m_start_ifft);
        ifft.psum_full(m_psum_full);
        ifft.psum_free(m_psum_free);
        ifft.layer_done(m_done);
        SC_THREAD(reset);
    }

private:
    static LayerContext context_of(const config::ArchParams& arch)
    {
        LayerContext c;
        c.overlay = &analytic::spectral_params(arch);
        return c;
    }

    // Power-on: both input and kernel buffer halves and the partial-sum buffer(s) are free.
    void reset()
    {
        m_in_free.write(0);
        m_in_free.write(1);
        m_k_free.write(0);
        m_k_free.write(1);
        for (std::uint32_t h = 0; h < m_ctx.overlay->buffers.psum_halves; ++h) m_psum_free.write(static_cast<int>(h));
    }

    LayerContext m_ctx;
    OverlayClock m_clk;
    std::unique_ptr<Memory> m_memory;  // the model arch.ddr.model names

public:
    Memory& ddr;
    InputUnit input;
    KernelUnit kernels;
    PeArray pe;
    IfftUnit ifft;
    StreamingController controller;

private:
    sc_fifo<int> m_in_free, m_in_full, m_k_free, m_k_full, m_psum_full, m_psum_free;
    sc_fifo<int> m_start_in, m_start_k, m_start_pe, m_start_ifft, m_done;
};

}  // namespace

std::vector<stats::LayerStats> simulate_spectral(std::size_t count, const LayerProvider& provider,
                                          const config::ArchParams& arch, TimingMode mode)
{
    // sc_stop() ends the run when the last layer is done; its notice is not news to users.
    sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    auto top = std::make_unique<SpectralOverlay>("spectral", count, provider, arch, mode);
    sc_core::sc_start();
    if (top->controller.error) std::rethrow_exception(top->controller.error);
    return top->controller.layers;
}

}  // namespace specsim::hw
