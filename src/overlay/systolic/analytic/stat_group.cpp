// SPDX-License-Identifier: MIT
// Declarations of the systolic overlay's statistics. The texts come right after the
// identity columns (how the layer ran is read before its numbers); the counters after the
// common ones.
#include "overlay/systolic/analytic/stat_group.hpp"

#include "report/number_format.hpp"

namespace specsim::systolic {
namespace {

using stats::LayerStats;
using stats::Total;
namespace k = systolic_stat;

stats::StatGroup make_group()
{
    stats::StatGroup g("systolic");
    g.text({k::kAlgorithm, "conv: im2col | kn2row | winograd2 | winograd4 as run; fc: gemm; other layers: -",
            {"skip_reason"}})
        .text({k::kWork, "gemm (on the array) | fused (in the producer's output path) | post (output-path pass "
                         "over DDR) | layout (no work)",
               {k::kAlgorithm}})
        .text({k::kAlgorithmNote, "why the requested run.algorithm was not used (empty: it was)", {k::kWork}})
        .text({k::kFusedInto, "work fused: the layer whose output path applies it", {k::kAlgorithmNote}})
        .text({k::kDataflow, "os | ws | is: the layer's dataflow (run.dataflow, or run.mapping's choice)", {k::kFusedInto}});
    g.counter({k::kGemms, "GEMMs", "GEMMs the layer was lowered to (all groups)", {}})
        .counter({k::kFolds, "folds", "array folds over the GEMMs (SCALE-Sim's folds)", {}})
        .counter({k::kDrainCycles, "cycles", "after each GEMM's last array cycle until its outputs were in DDR", {}})
        .counter({k::kTransformCycles, "cycles", "Winograd input and output transforms (after the GEMMs)", {}})
        .counter({k::kPostCycles, "cycles", "output-path pass (pooling, LRN, add, softmax)", {}})
        .counter({k::kSramIfmapReads, "words", "ifmap SRAM reads by the array (SCALE-Sim ifmap SRAM reads)", {}})
        .counter({k::kSramFilterReads, "words", "filter SRAM reads by the array", {}})
        .counter({k::kSramOfmapWrites, "words", "ofmap SRAM writes by the array", {}})
        .counter({k::kDramIfmapWords, "words", "ifmap words DRAM → SRAM (refetches included)", {}})
        .counter({k::kDramFilterWords, "words", "filter words DRAM → SRAM (refetches included)", {}})
        .counter({k::kDramOfmapWords, "words", "ofmap words SRAM → DRAM", {}})
        .counter({k::kLayoutCycles, "cycles",
                  "layout transformation pass before the GEMMs (arch.overlay.layout_transforms: explicit)", {}});
    g.table_column({"alg", "type", true,
                    [](const LayerStats& s, bool total) { return total ? std::string() : s.text(k::kAlgorithm); }})
        .table_column({"folds", "", false,
                       [](const LayerStats& s, bool) { return report::group_thousands(s.value(k::kFolds)); }})
        .table_column({"stall %", "", false,
                       [](const LayerStats& s, bool) {
                           return report::fixed_grouped(
                               100.0 * stats::ratio_or_zero(static_cast<double>(s.pe_stall_cycles),
                                                            static_cast<double>(s.cycles)),
                               1);
                       }})
        .table_legend("alg = convolution algorithm as run (fc: gemm); folds = array folds; stall % = cycles the "
                      "array waited for an SRAM")
        .common_unit("mac_ops", "MACs")
        .common_unit("pe_slots", "PE cycles (array cycles x P1 x P2)")
        .common_unit("pe_lanes", "PE lanes (P1 x P2)")
        .common_unit("kernel_lanes", "array columns (P2)");
    return g;
}

}  // namespace

const stats::StatGroup& systolic_stat_group()
{
    static const stats::StatGroup g = make_group();
    return g;
}

}  // namespace specsim::systolic
