// SPDX-License-Identifier: MIT
// A cross-layer partition as a file (written by `specsim partition --format yaml`, read
// through `run.partition: FILE`): the network's layers cut into segments, each named by its
// first and last layer in the network's order.
#pragma once

#include <string>
#include <vector>

#include "config/yaml_reader.hpp"

namespace specsim::config {

struct SegmentSpan {
    std::string first;  ///< first layer of the segment
    std::string last;   ///< last layer of the segment
    Node where;         ///< the entry in the file, for errors found against the network
};

struct PartitionFile {
    std::string file;
    std::vector<SegmentSpan> segments;  ///< in network order
};

/// Reads a partition file:
///   partition:
///     network: NAME          # informational
///     capacity_bytes: N      # informational: the capacity it was made for
///     segments:
///       - {first: conv1_1, last: pool3}
///       - {first: conv4_1, last: prob}
/// Throws ConfigError at the offending key.
PartitionFile load_partition_file(const std::string& path);

/// Throws ConfigError at the first segment that does not fit `layer_names` (in network
/// order): an unknown layer (with a did-you-mean), a segment whose last layer comes before
/// its first, or segments that do not cover every layer exactly once in order. Returns
/// the index of each segment's first layer.
std::vector<std::size_t> check_partition_file(const PartitionFile& p, const std::vector<std::string>& layer_names);

}  // namespace specsim::config
