// SPDX-License-Identifier: MIT
// Loading an experiment file into its three source trees (arch, network, run), each
// remembering its own file so errors point at the right place, plus dotted-path overrides
// (sweeps) applied before anything is parsed.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "config/yaml_reader.hpp"

namespace specsim::config {

/// One `--set key.path=value` override (value is YAML text).
struct Override {
    std::string path;
    std::string value;
};

struct ExperimentTree {
    std::string experiment_file;
    std::string name;          ///< experiment name
    std::string arch_file;     ///< file the arch came from (experiment file when inline)
    std::string network_file;
    Node experiment;           ///< the experiment file's root
    Node arch;                 ///< arch map, key paths "arch.…"
    Node network;              ///< network map, key paths "network.…"
    Node run;                  ///< run map, key paths "run.…"
};

/// Reads an experiment file; `arch:` and `network:` are paths relative to it (or inline
/// maps). Overrides go to the tree named by their first path component.
ExperimentTree load_experiment_tree(const std::string& path,
                                    const std::vector<Override>& overrides = {});

/// Parses "a.b.c=value" into an Override (throws specsim::Error when malformed).
Override parse_override(const std::string& text);
/// parse_override for each `--set` argument, in order.
std::vector<Override> parse_overrides(const std::vector<std::string>& texts);

/// Applies one override to a tree whose root path is `root_prefix` ("arch").
void apply_override(Node& root, const std::string& root_prefix, const Override& ov);

/// The resolved experiment without the header comments naming its files: what the config
/// hash is taken over, so the hash does not depend on how a path was spelled.
std::string resolved_body_yaml(const ExperimentTree& tree);

/// The whole resolved experiment as one YAML document (after parsing filled defaults in).
std::string resolved_yaml(const ExperimentTree& tree);

/// What kind of config a file holds, guessed from its top-level keys.
enum class ConfigKind { experiment, arch, network, sweep };
ConfigKind detect_kind(const Node& root);

/// Resolves `rel` against the directory of `base_file` (absolute `rel` is kept).
std::string resolve_relative(const std::string& base_file, const std::string& rel);

}  // namespace specsim::config
