// SPDX-License-Identifier: MIT
// Network files: the YAML format described in docs/networks.md, read strictly (unknown
// keys, unknown layer types and unknown inputs are errors with a did-you-mean).
#pragma once

#include <string>

#include "config/yaml_reader.hpp"
#include "workload/network.hpp"

namespace specsim::workload {

/// Builds a network from its YAML map (keys `name`, `source`, `input`, `layers`). Every
/// error is a ConfigError at the offending value, e.g.
/// "vgg16.yaml:12:7: network.layers[3]: layer 'conv2_1': kernel 5x5 is larger than …".
Network parse_network(const config::Node& root);

/// Loads and parses a network file; key paths start with "network".
Network load_network_file(const std::string& path);

}  // namespace specsim::workload
