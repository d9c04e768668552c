// SPDX-License-Identifier: MIT
// Partitioning a network into segments that each keep their dependence closure on chip
// (OCCAM, PAPERS.md §4): the dynamic program minimising off-chip traffic
// (Opt(j) = min over i < j with closure(i+1..j) ≤ C of Opt(i) + traffic(i+1..j)), the
// layer-by-layer and fixed-fusion baselines it is compared with, and a brute force that
// checks the program on small networks. Plain C++.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "partition/closure.hpp"
#include "partition/units.hpp"
#include "workload/network.hpp"

namespace specsim::partition {

/// What is partitioned and under which capacity.
struct Problem {
    const workload::Network* net = nullptr;
    std::vector<Unit> units;
    ClosureOptions opt;
    std::int64_t capacity_bytes = 0;  ///< on-chip bytes a segment's closure may use
    /// Peak DDR bytes per second, for the transfer time of a partition (0 = not reported).
    double ddr_bytes_per_second = 0;
};

/// Units [first_unit, last_unit], i.e. layers [first_layer, last_layer], run as one segment.
struct Segment {
    std::size_t first_unit = 0, last_unit = 0;
    std::size_t first_layer = 0, last_layer = 0;
    Closure closure;
    SegmentTraffic traffic;
    std::int64_t macs = 0;
    bool fits = true;  ///< closure ≤ capacity (a single unit may exceed it: it runs alone)
    double ddr_ms = 0;       ///< traffic at the peak DDR rate (a lower bound on its transfer time)
};

/// A whole partition and its totals.
struct Partition {
    std::string scheme;  ///< optimal | layer | fixed<g> | brute_force | file
    std::vector<Segment> segments;
    SegmentTraffic traffic;             ///< summed over segments
    std::int64_t max_closure_bytes = 0;
    double ddr_ms = 0;
};

/// Evaluates the partition whose segments start at the given units (ascending, first = 0).
/// Throws specsim::Error for starts that are not a partition of the units.
Partition evaluate(const Problem& p, const std::vector<std::size_t>& starts, std::string scheme);

/// The traffic-optimal partition (ties: fewer segments, then the earliest cut).
Partition optimal(const Problem& p);
/// Every unit its own segment (the base case).
Partition layer_by_layer(const Problem& p);
/// Fixed fusion: consecutive groups of `group` units; a group whose closure exceeds the
/// capacity runs as single units.
Partition fixed_groups(const Problem& p, std::size_t group);
/// Every set of cuts (2^(units−1)); throws specsim::Error above 20 units.
Partition brute_force(const Problem& p);

/// The closure of the whole network: the least capacity at which one segment, i.e. full
/// reuse (input and filters read once, the output written once), is possible.
std::int64_t full_reuse_capacity(const Problem& p);

}  // namespace specsim::partition
