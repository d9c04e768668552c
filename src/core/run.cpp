// SPDX-License-Identifier: MIT
// Planning, simulation and verification of one experiment on its overlay. Nothing here
// names an overlay: the registry maps arch.overlay.type to its implementation.
#include "core/run.hpp"

#include <algorithm>
#include <chrono>

#include "config/experiment.hpp"
#include "config/layer_mapping.hpp"
#include "core/build_info.hpp"
#include "core/partition_pass.hpp"
#include "overlay/registry.hpp"
#include "report/provenance.hpp"

namespace specsim::core {
namespace {

bool is_conv(const workload::Layer& l) { return l.kind == workload::LayerKind::Conv; }

// The layer as verify runs it: input cropped to max_spatial and channels cut to
// max_channels (0 = as in the network), output shape re-inferred.
workload::Layer reduced_layer(const workload::Layer& l, const RunOptions& opt)
{
    workload::Layer r = l;
    if (!is_conv(l)) return r;
    auto& in = r.input_shapes.at(0);
    auto& c = std::get<workload::ConvParams>(r.params);
    if (opt.max_spatial > 0) {
        in.h = std::min<std::int64_t>(in.h, opt.max_spatial);
        in.w = std::min<std::int64_t>(in.w, opt.max_spatial);
    }
    if (opt.max_channels > 0) {
        in.c = std::min<std::int64_t>(in.c, opt.max_channels);
        c.out_channels = std::min<std::int64_t>(c.out_channels, opt.max_channels);
    }
    r.output = workload::infer_output_shape(r);
    return r;
}

}  // namespace

RunOutput run_experiment(const Experiment& e, const RunOptions& opt, const std::string& source_dir)
{
    RunOutput out;
    const auto& arch = e.arch;
    const overlay::Overlay& ov = overlay::find_overlay(arch.overlay_type);
    stats::RunInfo& info = out.info;
    info.experiment = e.tree.name;
    info.network = e.network.name();
    info.arch = arch.name;
    info.device = arch.device.name;
    info.overlay = ov.type();
    info.clock_hz = arch.clock.hz;
    info.seed = e.run.seed;
    info.timing = opt.mode == hw::TimingMode::cycle ? "cycle" : "fast";
    info.dataflow = e.run.dataflow;
    const overlay::Describe desc = ov.describe(arch, e.run);
    info.reader = desc.reader;
    info.pe_lanes = desc.pe_lanes;
    info.kernel_lanes = desc.kernel_lanes;
    const overlay::Resources res = ov.resources(arch, e.run);
    info.dsp_used = res.dsp;
    info.dsp_available = arch.device.dsp;
    info.bram36_used = res.bram36;
    info.bram36_available = arch.device.bram36;
    info.uram_used = res.uram;
    info.uram_available = arch.device.uram;
    info.config_hash = report::config_hash(config::resolved_body_yaml(e.tree));
    // The revision the binary was built from; the checkout's, when the build has none.
    info.git_revision = build_revision() != "unknown" ? build_revision() : report::git_revision(source_dir);
    if (!res.feasible) throw Error("design '" + arch.name + "' does not fit " + arch.device.name + ": " + res.reason);

    out.dataflows = opt.dataflows.empty() ? std::vector<std::string>{e.run.dataflow} : opt.dataflows;
    if (opt.compute_values && out.dataflows.size() != 1) throw Error("verify runs one dataflow at a time");
    const std::size_t D = out.dataflows.size();

    // Verify runs conv layers only, cropped; the whole network is planned before simulation.
    std::vector<workload::Layer> ran;
    for (const auto& l : e.network.layers())
        if (!opt.compute_values || is_conv(l)) ran.push_back(reduced_layer(l, opt));
    overlay::PlanProfile pp;
    std::vector<overlay::PlanPtr> plans = ov.plan(ran, arch, e.run, out.dataflows, pp);
    // The cross-layer partition, a pass over the planned network (verify runs layers alone).
    PartitionPlan partition;
    if (!opt.compute_values) {
        partition = apply_partition(e, ov, plans, D);
        info.partition = partition.scheme;
        info.partition_capacity_bytes = static_cast<std::uint64_t>(partition.capacity_bytes);
        for (const SegmentPlan& s : partition.segments)
            info.segments.push_back({s.first, s.last, static_cast<std::uint64_t>(s.closure_bytes), s.fits,
                                     static_cast<std::uint64_t>(s.analysis.fmap_read_bytes),
                                     static_cast<std::uint64_t>(s.analysis.fmap_write_bytes),
                                     static_cast<std::uint64_t>(s.analysis.filter_bytes)});
    }
    out.profile.plan_seconds = pp.seconds;
    out.profile.schedules = pp.schedules;
    out.profile.schedules_cached = pp.schedules_cached;
    out.profile.warnings = pp.warnings;
    for (const auto& p : plans) out.notes.push_back(p->runnable() ? ov.note(*p) : std::string());

    std::vector<overlay::DataPtr> data(plans.size());
    if (opt.compute_values)
        for (std::size_t j = 0; j < plans.size(); ++j)
            if (plans[j]->runnable()) data[j] = ov.make_data(ran[j / D], *plans[j], arch, e.run, opt.fixed_point);

    using Clock = std::chrono::steady_clock;
    const auto sim0 = Clock::now();
    out.layers = ov.simulate(plans, data, arch, opt.mode);
    out.profile.simulate_seconds = std::chrono::duration<double>(Clock::now() - sim0).count();
    if (!partition.segment_of_layer.empty())
        for (std::size_t j = 0; j < out.layers.size(); ++j) out.layers[j].segment = partition.segment_of_layer.at(j / D);

    if (opt.compute_values)
        for (std::size_t j = 0; j < plans.size(); ++j)
            if (data[j]) out.checks.push_back(ov.check(ran[j / D], *plans[j], *data[j], opt.fixed_point));
    return out;
}

std::vector<stats::LayerStats> simulate_variants(const Experiment& e, const std::vector<LayerVariant>& variants,
                                                 hw::TimingMode mode)
{
    const overlay::Overlay& ov = overlay::find_overlay(e.arch.overlay_type);
    if (ov.dataflow_choice().algorithms.empty())
        throw Error("the " + ov.type() + " overlay has no algorithm choices to simulate");
    // Each variant is a copy of its layer under a unique name, mapped to its choice.
    std::vector<workload::Layer> layers;
    auto mapping = std::make_shared<config::LayerMapping>();
    for (std::size_t i = 0; i < variants.size(); ++i) {
        workload::Layer l = e.network.layer(variants[i].layer);
        l.name = "variant" + std::to_string(i) + ":" + l.name;
        mapping->layers.push_back({l.name, variants[i].algorithm, variants[i].dataflow, {}});
        layers.push_back(std::move(l));
    }
    config::RunParams run = e.run;
    run.mapping = mapping;
    overlay::PlanProfile pp;
    const std::vector<overlay::PlanPtr> plans = ov.plan(layers, e.arch, run, {e.run.dataflow}, pp);
    return ov.simulate(plans, {}, e.arch, mode);
}

}  // namespace specsim::core
