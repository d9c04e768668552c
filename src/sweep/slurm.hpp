// SPDX-License-Identifier: MIT
// `specsim sweep --emit-slurm N`: a Slurm array job of N tasks, each running one shard of
// the sweep, a merge job, and a script that submits the array and then the merge once every
// shard has ended (--dependency=afterany).
#pragma once

#include <cstddef>
#include <string>

#include "sweep/sweep_spec.hpp"

namespace specsim::sweep {

/// The three scripts' text.
struct SlurmScripts {
    std::string array_sbatch;  ///< array job: task I runs `specsim sweep … --shard I/N`
    std::string merge_sbatch;  ///< `specsim sweep merge OUT`
    std::string submit_sh;     ///< submits both, prints "<array job id> <merge job id>"
};

/// Where the scripts run and what they call; every path absolute.
struct SlurmSetup {
    std::string sweep_name;   ///< job names: specsim-<name>, specsim-<name>-merge
    std::size_t shards = 1;   ///< array tasks (≥ 1)
    std::string slurm_dir;    ///< where the scripts and the logs (shard-<task>.log, merge.log) go
    std::string work_dir;     ///< the tasks cd here first (relative paths of the sweep resolve as here)
    std::string specsim_exe;  ///< the specsim executable
    std::string sweep_file;   ///< the sweep YAML
    std::string output_dir;   ///< the sweep's results directory (--out of every shard)
};

/// The scripts for `setup` (pure text; each starts with #!/bin/bash and `set -euo pipefail`).
SlurmScripts slurm_scripts(const SlurmSetup& setup);

/// Writes OUT/slurm/array.sbatch, merge.sbatch and submit.sh (executable) for `spec`, OUT
/// being spec.output_dir made absolute against the current directory, which is also the
/// tasks' working directory. Returns OUT/slurm.
std::string write_slurm_scripts(const SweepSpec& spec, const std::string& sweep_file, std::size_t shards,
                                const std::string& specsim_exe);

}  // namespace specsim::sweep
