// SPDX-License-Identifier: MIT
// Dependence closure of a segment (OCCAM, PAPERS.md §4): the rows of every feature map a
// segment must keep on chip so that each output row is computed from rows already there,
// walked back from the segment's outputs through kernel, stride, padding and pooling
// (rows_{l−1} = (rows_l − 1)·s_l + k_l on a chain), and the bytes of those line buffers
// plus the segment's filters. Also the segment's off-chip traffic under full reuse.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "partition/units.hpp"
#include "workload/network.hpp"

namespace specsim::partition {

/// Sizes the analysis works in.
struct ClosureOptions {
    std::int64_t fmap_bytes = 2;    ///< bytes per feature-map element (16-bit)
    std::int64_t weight_bytes = 2;  ///< bytes per weight or bias
    /// Output rows a layer produces per step (its line-buffer granularity); null = 1 for
    /// every layer. The spectral overlay produces a conv's rows one OaA tile row at a time:
    /// T = K − k + 1 rows.
    std::function<std::int64_t(const workload::Layer&)> rows_per_step;
    /// Bytes of a layer's filters as the overlay stores them (spectral: sparse spectral
    /// kernels with their indices); null = (weights + biases) × weight_bytes.
    std::function<std::int64_t(const workload::Layer&)> filter_bytes;
};

/// One feature map held on chip by a segment.
struct LineBuffer {
    int producer = -1;         ///< layer index, -1 = the network input
    std::int64_t rows = 0;     ///< rows held (≤ the map's height)
    std::int64_t bytes = 0;    ///< rows × W × C × fmap_bytes
    bool external = false;     ///< produced outside the segment (streamed in from DDR)
};

/// Closure of a segment of consecutive layers.
struct Closure {
    std::vector<LineBuffer> buffers;
    std::int64_t line_buffer_bytes = 0;
    std::int64_t filter_bytes = 0;  ///< weights and biases of the segment's layers
    std::int64_t bytes() const { return line_buffer_bytes + filter_bytes; }
};

/// Off-chip traffic of a segment under full reuse: every external feature map read once,
/// every feature map leaving the segment (or the network output) written once, filters
/// read once.
struct SegmentTraffic {
    std::int64_t fmap_read_bytes = 0;
    std::int64_t fmap_write_bytes = 0;
    std::int64_t filter_bytes = 0;
    std::int64_t fmap_bytes() const { return fmap_read_bytes + fmap_write_bytes; }
    std::int64_t total() const { return fmap_bytes() + filter_bytes; }
};

/// The closure of layers [first, last] (indices into net.layers()). Throws specsim::Error
/// for an empty or out-of-range range.
Closure closure(const workload::Network& net, std::size_t first, std::size_t last, const ClosureOptions& opt);

/// The traffic of layers [first, last] run as one segment.
SegmentTraffic segment_traffic(const workload::Network& net, std::size_t first, std::size_t last,
                               const ClosureOptions& opt);

}  // namespace specsim::partition
