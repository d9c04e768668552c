// SPDX-License-Identifier: MIT
#include "overlay/spectral/hw/controller.hpp"

#include "overlay/spectral/analytic/stat_group.hpp"

namespace specsim::hw {

StreamingController::StreamingController(sc_core::sc_module_name name, std::size_t count,
                                         const LayerProvider& provider, LayerContext& ctx, const OverlayClock& clk,
                                         OverlayUnits units)
    : sc_module(name), layers(count), m_count(count), m_provider(provider), m_ctx(ctx), m_clk(clk),
      m_units(units)
{
    SC_THREAD(run);
}

void StreamingController::run()
{
    // Planning a layer can fail on user input (buffers too small for the minimum block, a
    // pattern over max_nnz): stop the simulation and let simulate_spectral rethrow it, so
    // the user sees the message and exit code 2, not a SystemC "uncaught exception".
    try {
        for (std::size_t i = 0; i < m_count; ++i) {
            const LayerWork w = m_provider(i);
            stats::LayerStats& st = layers[i];
            st.use_group(analytic::spectral_stat_group());
            st.layer = w.plan->layer;
            st.kind = w.kind;
            st.skip_reason = w.plan->skip_reason;
            st.text(analytic::spectral_stat::kWork) = analytic::to_string(w.plan->pass.kind);
            if (w.plan->is_pass()) run_pass(w, st);
            else if (w.plan->runnable()) run_layer(w, st);
        }
    } catch (...) {
        error = std::current_exception();
    }
    sc_core::sc_stop();
}

void StreamingController::run_pass(const LayerWork& w, stats::LayerStats& st)
{
    namespace k = analytic::spectral_stat;
    const analytic::PassWork& p = w.plan->pass;
    st.text(k::kFusedInto) = p.fused_into;
    if (p.kind == analytic::PassKind::fused || p.kind == analytic::PassKind::layout) return;
    m_units.ddr.begin_layer();
    const DdrCounters ddr0 = m_units.ddr.counters();
    const std::uint64_t start = m_clk.now_cycles();
    // Reads, weights and writes stream at once; each done fires at least one overlay
    // cycle after its issue, so waiting on all of them right after issuing misses none.
    DdrRequest rd, wk, wr;
    rd.bytes = p.read_bytes, rd.kind = DdrKind::input;
    wk.bytes = p.weight_bytes, wk.kind = DdrKind::kernel;
    wr.bytes = p.write_bytes, wr.kind = DdrKind::output, wr.write = true;
    sc_core::sc_event_and_list all;
    for (DdrRequest* r : {&rd, &wk, &wr})
        if (r->bytes) {
            m_units.ddr.issue(*r);
            all &= r->done;
        }
    if (all.size()) sc_core::wait(all);
    const std::uint64_t elapsed = m_clk.now_cycles() - start;
    if (p.cycles > elapsed) m_clk.wait_cycles(p.cycles - elapsed);
    m_units.ddr.end_layer();
    st.cycles = m_clk.now_cycles() - start;
    fill_ddr_stats(st, counters_since(m_units.ddr.counters(), ddr0));
    st.compute_cycles = p.cycles;
    st.value(k::kPassCycles) = p.cycles;
    st.value(k::kFcMacs) = p.macs;
}

void StreamingController::run_layer(const LayerWork& w, stats::LayerStats& st)
{
    const auto& s = *m_ctx.overlay;
    std::unique_ptr<SpectralDatapath> datapath;
    if (w.data)
        datapath = std::make_unique<SpectralDatapath>(*w.plan, *w.data, static_cast<int>(s.kernels_parallel),
                                                      static_cast<int>(s.tiles_parallel));
    m_ctx.work = &w;
    m_ctx.plan = w.plan.get();
    m_ctx.blocks = blocks_of(*w.plan, w.dataflow);
    m_ctx.datapath = datapath.get();
    namespace k = analytic::spectral_stat;
    st.value(k::kBlockNs) = static_cast<std::uint64_t>(w.plan->block.ns);
    st.value(k::kBlockPs) = static_cast<std::uint64_t>(w.plan->block.ps);

    // Counters before the layer; the layer's figures are the differences.
    m_units.ddr.begin_layer();
    const DdrCounters ddr0 = m_units.ddr.counters();
    const InputUnitStats in0 = m_units.input.stats;
    const PeArrayStats pe0 = m_units.pe.stats;
    const SparseReaderStats rd0 = m_units.pe.reader.stats;
    const IfftUnitStats if0 = m_units.ifft.stats;

    const std::uint64_t start = m_clk.now_cycles();
    start_input.write(1);
    start_kernels.write(1);
    start_pe.write(1);
    start_ifft.write(1);
    layer_done.read();
    m_units.ddr.end_layer();  // the layer's outputs are in DRAM
    st.cycles = m_clk.now_cycles() - start;

    const DdrCounters ddr = m_units.ddr.counters();
    fill_ddr_stats(st, counters_since(ddr, ddr0));
    st.compute_cycles = m_units.pe.stats.compute_cycles - pe0.compute_cycles;
    st.mac_ops = m_units.pe.stats.mac_ops - pe0.mac_ops;
    st.pe_stall_cycles = m_units.pe.stats.stall_cycles - pe0.stall_cycles;
    st.value(k::kBubbles) = m_units.pe.reader.stats.bubbles - rd0.bubbles;
    st.value(k::kReadConflicts) = m_units.pe.reader.stats.read_conflicts - rd0.read_conflicts;
    st.value(k::kFftBusy) = m_units.input.stats.fft_busy_cycles - in0.fft_busy_cycles;
    st.value(k::kIfftBusy) = m_units.ifft.stats.ifft_busy_cycles - if0.ifft_busy_cycles;
    st.pe_slots = st.compute_cycles * s.tiles_parallel * s.kernels_parallel;
    const auto& plan = *w.plan;
    const int np = static_cast<int>(s.kernels_parallel);
    std::uint64_t blocks = 0, block_cycles = 0, block_bound = 0, block_nonzeros = 0;
    for (int g = 0; g < plan.kernel_groups; ++g)
        for (int m = 0; m < plan.in_channels; ++m) {
            const std::size_t i = static_cast<std::size_t>(g) * static_cast<std::size_t>(plan.in_channels) + static_cast<std::size_t>(m);
            ++blocks;
            block_cycles += static_cast<std::uint64_t>(plan.cycles_of(g, m));
            block_bound += static_cast<std::uint64_t>(plan.lower_bounds.at(i));
            for (int n = g * np; n < g * np + plan.lanes_of(g, np); ++n) block_nonzeros += plan.bins_of(n, m).size();
        }
    st.value(k::kReadBlocks) = blocks;
    st.value(k::kReadBlockCycles) = block_cycles;
    st.value(k::kReadBlockBound) = block_bound;
    st.value(k::kReadBlockNonzeros) = block_nonzeros;
    st.value(k::kReadBlocksUnproven) = static_cast<std::uint64_t>(plan.exact_unproven);
    if (datapath) datapath->finish();
    m_ctx.datapath = nullptr;
}

}  // namespace specsim::hw
