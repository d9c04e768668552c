// SPDX-License-Identifier: MIT
// Typed run options of an experiment: seed, timing mode, batch, sparsity and outputs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config/yaml_reader.hpp"

namespace specsim::config {

struct LayerMapping;   // config/layer_mapping.hpp
struct PartitionFile;  // config/partition_file.hpp

/// How spectral kernels get their non-zeros when no trained weights are given.
struct SparsityParams {
    std::string source = "synthetic";      ///< synthetic | dense
    std::uint32_t nnz_per_kernel = 16;     ///< non-zero bins kept per K×K spectral kernel
    std::string distribution = "lowfreq";  ///< uniform | lowfreq
    double lowfreq_sigma = 0;              ///< 0 = the generator's documented default
};

struct RunParams {
    std::uint64_t seed = 1;          ///< every random draw derives from this
    std::string timing = "fast";     ///< cycle | fast
    std::uint32_t batch = 1;         ///< images per run
    SparsityParams sparsity;
    std::string dataflow;            ///< one of the overlay's dataflows (spectral: kernel_reuse | activation_reuse | flexible; systolic: os | ws | is)
    std::string algorithm;             ///< conv algorithm (systolic: im2col | kn2row | winograd2 | winograd4); "" = none
    std::string mapping_file;          ///< run.mapping: per-layer algorithm and dataflow file, as written ("" = none)
    std::shared_ptr<const LayerMapping> mapping;  ///< that file, loaded by the experiment loader (null = none)
    std::string partition = "layer";   ///< run.partition: layer | optimal | a partition file, as written
    std::shared_ptr<const PartitionFile> partition_file;  ///< that file, loaded by the experiment loader (null = none)
    std::uint64_t partition_capacity_bytes = 0;  ///< on-chip bytes a segment may use (0 = the device's left-over block memory)
    std::string reader = "offline";         ///< offline (play schedules) | in_order | online (arbiters)
    std::string scheduler = "greedy";       ///< offline schedules: greedy | exact
    std::int64_t exact_conflicts = 100000;  ///< exact: SAT conflicts per cycle count tried (< 0: none)
    std::uint32_t online_window = 4;        ///< online reader: lookahead window w (non-zeros per lane)
    std::string output_dir;          ///< where results go ("" = out/<experiment name>)
    /// run.schedule_cache: directory of the persistent read-schedule cache ("" = the default,
    /// $XDG_CACHE_HOME/specsim or ~/.cache/specsim); the experiment loader makes a relative
    /// path relative to the experiment file.
    std::string schedule_cache;
    std::uint64_t schedule_cache_mb = 256;  ///< run.schedule_cache_mb: size limit, MB (10^6 bytes)
    bool no_cache = false;                  ///< not a key: --no-cache (plan without the cache)
};

/// The run-level choices an overlay offers: the dataflows run.dataflow may name, its
/// default and description (no names: any string is taken, for tests that do not run an
/// overlay), and the conv algorithms run.algorithm may name (none: the overlay has no such
/// choice and the key is an error naming `overlay`).
struct DataflowChoice {
    std::vector<std::string> names;
    std::string def;
    std::string description = "the overlay's dataflow";
    std::vector<std::string> algorithms;
    std::string algorithm_def;
    std::string algorithm_description;
    std::string overlay;  ///< arch.overlay.type, for messages
};

RunParams parse_run(const Node& root, const DataflowChoice& dataflows = {});

}  // namespace specsim::config
