// SPDX-License-Identifier: MIT
// The spectral overlay's own statistics (beyond the common counters of stats::LayerStats):
// streaming block, sparse-reader bubbles and conflicts, FFT/IFFT busy cycles and the read
// scheduling figures, declared once with unit and description.
#pragma once

#include "stats/stat_group.hpp"

namespace specsim::analytic {

/// Counter and text names, for the model that fills them.
namespace spectral_stat {
inline constexpr const char* kBlockNs = "block_ns";
inline constexpr const char* kBlockPs = "block_ps";
inline constexpr const char* kBubbles = "bubbles";
inline constexpr const char* kReadConflicts = "read_conflicts";
inline constexpr const char* kFftBusy = "fft_busy_cycles";
inline constexpr const char* kIfftBusy = "ifft_busy_cycles";
inline constexpr const char* kReadBlocks = "read_blocks";
inline constexpr const char* kReadBlockCycles = "read_block_cycles";
inline constexpr const char* kReadBlockBound = "read_block_bound";
inline constexpr const char* kReadBlockNonzeros = "read_block_nonzeros";
inline constexpr const char* kReadBlocksUnproven = "read_blocks_unproven";
inline constexpr const char* kWork = "work";
inline constexpr const char* kFusedInto = "fused_into";
inline constexpr const char* kPassCycles = "pass_cycles";
inline constexpr const char* kFcMacs = "fc_macs";
}  // namespace spectral_stat

/// The declarations (one instance per process).
const stats::StatGroup& spectral_stat_group();

}  // namespace specsim::analytic
