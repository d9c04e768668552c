// SPDX-License-Identifier: MIT
// Declarations of the spectral overlay's statistics. Placements keep the result files'
// column order as it was before overlays had groups (users' scripts read them by name; the
// order is kept so diffs against older results stay readable).
#include "overlay/spectral/analytic/stat_group.hpp"

#include <fmt/core.h>

#include "report/number_format.hpp"

namespace specsim::analytic {
namespace {

using stats::CounterDecl;
using stats::FigureDecl;
using stats::LayerStats;
using stats::RunInfo;
using stats::TableColumnDecl;
using stats::Total;
namespace k = spectral_stat;

double per_block(const LayerStats& s, const char* what)
{
    return stats::ratio_or_zero(static_cast<double>(s.value(what)), static_cast<double>(s.value(k::kReadBlocks)));
}

stats::StatGroup make_group()
{
    stats::StatGroup g("spectral");
    g.counter({k::kBlockNs, "kernels", "streaming block Ns: kernels held per pass over the input channels",
               {"skip_reason"}, Total::none})
        .counter({k::kBlockPs, "tiles", "streaming block Ps: input tiles held per pass", {k::kBlockNs}, Total::none})
        .counter({k::kBubbles, "kernel slots", "kernel slots with valid = 0, times tile groups", {"pe_stall_frac"}})
        .counter({k::kReadConflicts, "cycles", "in-order reader: cycles with more than r distinct bins", {k::kBubbles}})
        .counter({k::kFftBusy, "cycles", "cycles the FFT units were transforming", {"pe_stall_cycles"}})
        .counter({k::kIfftBusy, "cycles", "cycles the IFFT units were transforming", {k::kFftBusy}})
        .counter({k::kReadBlocks, "(kernel group, channel) blocks", "read scheduling blocks of the layer's plan",
                  {"axi_latency_p99"}})
        .counter({k::kReadBlockCycles, "cycles, sum of T", "Σ T over the blocks (schedule or arbiter)", {k::kReadBlocks}})
        .counter({k::kReadBlockBound, "cycles, sum of lower bounds", "Σ proven lower bound on T over the blocks",
                  {k::kReadBlockCycles}})
        .counter({k::kReadBlockNonzeros, "non-zeros", "Σ non-zeros over the blocks", {k::kReadBlockBound}})
        .counter({k::kReadBlocksUnproven, "blocks", "exact scheduler: blocks whose budget ran out", {k::kReadBlockNonzeros},
                  Total::sum, /*golden=*/false});
    // Whole-network latency (after the columns above, so their positions hold).
    g.text({k::kWork, "conv (on the engine) | fused (output path) | layout (concat) | pass (DDR pass) | fc "
                      "(matrix-vector on the PE array)", {}})
        .text({k::kFusedInto, "work fused: the layer whose output path applies it", {}})
        .counter({k::kPassCycles, "cycles", "compute cycles of a pass or fc layer (overlapped with its DDR transfers)", {}})
        .counter({k::kFcMacs, "MACs", "fc: real multiply-accumulates (one per PE lane and cycle)", {}});
    g.figure({"cycles_per_block", "cycles", "read_block_cycles / read_blocks: T per (group, channel)",
              {k::kReadBlocksUnproven}, [](const LayerStats& s, const RunInfo&) { return per_block(s, k::kReadBlockCycles); }})
        .figure({"bound_per_block", "cycles", "read_block_bound / read_blocks", {"cycles_per_block"},
                 [](const LayerStats& s, const RunInfo&) { return per_block(s, k::kReadBlockBound); }})
        .figure({"slot_eff", "fraction (0..1)", "read_block_nonzeros / (read_block_cycles · N′)", {"bound_per_block"},
                 [](const LayerStats& s, const RunInfo& info) {
                     return stats::ratio_or_zero(static_cast<double>(s.value(k::kReadBlockNonzeros)),
                                                 static_cast<double>(s.value(k::kReadBlockCycles)) *
                                                     static_cast<double>(info.kernel_lanes));
                 }});
    g.table_column({"block", "type", true,
                    [](const LayerStats& s, bool total) {
                        if (total) return std::string();
                        const std::string& work = s.text(k::kWork);  // "" = a conv (older stats)
                        if (!work.empty() && work != "conv") return std::string("-");
                        return fmt::format("{}x{}", s.value(k::kBlockNs), s.value(k::kBlockPs));
                    }})
        .table_column({"bubbles", "DSP busy %", false,
                       [](const LayerStats& s, bool) { return report::group_thousands(s.value(k::kBubbles)); }})
        .table_column({"conflicts", "bubbles", false,
                       [](const LayerStats& s, bool) { return report::group_thousands(s.value(k::kReadConflicts)); }})
        .table_legend("block = Ns x Ps (kernels x tiles)")
        .common_unit("mac_ops", "complex MACs");
    return g;
}

}  // namespace

const stats::StatGroup& spectral_stat_group()
{
    static const stats::StatGroup g = make_group();
    return g;
}

}  // namespace specsim::analytic
