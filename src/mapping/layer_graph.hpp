// SPDX-License-Identifier: MIT
// A network as the mapper's PBQP: one node per layer with that layer's options (a conv
// layer's (algorithm, dataflow) pairs; one option for a layer with no choice), one edge per
// producer → consumer pair carrying the layout-transformation costs between their options.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "mapping/pbqp.hpp"
#include "workload/network.hpp"

namespace specsim::mapping {

/// One layer's options: a label per option and its node cost (seconds), same length ≥ 1.
struct LayerOptions {
    std::vector<std::string> labels;
    std::vector<double> cost_s;
};

/// Seconds to hand layer `producer`'s output, produced under its option `a`, to layer
/// `consumer` run under its option `b` (the layout transformation; 0 when none is needed).
using EdgeCost = std::function<double(std::size_t producer, std::size_t a, std::size_t consumer, std::size_t b)>;

/// The PBQP of `net`: node i is layer i with options[i]; an edge for every distinct
/// (producer, consumer) pair of layers (reads of the network input have no edge: the input
/// arrives in whatever layout its first consumer wants). Throws specsim::Error when
/// options.size() differs from the layer count or a layer has no option or mismatched
/// label/cost lengths.
PbqpProblem network_pbqp(const workload::Network& net, const std::vector<LayerOptions>& options, const EdgeCost& edge);

}  // namespace specsim::mapping
