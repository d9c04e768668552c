// SPDX-License-Identifier: MIT
// The cross-layer partition as a pass over the planned network (run.partition, docs/occam.md):
// cuts the network into segments (layer-by-layer, the traffic-optimal ones for the capacity,
// or a partition file), places each layer's data — inputs from the segment's line buffers,
// outputs kept on chip, filters resident — through Overlay::place, and keeps the analysis's
// traffic per segment for the report to set beside the simulated bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/experiment.hpp"
#include "overlay/overlay.hpp"
#include "partition/partitioner.hpp"

namespace specsim::core {

/// One segment of the run's partition.
struct SegmentPlan {
    std::string first, last;       ///< first and last layer names
    std::size_t first_layer = 0, last_layer = 0;
    std::int64_t closure_bytes = 0;
    bool fits = true;              ///< closure ≤ capacity: runs with full reuse (placed)
    partition::SegmentTraffic analysis;  ///< the analysis's traffic of the segment
};

struct PartitionPlan {
    std::string scheme;                 ///< layer | optimal | file
    std::int64_t capacity_bytes = 0;
    std::string capacity_source;
    std::vector<SegmentPlan> segments;
    std::vector<int> segment_of_layer;  ///< per network layer
};

/// The device's block memory the overlay leaves free, in bytes (BRAM36 at 4096 data bytes,
/// URAM at 36,864); throws specsim::Error when the overlay already uses more than there is.
std::int64_t free_block_memory_bytes(const Experiment& e, const overlay::Overlay& ov, std::string* source = nullptr);

/// The partitioning problem of the experiment on its overlay: units and sizes from
/// Overlay::partition_model, filters from `plans` (one per layer, one dataflow) where the
/// overlay says how it streams them, the capacity from run.partition_capacity or the
/// device. The Problem points at e.network.
partition::Problem partition_problem(const Experiment& e, const overlay::Overlay& ov,
                                     const std::vector<overlay::PlanPtr>& plans, std::int64_t capacity);

/// Applies run.partition to `plans` (layer-major, `dataflows` plans per layer, the whole
/// network in order): returns the partition and replaces the plans of layers in segments
/// that fit by their placed versions. run.partition: layer leaves every plan as it is.
PartitionPlan apply_partition(const Experiment& e, const overlay::Overlay& ov, std::vector<overlay::PlanPtr>& plans,
                              std::size_t dataflows);

}  // namespace specsim::core
