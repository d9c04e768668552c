// SPDX-License-Identifier: MIT
// A fully parsed experiment (arch + network + run options), and loading of any config
// file for check-config / dump-config.
#pragma once

#include <string>
#include <vector>

#include "config/arch_params.hpp"
#include "config/experiment.hpp"
#include "config/published.hpp"
#include "config/run_params.hpp"
#include "workload/network.hpp"

namespace specsim::core {

struct Experiment {
    config::ExperimentTree tree;  ///< source trees, defaults filled in after parsing
    config::ArchParams arch;
    workload::Network network;
    config::RunParams run;
    config::PublishedFigures published;  ///< optional, for paper-style tables
};

/// Loads and parses an experiment file with optional overrides; throws ConfigError/Error.
Experiment load_experiment(const std::string& path, const std::vector<config::Override>& overrides = {});

/// Any config file (experiment, arch or network), parsed and checked.
struct CheckedConfig {
    config::ConfigKind kind;
    std::string summary;        ///< one line: what the file holds
    std::string resolved_yaml;  ///< the fully resolved config, defaults filled in
};
CheckedConfig check_config_file(const std::string& path,
                                const std::vector<config::Override>& overrides = {});

}  // namespace specsim::core
