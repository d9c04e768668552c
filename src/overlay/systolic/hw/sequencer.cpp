// SPDX-License-Identifier: MIT
#include "overlay/systolic/hw/sequencer.hpp"

#include <algorithm>
#include <utility>

#include "util/error.hpp"

namespace specsim::systolic {
namespace {

constexpr int kSettleDeltas = 2;  // a DDR completion may be notified one delta after its edge (ddr4)

std::size_t idx(Operand o) { return static_cast<std::size_t>(o); }

// The C tile fold f of a GEMM computes: rows [r0,r1) × cols [c0,c1) over k in [k0,k1).
// Folds run column fold outer, row fold inner (fold_geometry), so K splits (ws, is) are
// applied in increasing k for every output element, as gemm_tile requires.
void compute_fold(numerics::LoweredGemm& g, const FoldGeometry& geo, ArrayShape a, Dataflow df, std::uint64_t f)
{
    const std::uint64_t rf = f % geo.row_folds, cf = f / geo.row_folds;
    const auto range = [](std::uint64_t i, std::uint64_t edge, std::uint64_t size) {
        return std::pair<std::uint64_t, std::uint64_t>{i * edge, std::min(size, (i + 1) * edge)};
    };
    const std::uint64_t M = static_cast<std::uint64_t>(g.c.rows()), N = static_cast<std::uint64_t>(g.c.cols()),
                        K = static_cast<std::uint64_t>(g.a.cols());
    switch (df) {
        case Dataflow::os: {  // rows: M, cols: N, time: K
            const auto [r0, r1] = range(rf, a.rows, M);
            const auto [c0, c1] = range(cf, a.cols, N);
            numerics::gemm_tile(g, r0, r1, c0, c1, 0, K);
            break;
        }
        case Dataflow::ws: {  // rows: K, cols: N, time: M
            const auto [k0, k1] = range(rf, a.rows, K);
            const auto [c0, c1] = range(cf, a.cols, N);
            numerics::gemm_tile(g, 0, M, c0, c1, k0, k1);
            break;
        }
        case Dataflow::is: {  // rows: K, cols: M, time: N
            const auto [k0, k1] = range(rf, a.rows, K);
            const auto [r0, r1] = range(cf, a.cols, M);
            numerics::gemm_tile(g, r0, r1, 0, N, k0, k1);
            break;
        }
    }
}

}  // namespace

ArraySequencer::ArraySequencer(sc_core::sc_module_name name, const std::vector<LayerWork>& work,
                               const hw::OverlayClock& clk, std::vector<hw::Memory*> ddr, std::array<OperandFiller*, 3> fillers,
                               sc_core::sc_event& any_done)
    : sc_module(name), results(work.size()), m_work(work), m_clk(clk), m_ddr(std::move(ddr)), m_fill(fillers),
      m_any_done(any_done)
{
    SC_THREAD(run);
}

void ArraySequencer::run()
{
    // A bad plan or buffer stops the simulation; simulate_systolic rethrows the error.
    try {
        for (std::size_t i = 0; i < m_work.size(); ++i) run_layer(m_work[i], results[i]);
    } catch (...) {
        error = std::current_exception();
    }
    sc_core::sc_stop();
}

hw::DdrCounters ArraySequencer::counters() const
{
    hw::DdrCounters c;
    // Per port summed: busy_cycles can count up to 3 per cycle with three ports.
    for (const auto* d : m_ddr) hw::add_counters(c, d->counters());
    return c;
}

void ArraySequencer::settle()
{
    for (int i = 0; i < kSettleDeltas; ++i) sc_core::wait(sc_core::SC_ZERO_TIME);
}

void ArraySequencer::wait_transfers()
{
    while (std::any_of(m_fill.begin(), m_fill.end(), [](const OperandFiller* f) { return f->in_flight(); })) {
        sc_core::wait(m_any_done);
        settle();
    }
    for (auto* f : m_fill) f->take_completion();
}

void ArraySequencer::run_layer(const LayerWork& w, LayerResult& r)
{
    if (!w.plan) throw Error("internal: systolic layer without a plan");
    const SystolicLayerPlan& p = *w.plan;
    r.layer = p.layer;
    if (w.data) {
        std::size_t n = 0;
        for (const auto& lc : w.data->lowered) n += lc.gemms.size();
        if (p.work != PlanWork::gemm || w.data->lowered.size() != p.groups || n != p.gemms.size())
            throw Error("systolic: layer " + p.layer + ": data given for a plan it does not match");
        for (std::size_t i = 0; i < p.gemms.size(); ++i)
            if (!(data_gemm(*w.data, i).dims() == p.gemms[i]))
                throw Error("systolic: layer " + p.layer + ": GEMM " + std::to_string(i) + " of the data is " +
                            data_gemm(*w.data, i).dims().str() + ", the plan has " + p.gemms[i].str());
    }
    for (auto* d : m_ddr) d->begin_layer();
    const hw::DdrCounters d0 = counters();
    const std::uint64_t start = m_clk.now_cycles();
    if (p.work == PlanWork::gemm) {
        if (p.layout_read_bytes || p.layout_write_bytes) {  // layout transformation, streaming
            const std::uint64_t t0 = m_clk.now_cycles();
            stream(p.layout_read_bytes, p.layout_write_bytes, 0);
            r.layout_cycles = m_clk.now_cycles() - t0;
        }
        for (std::size_t i = 0; i < p.gemms.size(); ++i) run_gemm(w, i, r);
        m_clk.wait_cycles(p.transform_cycles);
    } else if (p.work == PlanWork::post) {
        run_post(w);
    }
    for (auto* d : m_ddr) d->end_layer();
    r.cycles = m_clk.now_cycles() - start;
    r.transform_cycles = p.transform_cycles;
    r.post_cycles = p.post_cycles;
    r.pe_slots = r.array_cycles * w.params.rows * w.params.cols;
    r.ddr = hw::counters_since(counters(), d0);
    r.ddr_input_bytes = r.ddr.bytes[int(hw::DdrKind::input)];
    r.ddr_kernel_bytes = r.ddr.bytes[int(hw::DdrKind::kernel)];
    r.ddr_output_bytes = r.ddr.bytes[int(hw::DdrKind::output)];
    r.ddr_busy_cycles = r.ddr.busy_cycles;
    if (w.data) {
        r.output = assemble_groups(*w.data);
        r.has_output = true;
    }
}

void ArraySequencer::run_post(const LayerWork& w)
{
    // Streaming pass: the unit reads its inputs and writes its output while it computes;
    // the pass ends when the slowest of the three is done.
    const SystolicLayerPlan& p = *w.plan;
    stream(p.ddr_ifmap_bytes, p.ddr_ofmap_bytes, p.post_cycles);
}

void ArraySequencer::stream(std::uint64_t read_bytes, std::uint64_t write_bytes, std::uint64_t compute_cycles)
{
    if (read_bytes) m_fill[idx(Operand::ifmap)]->start(read_bytes);
    if (write_bytes) m_fill[idx(Operand::ofmap)]->start(write_bytes);
    m_clk.wait_cycles(compute_cycles);
    wait_transfers();
}

void ArraySequencer::run_gemm(const LayerWork& w, std::size_t index, LayerResult& r)
{
    const SystolicLayerPlan& p = *w.plan;
    const SystolicOverlayParams& s = w.params;
    const numerics::GemmDims& dims = p.gemms[index];
    EngineOptions opt;
    opt.refill = s.refill;
    opt.stationary_in_order = s.stationary_in_order;
    opt.line_words = s.line_words;
    GemmEngine eng(dims, s.array(), p.dataflow, s.buffer_words(), s.preload, opt);
    const FoldGeometry& geo = eng.geometry();
    const SramAccesses sram = sram_accesses(dims, s.array(), p.dataflow);
    numerics::LoweredGemm* g = w.data ? &data_gemm(*w.data, index) : nullptr;
    std::uint64_t folds_done = 0;
    const std::uint64_t wb = s.word_bytes();

    const auto report_done = [&] {
        for (Operand o : {Operand::ifmap, Operand::filter, Operand::ofmap})
            if (m_fill[idx(o)]->take_completion()) eng.transfer_done(o);
    };
    const auto start_transfers = [&] {
        while (auto t = eng.next_transfer()) m_fill[idx(t->operand)]->start(t->words * wb);
    };
    const auto advance = [&](std::uint64_t n) {
        eng.advance(n);
        for (; g && folds_done < geo.folds && (folds_done + 1) * geo.fold_cycles <= eng.array_cycles(); ++folds_done)
            compute_fold(*g, geo, s.array(), p.dataflow, folds_done);
    };
    const auto any_in_flight = [&] {
        return std::any_of(m_fill.begin(), m_fill.end(), [](const OperandFiller* f) { return f->in_flight(); });
    };

    std::uint64_t finished_at = 0;
    bool finished = false;
    for (;;) {
        report_done();  // completions first: this instant's outputs see a drain that just ended
        start_transfers();
        if (eng.finished()) {
            if (!finished) finished = true, finished_at = m_clk.now_cycles();
            if (eng.drained() && !any_in_flight()) break;
            if (!any_in_flight()) throw Error("internal: systolic engine not drained and nothing in flight");
            sc_core::wait(m_any_done);
            settle();
            continue;
        }
        const std::uint64_t run = eng.runnable_cycles();
        const std::uint64_t t0 = m_clk.now_cycles();
        if (run == 0) {
            if (!any_in_flight())
                throw Error("internal: systolic array blocked at cycle " + std::to_string(eng.array_cycles()) +
                            " with no transfer in flight");
            sc_core::wait(m_any_done);
            settle();
            r.stall_cycles += m_clk.now_cycles() - t0;
            continue;
        }
        if (m_clk.mode() == hw::TimingMode::fast) {
            sc_core::wait(m_clk.period() * static_cast<double>(run), m_any_done);
        } else {
            m_clk.wait_cycles(1);
        }
        settle();
        advance(std::min(run, m_clk.now_cycles() - t0));
    }
    r.drain_cycles += m_clk.now_cycles() - finished_at;
    r.array_cycles += eng.array_cycles();
    r.folds += geo.folds;
    r.mac_ops += dims.macs();
    r.sram_ifmap_reads += sram.ifmap_reads;
    r.sram_filter_reads += sram.filter_reads;
    r.sram_ofmap_writes += sram.ofmap_writes;
    r.dram_ifmap_words += eng.dram_words(Operand::ifmap);
    r.dram_filter_words += eng.dram_words(Operand::filter);
    r.dram_ofmap_words += eng.dram_words(Operand::ofmap);
}

}  // namespace specsim::systolic
