// SPDX-License-Identifier: MIT
// Shards of a sweep: `--shard I/N` runs the points whose index is I modulo N, so N machines
// (or Slurm array tasks) split a sweep without talking to each other and their results merge.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sweep/sweep_spec.hpp"

namespace specsim::sweep {

/// Shard `index` of `count` (0 <= index < count); the default is the whole sweep.
struct Shard {
    std::size_t index = 0;
    std::size_t count = 1;
};

/// Parses "I/N" (0 <= I < N); "" is the whole sweep (0/1). Throws specsim::Error
/// ("--shard must be I/N with 0 <= I < N, got '…'") otherwise.
Shard parse_shard(const std::string& text);

/// The points of `points` that belong to `shard` (index ≡ shard.index mod shard.count),
/// in their order.
std::vector<Point> select_shard(const std::vector<Point>& points, const Shard& shard);

}  // namespace specsim::sweep
