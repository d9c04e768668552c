// SPDX-License-Identifier: MIT
// A per-layer mapping: for named layers, the conv algorithm and dataflow to run them with
// (written by `specsim map`, read through `run.mapping: FILE`). Layers it does not name run
// with run.algorithm and run.dataflow.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "config/run_params.hpp"
#include "config/yaml_reader.hpp"

namespace specsim::config {

struct LayerChoice {
    std::string layer;      ///< network layer name
    std::string algorithm;  ///< one of the overlay's run.algorithm names
    std::string dataflow;   ///< one of the overlay's run.dataflow names
    Node where;             ///< the entry in the file, for errors found later (unknown layer)
};

struct LayerMapping {
    std::string file;                ///< the file it was read from ("" = none)
    std::vector<LayerChoice> layers; ///< in file order, each layer at most once
    /// The entry for `layer`, or nullptr.
    const LayerChoice* find(const std::string& layer) const;
};

/// Reads a mapping file:
///   mapping:
///     network: NAME            # informational
///     layers:
///       - {layer: conv1, algorithm: im2col, dataflow: os}
/// `choices` gives the overlay's algorithm and dataflow names (a typo gets a did-you-mean);
/// a layer named twice is an error. Throws ConfigError at the offending key.
LayerMapping load_layer_mapping(const std::string& path, const DataflowChoice& choices);

/// Throws ConfigError at the first mapped layer that `layer_names` does not contain (with
/// the closest name as a suggestion), or that is not among `mappable` (layers whose
/// algorithm and dataflow mean something: conv and fc); `kind_of` names a layer's type.
void check_mapped_layers(const LayerMapping& m, const std::vector<std::string>& layer_names,
                         const std::vector<std::string>& mappable,
                         const std::function<std::string(const std::string&)>& kind_of);

}  // namespace specsim::config
