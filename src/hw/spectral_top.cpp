// SPDX-License-Identifier: MIT
// The spectral overlay's SystemC processes. Each hardware block is one SC_THREAD; buffers
// pass between them as tokens on sc_fifo channels (two tokens = double buffering), so
// loading channel m + 1 overlaps computing channel m exactly as the RTL's ping-pong
// buffers do. States follow the RTL streaming controller: READ INPUT / READ KERNEL (the
// streamers), PROC CONV (reader + PE array), PROC IFFT and WRITE OUT (IFFT + writer).
#include "hw/spectral_top.hpp"

#include <systemc>

#include "hw/blocks.hpp"
#include "hw/clocking.hpp"
#include "hw/ddr.hpp"
#include "hw/in_order_arbiter.hpp"

namespace specsim::hw {
namespace {

using sc_core::sc_fifo;

std::uint64_t div_up(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }

class SpectralTop : public sc_core::sc_module {
public:
    SC_HAS_PROCESS(SpectralTop);
    SpectralTop(sc_core::sc_module_name name, std::size_t count, const LayerProvider& provider,
                const config::ArchParams& arch, const config::RunParams& run, TimingMode mode)
        : sc_module(name), m_count(count), m_provider(provider), m_arch(arch), m_s(arch.spectral), m_run(run),
          m_clk(arch.clock.hz, mode), m_ddr("ddr", arch.ddr, m_clk),
          m_in_free(2), m_in_full(2), m_k_free(2), m_k_full(2), m_psum_full(1), m_psum_free(1),
          m_start_in(1), m_start_k(1), m_start_pe(1), m_start_out(1), m_layer_done(1)
    {
        SC_THREAD(controller);
        SC_THREAD(input_streamer);
        SC_THREAD(kernel_streamer);
        SC_THREAD(pe_array);
        SC_THREAD(ifft_writer);
        m_stats.resize(count);
    }

    std::vector<LayerStats> m_stats;

private:
    // --- streaming controller: layer sequencing -------------------------------------
    void controller()
    {
        // Two input and two kernel buffer halves, one partial-sum buffer, all free.
        m_in_free.write(0);
        m_in_free.write(1);
        m_k_free.write(0);
        m_k_free.write(1);
        m_psum_free.write(0);
        for (std::size_t i = 0; i < m_count; ++i) {
            m_work = m_provider(i);
            const LayerWork& w = m_work;
            LayerStats& st = m_stats[i];
            st.layer = w.plan->layer;
            st.kind = w.kind;
            st.skip_reason = w.plan->skip_reason;
            if (!w.plan->runnable()) continue;
            m_cur = &m_work;
            m_st = &st;
            m_blocks = blocks_of(*w.plan, m_run.dataflow);
            st.block_ns = static_cast<std::uint32_t>(w.plan->block.ns);
            st.block_ps = static_cast<std::uint32_t>(w.plan->block.ps);
            if (w.data)
                m_datapath = std::make_unique<SpectralDatapath>(*w.plan, *w.data, int(m_s.kernels_parallel),
                                                                int(m_s.tiles_parallel));
            m_ddr.counters = DdrCounters{};
            const std::uint64_t start = m_clk.now_cycles();
            m_start_in.write(1);
            m_start_k.write(1);
            m_start_pe.write(1);
            m_start_out.write(1);
            m_layer_done.read();
            st.cycles = m_clk.now_cycles() - start;
            st.ddr_input_bytes = m_ddr.counters.bytes[int(DdrKind::input)];
            st.ddr_kernel_bytes = m_ddr.counters.bytes[int(DdrKind::kernel)];
            st.ddr_index_bytes = m_ddr.counters.bytes[int(DdrKind::index)];
            st.ddr_output_bytes = m_ddr.counters.bytes[int(DdrKind::output)];
            st.ddr_busy_cycles = m_ddr.counters.busy_cycles;
            st.pe_slots = st.compute_cycles * m_s.tiles_parallel * m_s.kernels_parallel;
            if (m_datapath) m_datapath->finish();
            m_datapath.reset();
        }
        sc_core::sc_stop();
    }

    void ddr_transfer(std::uint64_t bytes, DdrKind kind, bool write)
    {
        DdrRequest req;
        req.bytes = bytes;
        req.kind = kind;
        req.write = write;
        m_ddr.issue(req);
        sc_core::wait(req.done);
    }

    std::uint64_t fft_cycles(std::uint64_t tiles, const config::FftUnitParams& u) const
    {
        // P′ units in parallel, each taking K²/points_per_cycle cycles per tile, pipelined.
        const std::uint64_t per_tile = div_up(std::uint64_t(m_s.fft_size) * m_s.fft_size, u.points_per_cycle);
        return div_up(tiles, m_s.tiles_parallel) * per_tile + u.latency_cycles;
    }

    int bytes_per_pixel() const { return static_cast<int>(div_up(m_s.data_bits, 8)); }

    // --- READ INPUT + FFT ------------------------------------------------------------
    void input_streamer()
    {
        for (;;) {
            m_start_in.read();
            const auto& plan = *m_cur->plan;
            for (const Block& b : m_blocks) {
                std::uint64_t pixels = 0;
                for (int p = b.p0; p < b.p1; ++p) pixels += tile_input_pixels(plan.geom, p);
                for (int m = 0; m < plan.in_channels; ++m) {
                    const int slot = m_in_free.read();
                    ddr_transfer(pixels * bytes_per_pixel(), DdrKind::input, false);
                    const std::uint64_t c = fft_cycles(std::uint64_t(b.tiles()), m_s.fft);
                    m_clk.wait_cycles(c);
                    m_st->fft_busy_cycles += c;
                    if (m_datapath) m_datapath->load_tiles(m_slots[slot], b, m);
                    m_in_full.write(slot);
                }
            }
        }
    }

    // --- READ KERNEL (kernel buffer entries + index table rows) ------------------------
    void kernel_streamer()
    {
        for (;;) {
            m_start_k.read();
            const auto& plan = *m_cur->plan;
            const int np = static_cast<int>(m_s.kernels_parallel);
            for (const Block& b : m_blocks) {
                for (int m = 0; m < plan.in_channels; ++m) {
                    const int slot = m_k_free.read();
                    std::uint64_t kbytes = 0, ibytes = 0;
                    for (int g = first_group(b, np); g < end_group(b, np); ++g) {
                        const analytic::KernelStream k = analytic::kernel_stream(plan, m_s, g, m);
                        kbytes += k.kernel_bytes;
                        ibytes += k.index_bytes;
                    }
                    ddr_transfer(kbytes, DdrKind::kernel, false);
                    ddr_transfer(ibytes, DdrKind::index, false);
                    m_k_full.write(slot);
                }
            }
        }
    }

    // --- PROC CONV: sparse-kernel reader + PE array -----------------------------------
    void pe_array()
    {
        for (;;) {
            m_start_pe.read();
            const auto& plan = *m_cur->plan;
            const int np = static_cast<int>(m_s.kernels_parallel);
            for (const Block& b : m_blocks) {
                m_psum_free.read();
                if (m_datapath) m_datapath->begin_block(b);
                const int passes = static_cast<int>(div_up(std::uint64_t(b.tiles()), m_s.tiles_parallel));
                for (int m = 0; m < plan.in_channels; ++m) {
                    const std::uint64_t wait_from = m_clk.now_cycles();
                    const int in_slot = m_in_full.read();
                    const int k_slot = m_k_full.read();
                    m_st->pe_stall_cycles += m_clk.now_cycles() - wait_from;
                    for (int g = first_group(b, np); g < end_group(b, np); ++g)
                        for (int q = 0; q < passes; ++q) run_pass(plan, b, g, q, m, m_slots[in_slot]);
                    m_in_free.write(in_slot);
                    m_k_free.write(k_slot);
                }
                m_clk.wait_cycles(m_s.mac_latency_cycles);  // drain the MAC pipeline
                m_psum_full.write(0);
            }
        }
    }

    void run_pass(const analytic::SpectralLayerPlan& plan, const Block& b, int g, int q, int m, const InputSlot& slot)
    {
        const int np = static_cast<int>(m_s.kernels_parallel);
        const int lanes = std::min(plan.out_channels, (g + 1) * np) - g * np;
        const int pp = static_cast<int>(m_s.tiles_parallel);
        const int tiles = std::min(b.p1, b.p0 + (q + 1) * pp) - (b.p0 + q * pp);
        std::uint64_t nnz = 0;
        for (int k = 0; k < lanes; ++k) nnz += plan.bins_of(g * np + k, m).size();
        std::uint64_t T = 0;
        if (plan.reader == analytic::ReaderMode::offline) {
            const analytic::ReadSchedule& s = plan.schedules[static_cast<std::size_t>(g) * plan.in_channels + m];
            T = static_cast<std::uint64_t>(s.cycles);
            if (m_clk.mode() == TimingMode::cycle) {
                for (int t = 0; t < s.cycles; ++t) {
                    m_clk.wait_cycles(1);
                    if (m_datapath) m_datapath->mac_cycle(slot, b, g, q, m, s, t);
                }
            } else {
                if (m_datapath)
                    for (int t = 0; t < s.cycles; ++t) m_datapath->mac_cycle(slot, b, g, q, m, s, t);
                m_clk.wait_cycles(T);
            }
        } else if (m_clk.mode() == TimingMode::cycle) {
            std::vector<const std::vector<int>*> lane_bins;
            for (int k = 0; k < lanes; ++k) lane_bins.push_back(&plan.bins_of(g * np + k, m));
            InOrderArbiter arb(lane_bins, static_cast<int>(m_s.replicas));
            while (!arb.done()) {
                m_clk.wait_cycles(1);
                ++T;
                const bool conflict = arb.step([&](int lane, int entry, int bin) {
                    if (m_datapath) m_datapath->mac_entry(slot, b, g, q, m, lane, entry, bin);
                });
                if (conflict) ++m_st->read_conflicts;
            }
        } else {
            const analytic::InOrderResult& r = plan.in_order[static_cast<std::size_t>(g) * plan.in_channels + m];
            T = static_cast<std::uint64_t>(r.cycles);
            m_st->read_conflicts += static_cast<std::uint64_t>(r.conflict_cycles);
            if (m_datapath)
                for (int k = 0; k < lanes; ++k) {
                    const auto& bins = plan.bins_of(g * np + k, m);
                    for (std::size_t e = 0; e < bins.size(); ++e)
                        m_datapath->mac_entry(slot, b, g, q, m, k, int(e), bins[e]);
                }
            m_clk.wait_cycles(T);
        }
        m_st->compute_cycles += T;
        m_st->mac_ops += nnz * static_cast<std::uint64_t>(tiles);
        m_st->bubbles += T * static_cast<std::uint64_t>(lanes) - nnz;
    }

    // --- PROC IFFT + overlap-add + WRITE OUT -------------------------------------------
    void ifft_writer()
    {
        for (;;) {
            m_start_out.read();
            const auto& plan = *m_cur->plan;
            for (const Block& b : m_blocks) {
                m_psum_full.read();
                const std::uint64_t c = fft_cycles(std::uint64_t(b.kernels()) * b.tiles(), m_s.ifft);
                m_clk.wait_cycles(c);
                m_st->ifft_busy_cycles += c;
                if (m_datapath) m_datapath->ifft_block(b);
                m_psum_free.write(0);  // partial sums consumed: the next block may start
                std::uint64_t pixels = 0;
                for (int p = b.p0; p < b.p1; ++p)
                    pixels += tile_output_pixels(plan.geom, m_cur->stride_h, m_cur->stride_w, p);
                ddr_transfer(pixels * std::uint64_t(b.kernels()) * bytes_per_pixel(), DdrKind::output, true);
            }
            m_layer_done.write(1);
        }
    }

    std::size_t m_count;
    const LayerProvider& m_provider;
    LayerWork m_work;
    const config::ArchParams& m_arch;
    const config::SpectralOverlayParams& m_s;
    const config::RunParams& m_run;
    OverlayClock m_clk;
    DdrSystem m_ddr;
    sc_fifo<int> m_in_free, m_in_full, m_k_free, m_k_full, m_psum_full, m_psum_free;
    sc_fifo<int> m_start_in, m_start_k, m_start_pe, m_start_out, m_layer_done;
    InputSlot m_slots[2];
    const LayerWork* m_cur = nullptr;
    LayerStats* m_st = nullptr;
    std::vector<Block> m_blocks;
    std::unique_ptr<SpectralDatapath> m_datapath;

};

}  // namespace

std::vector<LayerStats> simulate_spectral(std::size_t count, const LayerProvider& provider,
                                          const config::ArchParams& arch, const config::RunParams& run,
                                          TimingMode mode)
{
    // sc_stop() ends the run when the last layer is done; its notice is not news to users.
    sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    auto top = std::make_unique<SpectralTop>("spectral", count, provider, arch, run, mode);
    sc_core::sc_start();
    return top->m_stats;
}

}  // namespace specsim::hw
