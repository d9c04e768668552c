// SPDX-License-Identifier: MIT
// One experiment on its overlay (arch.overlay.type, through the overlay registry): plan the
// whole network, simulate it in SystemC (timing only, or with the datapath computing real
// values), and — for verify — compare every layer's datapath output with the reference.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/experiment.hpp"
#include "overlay/overlay.hpp"
#include "hw/timing_mode.hpp"

namespace specsim::core {

struct RunOptions {
    hw::TimingMode mode = hw::TimingMode::fast;
    bool compute_values = false;   ///< datapath computes real values (verify)
    bool fixed_point = false;      ///< quantise as the 16-bit datapath
    int max_spatial = 0;           ///< > 0: crop each layer's input to at most this H and W
    int max_channels = 0;          ///< > 0: cut input and output channels to at most this
    /// Dataflows to simulate, each over the whole network in one simulation (layer-major:
    /// layer i under dataflows[0], [1], …). Empty: the experiment's run.dataflow. Plans
    /// (schedules) are made once per layer and shared.
    std::vector<std::string> dataflows;
};

using LayerCheck = overlay::LayerCheck;

/// Where the wall time went (volatile: never written to result files).
struct RunProfile {
    double plan_seconds = 0;      ///< sparsity patterns, read schedules, blocks (analytic)
    double simulate_seconds = 0;  ///< SystemC simulation, excluding planning
    std::uint64_t schedules = 0;  ///< read schedules (or in-order reader runs) made
    std::uint64_t schedules_cached = 0;  ///< read schedules taken from the schedule cache
    std::vector<std::string> warnings;   ///< schedule cache trouble (results are unaffected)
};

struct RunOutput {
    stats::RunInfo info;
    /// One entry per layer (and per dataflow, layer-major, when several were asked for).
    std::vector<stats::LayerStats> layers;
    std::vector<std::string> dataflows;  ///< the dataflows simulated, in order
    std::vector<std::string> notes;      ///< per entry of `layers`: the overlay's table note (spectral: reuse_of its block)
    std::vector<LayerCheck> checks;  ///< compute_values only
    RunProfile profile;
};

/// Runs the experiment on its overlay. `source_dir` is the specsim checkout (for the git revision).
RunOutput run_experiment(const Experiment& e, const RunOptions& opt, const std::string& source_dir);

/// One layer of the experiment's network to simulate on its own under a given algorithm and
/// dataflow (a mapper's candidate; names as run.algorithm / run.dataflow take them).
struct LayerVariant {
    std::size_t layer = 0;  ///< index into e.network
    std::string algorithm, dataflow;
};

/// Simulates every variant as its own layer, all in one elaboration of the overlay (so call
/// it at most once per process, like run_experiment), and returns one LayerStats each, in
/// order. Layers keep their shapes; each starts from the memory's layer-start state, as in
/// a whole-network run. Throws specsim::Error for an overlay without algorithm choices.
std::vector<stats::LayerStats> simulate_variants(const Experiment& e, const std::vector<LayerVariant>& variants,
                                                 hw::TimingMode mode);

}  // namespace specsim::core
