// SPDX-License-Identifier: MIT
// Published figures an experiment is compared with in paper-style tables (`published:` in
// the experiment file): where they come from and the numbers.
#pragma once

#include <string>

#include "config/yaml_reader.hpp"

namespace specsim::config {

struct PublishedFigures {
    bool present = false;
    std::string source;                 ///< paper / code the figures come from
    double latency_s = 0;               ///< end-to-end latency of the network (0 = not given)
    double baseline_latency_s = 0;      ///< the paper's baseline design, if it gives one
    double transfer_reduction_pct = 0;  ///< DDR transfer reduction of the flexible dataflow, %
};

/// Parses the optional `published:` map of an experiment (an absent map → present = false).
PublishedFigures parse_published(const Node& experiment_root);

}  // namespace specsim::config
