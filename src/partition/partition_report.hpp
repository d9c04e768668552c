// SPDX-License-Identifier: MIT
// `specsim partition`'s output: the optimal partition segment by segment, and every scheme
// (optimal, layer-by-layer, fixed fusion) side by side, as Markdown, CSV or JSON; and the
// capacity sweep as CSV.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "partition/partitioner.hpp"

namespace specsim::partition {

struct PartitionReport {
    std::string experiment;
    std::string network;
    std::string capacity_source;  ///< how the capacity was chosen (device left-over, --capacity)
    std::string model_note;       ///< the overlay's PartitionModel::note
    std::int64_t capacity_bytes = 0;
    std::int64_t full_reuse_capacity = 0;
    const Problem* problem = nullptr;
    std::vector<Partition> schemes;  ///< optimal first, then layer, then fixed groups
};

/// One point of a capacity sweep: every scheme at one capacity.
struct CapacityPoint {
    std::int64_t capacity_bytes = 0;
    std::vector<Partition> schemes;
};

std::string render_md(const PartitionReport& r);
std::string render_csv(const PartitionReport& r);
std::string render_json(const PartitionReport& r);
/// The optimal partition as a run.partition file (config/partition_file.hpp).
std::string render_yaml(const PartitionReport& r);
/// Columns: capacity_bytes,scheme,segments,fmap_bytes,filter_bytes,total_bytes,
/// max_closure_bytes,ddr_ms,fmap_reduction (layer-by-layer fmap bytes / this scheme's).
std::string render_capacity_csv(const std::vector<CapacityPoint>& points, const std::string& network);

/// "1.5 MB" style sizes for the tables (MB = 1e6 bytes).
std::string megabytes(std::int64_t bytes);

/// Parses "4MB", "256KB", "512KiB", "1.5MB", "123456" (bytes) into bytes; throws
/// specsim::Error for anything else.
std::int64_t parse_capacity(const std::string& text);

}  // namespace specsim::partition
