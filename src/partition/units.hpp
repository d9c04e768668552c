// SPDX-License-Identifier: MIT
// The pieces a network is partitioned into (OCCAM, PAPERS.md §4): a unit is a layer that
// produces a feature map of its own plus the layers that run in its output path and never
// leave the chip (activations, batchnorm, dropout, LRN and, when the overlay fuses them,
// pooling). Segments are runs of consecutive units in the network's topological order.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "workload/network.hpp"

namespace specsim::partition {

/// What runs in a producer's output path rather than as its own unit.
struct UnitOptions {
    /// Pooling whose input has no other consumer joins its producer's unit (the spectral
    /// overlay's `output_path: fused`); false: pooling layers are units of their own.
    bool fuse_pooling = false;
    /// The kinds that run in their producer's output path (pooling aside).
    std::vector<workload::LayerKind> output_path_kinds{workload::LayerKind::Relu, workload::LayerKind::Tanh,
                                                       workload::LayerKind::BatchNorm, workload::LayerKind::Dropout,
                                                       workload::LayerKind::Lrn, workload::LayerKind::Softmax};
};

/// Layers [first, last] of the network (indices into Network::layers()), one unit.
struct Unit {
    std::size_t first = 0;
    std::size_t last = 0;
    std::string name;  ///< the first layer's name
};

/// The network's units in topological order. A layer joins the unit before it when it is
/// an output-path kind (UnitOptions::output_path_kinds; pooling with fuse_pooling), its only input is the previous layer and that layer has no other
/// consumer; otherwise it starts a unit.
std::vector<Unit> make_units(const workload::Network& net, const UnitOptions& opt = {});

/// Index of the unit holding layer `layer`.
std::size_t unit_of(const std::vector<Unit>& units, std::size_t layer);

}  // namespace specsim::partition
