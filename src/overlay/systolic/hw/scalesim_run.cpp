// SPDX-License-Identifier: MIT
// A SCALE-Sim row as one layer of one GEMM on the systolic top (model in scalesim_run.hpp).
#include "overlay/systolic/hw/scalesim_run.hpp"

#include <memory>

#include "overlay/systolic/hw/systolic_top.hpp"

namespace specsim::systolic {
namespace {

constexpr double kClockHz = 1e6;  // 1 µs cycles: the DDR's picosecond rounding stays far below a cycle

config::DdrParams ddr_for(const ScalesimCase& c)
{
    config::DdrParams d;
    d.model = config::DdrModel::simple;
    d.latency.seconds = 0;
    d.burst.bits = 8;  // one word per burst: a transfer of w words takes w / rate exactly
    if (c.mode == "CALC") {
        d.model = config::DdrModel::ideal;  // unlimited bandwidth: every transfer done at the next edge
    } else {
        d.channels = 1;
        d.bandwidth_per_channel.bytes_per_s = static_cast<double>(c.bandwidth_words) * kClockHz;
        d.clock.hz = static_cast<double>(c.bandwidth_words) * kClockHz;  // one burst per DDR cycle
    }
    return d;
}

}  // namespace

ScalesimOurs run_scalesim_case(const ScalesimCase& c, bool shared_memory)
{
    SystolicOverlayParams s;
    s.rows = c.array.rows;
    s.cols = c.array.cols;
    s.data_bits = 8;  // SCALE-Sim's 1-byte word
    s.frac_bits = 4;
    s.buffers.ifmap.bits = c.ifmap_kb * 1024 * 8;
    s.buffers.filter.bits = c.filter_kb * 1024 * 8;
    s.buffers.ofmap.bits = c.ofmap_kb * 1024 * 8;
    s.preload = true;
    s.stationary_in_order = false;                           // SCALE-Sim's read windows
    if (c.mode == "USER") s.line_words = c.bandwidth_words;  // refills and drains in lines of B
    auto plan = std::make_shared<SystolicLayerPlan>();
    plan->layer = c.case_id;
    plan->kind = "gemm";
    plan->dataflow = c.dataflow;
    plan->gemms = {c.gemm};
    plan->mac_ops = c.gemm.macs();
    const std::vector<LayerWork> work = {{plan, s, nullptr}};
    const auto res = simulate_systolic(work, ddr_for(c), kClockHz, hw::TimingMode::fast,
                                       shared_memory ? MemoryPorts::shared : MemoryPorts::per_operand);
    const LayerResult& r = res.at(0);
    ScalesimOurs o;
    o.cycles = r.array_cycles + r.stall_cycles - 1;
    o.stall = r.stall_cycles;
    o.sram_ifmap = r.sram_ifmap_reads;
    o.sram_filter = r.sram_filter_reads;
    o.sram_ofmap = r.sram_ofmap_writes;
    // SCALE-Sim counts the free preload as DRAM reads, in lines of its read interface width
    // (B; a fixed 10 words/cycle in CALC mode).
    const std::uint64_t line = c.mode == "CALC" ? 10 : c.bandwidth_words;
    o.dram_ifmap = r.dram_ifmap_words + scalesim_preload_words(c.gemm, c.array, c.dataflow, true, c.ifmap_kb, line);
    o.dram_filter = r.dram_filter_words + scalesim_preload_words(c.gemm, c.array, c.dataflow, false, c.filter_kb, line);
    o.dram_ofmap = r.dram_ofmap_words;
    return o;
}

}  // namespace specsim::systolic
