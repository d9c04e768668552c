// SPDX-License-Identifier: MIT
// Internal to the read schedulers (not a public header): input checks and the matching
// view of a schedule shared by the greedy scheduler and the local search.
#pragma once

#include <cstddef>
#include <vector>

#include "overlay/spectral/analytic/read_schedule.hpp"

namespace specsim::analytic::detail {

inline std::size_t idx(int a, int b, int stride) { return static_cast<std::size_t>(a) * stride + b; }

/// Throws specsim::Error unless 1 ≤ replicas ≤ 127 (sel is an int8).
void check_replicas(int replicas, const char* who);

/// Checks every lane (ascending, distinct bins in [0, 32767]); returns 1 + the largest bin.
int bin_span(const KernelBins& bins, const char* who);

/// A schedule of `cycles` cycles with every replica idle and every kernel slot a bubble.
ReadSchedule empty_schedule(int kernels, int replicas, int cycles);

/// A schedule as the bins each cycle reads plus, per kernel, a matching of its non-zeros to
/// distinct cycles that read their bins. Cycle order does not matter for validity, which
/// is what lets the schedulers re-assign earlier non-zeros along augmenting paths.
struct MatchState {
    std::vector<std::vector<int>> sets;   ///< [t]: bins read in cycle t (≤ r, distinct)
    std::vector<std::vector<int>> match;  ///< [k][e]: cycle of entry e of kernel k, −1 = none
    std::vector<std::vector<int>> owner;  ///< [k][t]: entry kernel k consumes in cycle t, −1

    /// Converts to tables (cycles where nobody consumes are dropped; addresses ascending).
    ReadSchedule to_schedule(const KernelBins& bins, int replicas) const;
};

}  // namespace specsim::analytic::detail
