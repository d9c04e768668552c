// SPDX-License-Identifier: MIT
// The systolic overlay's own statistics (beyond the common counters of stats::LayerStats):
// how each layer ran (algorithm, kind of work), folds, drain, Winograd transform and
// output-path cycles, and SRAM and DRAM word counts comparable with SCALE-Sim's reports.
#pragma once

#include "stats/stat_group.hpp"

namespace specsim::systolic {

/// Counter and text names, for the model that fills them.
namespace systolic_stat {
inline constexpr const char* kAlgorithm = "algorithm";
inline constexpr const char* kWork = "work";
inline constexpr const char* kAlgorithmNote = "algorithm_note";
inline constexpr const char* kFusedInto = "fused_into";
inline constexpr const char* kDataflow = "dataflow";
inline constexpr const char* kGemms = "gemms";
inline constexpr const char* kFolds = "folds";
inline constexpr const char* kDrainCycles = "drain_cycles";
inline constexpr const char* kTransformCycles = "transform_cycles";
inline constexpr const char* kPostCycles = "post_cycles";
inline constexpr const char* kSramIfmapReads = "sram_ifmap_reads";
inline constexpr const char* kSramFilterReads = "sram_filter_reads";
inline constexpr const char* kSramOfmapWrites = "sram_ofmap_writes";
inline constexpr const char* kDramIfmapWords = "dram_ifmap_words";
inline constexpr const char* kDramFilterWords = "dram_filter_words";
inline constexpr const char* kDramOfmapWords = "dram_ofmap_words";
inline constexpr const char* kLayoutCycles = "layout_cycles";
}  // namespace systolic_stat

/// The declarations (one instance per process).
const stats::StatGroup& systolic_stat_group();

}  // namespace specsim::systolic
