// SPDX-License-Identifier: MIT
// The seam between "what the hardware is" and "how a network runs on it": one Overlay
// interface, implemented once per accelerator design (src/overlay/<type>/), chosen by
// arch.overlay.type through the registry (overlay/registry.hpp). The experiment, run,
// verify, table, sweep and report code talk to overlays only through this header.
// No SystemC here: an overlay elaborates its SystemC top inside simulate().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/arch_params.hpp"
#include "config/run_params.hpp"
#include "config/yaml_reader.hpp"
#include "hw/timing_mode.hpp"
#include "numerics/tensor.hpp"
#include "stats/layer_stats.hpp"
#include "stats/stat_group.hpp"
#include "util/error.hpp"
#include "workload/layer.hpp"

namespace specsim::overlay {

/// One layer as an overlay will run it, under one dataflow. Each overlay derives its own
/// plan type from this; passes (algorithm mapping, fusion) rewrite plans before simulation.
struct LayerPlan {
    virtual ~LayerPlan() = default;
    std::string layer;            ///< layer name
    std::string kind;             ///< layer type ("conv", "fc", …)
    std::string skip_reason;      ///< non-empty: the overlay does not run this layer (why)
    std::string dataflow;         ///< the dataflow this plan runs under (overlay-specific name)
    bool runnable() const { return skip_reason.empty(); }
};
using PlanPtr = std::shared_ptr<const LayerPlan>;

/// Real values of one layer for verify: the input, the weights as the overlay stores them,
/// and after simulation the datapath's output. Overlays derive from it.
struct LayerData {
    virtual ~LayerData() = default;
    numerics::Tensor4 output;     ///< written by the datapath during simulate()
};
using DataPtr = std::shared_ptr<LayerData>;

/// A layer's datapath output against the overlay's numerics reference.
struct LayerCheck {
    std::string layer;
    std::string shape;            ///< what ran, e.g. "64x16x16->64"
    double max_rel = 0;
    double snr_db = 0;
    bool pass = false;
};

/// The overlay's resources on its device.
struct Resources {
    std::uint64_t dsp = 0;        ///< DSP slices
    double bram36 = 0;            ///< BRAM36 units (a BRAM18 = 0.5)
    std::uint64_t uram = 0;       ///< URAM blocks
    bool feasible = true;
    std::string reason;           ///< why not, when !feasible
};

/// A dataflow `specsim table` compares: its run.dataflow name, short column label ("KR",
/// "OS", …) and long name for the summary lines ("kernel reuse").
struct TableDataflow {
    std::string name;
    std::string label;
    std::string long_name;
};

/// Texts of the overlay's dataflow table: the header of the last variant's note column
/// ("" = none) and the legend line.
struct TableText {
    std::string note_head;
    std::string legend;
};

/// What the overlay reports about itself in the run header (RunInfo).
struct Describe {
    std::string reader = "-";         ///< the sparse reader, "-" where there is none
    std::uint32_t pe_lanes = 0;       ///< MAC lanes
    std::uint32_t kernel_lanes = 0;   ///< lanes that hold different kernels
};

/// What `specsim verify` compares the datapath with, and when a layer passes.
struct VerifyText {
    std::string datapath;         ///< e.g. "16-bit fixed point", "double"
    std::string reference;        ///< e.g. "FFTW reference with the same pruned kernels"
    std::string pass;             ///< e.g. "SNR ≥ 50 dB"
};

/// Wall time spent planning (volatile, never in result files).
struct PlanProfile {
    double seconds = 0;
    std::uint64_t schedules = 0;      ///< schedules or other per-block plans made
    std::uint64_t schedules_cached = 0;  ///< schedules taken from the persistent cache instead
    std::vector<std::string> warnings;   ///< cache trouble (for the CLI to print); results unaffected
};

/// How the overlay holds a network's data on chip, for partitioning into segments that
/// keep their dependence closure there (OCCAM, src/partition).
struct PartitionModel {
    std::int64_t fmap_bytes = 2;   ///< bytes per feature-map element
    bool fuse_pooling = false;     ///< pooling runs in its producer's output path
    /// Other kinds that run in their producer's output path (no traffic of their own).
    std::vector<workload::LayerKind> output_path_kinds{workload::LayerKind::Relu, workload::LayerKind::Tanh,
                                                       workload::LayerKind::BatchNorm, workload::LayerKind::Dropout,
                                                       workload::LayerKind::Lrn, workload::LayerKind::Softmax};
    /// Output rows a layer produces per step (null = 1 for every layer).
    std::function<std::int64_t(const workload::Layer&)> rows_per_step;
    /// Bytes of a layer's filters as stored (null = parameters × fmap_bytes).
    std::function<std::int64_t(const workload::Layer&)> filter_bytes;
    std::string note;              ///< one line: which rows and which filter bytes, for reports
};

/// Where a planned layer's data lives under a cross-layer partition (run.partition,
/// src/core/partition_pass): set by the partition pass, honoured by the overlay's
/// simulation (Overlay::place).
struct Placement {
    std::vector<bool> input_on_chip;  ///< per input: produced in the same segment, read from its line buffer
    bool input_once = false;          ///< inputs read from DDR: each element once (the line buffer keeps it)
    bool output_on_chip = false;      ///< no layer outside the segment reads the output: not written to DDR
    bool filters_resident = false;    ///< filters read from DDR once and kept on chip for the layer
};

class Overlay {
public:
    virtual ~Overlay() = default;
    /// arch.overlay.type of this overlay.
    virtual std::string type() const = 0;
    /// Parses the arch file's `overlay:` map (its `type` already read) into this overlay's
    /// parameters; strict: unknown keys are errors (MapReader::done()).
    virtual std::unique_ptr<config::OverlayParams> parse_params(config::MapReader& overlay) const = 0;
    /// The run's dataflow names this overlay accepts, its default and what they mean
    /// (run.dataflow is parsed with it).
    virtual config::DataflowChoice dataflow_choice() const = 0;
    /// One line for check-config: the overlay's main parameters.
    virtual std::string summary(const config::ArchParams& arch) const = 0;
    /// The dataflows `specsim table` compares, in column order.
    virtual std::vector<TableDataflow> table_dataflows() const = 0;
    virtual TableText table_text() const = 0;
    /// The table's note for a plan (spectral: which operand its block keeps).
    virtual std::string note(const LayerPlan& plan) const = 0;
    /// The counters this overlay reports beyond the common ones.
    virtual const stats::StatGroup& stat_group() const = 0;
    virtual Resources resources(const config::ArchParams& arch, const config::RunParams& run) const = 0;
    virtual Describe describe(const config::ArchParams& arch, const config::RunParams& run) const = 0;
    /// Plans every layer of the network before anything is simulated: for each layer, one
    /// plan per dataflow in `dataflows`, layer-major (layer i under dataflows[0], [1], …).
    /// Layers the overlay cannot run get a plan with a skip_reason. Throws specsim::Error
    /// on bad input (a layer that cannot fit the buffers, …).
    virtual std::vector<PlanPtr> plan(const std::vector<workload::Layer>& layers, const config::ArchParams& arch,
                                      const config::RunParams& run, const std::vector<std::string>& dataflows,
                                      PlanProfile& profile) const = 0;
    /// Real input and weights for a runnable plan (verify); `fixed`: the fixed-point datapath.
    virtual DataPtr make_data(const workload::Layer& layer, const LayerPlan& plan, const config::ArchParams& arch,
                              const config::RunParams& run, bool fixed) const = 0;
    /// Elaborates the overlay's SystemC top (once per process) and runs every plan in
    /// order; data[i] non-null: plan i's datapath computes values into data[i]->output.
    /// Returns one LayerStats per plan, its group set to stat_group().
    virtual std::vector<stats::LayerStats> simulate(const std::vector<PlanPtr>& plans, const std::vector<DataPtr>& data,
                                                    const config::ArchParams& arch, hw::TimingMode mode) const = 0;
    /// Sizes and row granularity for the partitioning analysis; the default is one row per
    /// step, 16-bit maps and weights.
    virtual PartitionModel partition_model(const config::ArchParams& arch, const config::RunParams& run) const
    {
        (void)arch;
        (void)run;
        PartitionModel m;
        m.note = "rows: one output row per step; filters: parameters x 2 bytes";
        return m;
    }
    /// The plan with its data placed as `p` says (a partition pass); overlays that cannot
    /// simulate partitions throw specsim::Error.
    virtual PlanPtr place(const LayerPlan& plan, const Placement& p, const workload::Layer& layer,
                          const config::ArchParams& arch) const
    {
        (void)p;
        (void)layer;
        (void)arch;
        throw Error("the " + type() + " overlay does not simulate cross-layer partitions (run.partition: layer only); "
                    "layer '" + plan.layer + "'");
    }
    /// Bytes of the layer's filters as the planned layer streams them once from DDR (a
    /// partition's filter traffic); -1 = use PartitionModel::filter_bytes.
    virtual std::int64_t stored_filter_bytes(const LayerPlan& plan, const config::ArchParams& arch) const
    {
        (void)plan;
        (void)arch;
        return -1;
    }
    /// The verify header's reference and pass criterion for the double or fixed datapath.
    virtual VerifyText verify_text(const config::ArchParams& arch, bool fixed) const = 0;
    /// The datapath output of a simulated layer against the numerics reference.
    virtual LayerCheck check(const workload::Layer& layer, const LayerPlan& plan, const LayerData& data,
                             bool fixed) const = 0;
};

}  // namespace specsim::overlay
