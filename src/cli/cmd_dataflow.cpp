// SPDX-License-Identifier: MIT
// `specsim dataflow EXPERIMENT [--layer NAME]`: the bandwidth–storage analysis of the
// flexible-dataflow paper without simulating — per conv layer the block each policy picks
// with its DDR traffic, buffer entries per bank and estimated latency; with --layer, every
// feasible (Ns, Ps) block of that layer.
#include <fmt/core.h>

#include "overlay/spectral/analytic/spectral_plan.hpp"
#include "cli/commands.hpp"
#include "core/experiment.hpp"

namespace specsim::cli {
namespace {

struct DataflowArgs {
    std::string experiment;
    std::vector<std::string> sets;
    std::string layer;
};

void print_option(const std::string& label, const analytic::BlockOption& o)
{
    fmt::print("{:<18} {:>5}x{:<5} {:>10.3f} {:>9} {:>9} {:>9} {:>12.0f} {:>12.0f} {:>9}\n", label, o.block.ns,
               o.block.ps, double(o.traffic.total()) / 1e6, o.input_entries, o.kernel_entries, o.psum_entries,
               o.compute_cycles, o.transfer_cycles, o.transfer_bound() ? "transfer" : "compute");
}

void print_head(const char* first)
{
    fmt::print("{:<18} {:>11} {:>10} {:>9} {:>9} {:>9} {:>12} {:>12} {:>9}\n", first, "Ns x Ps", "DDR MB", "in/bank",
               "krn/bank", "psum/bank", "compute cyc", "transfer cyc", "bound by");
}

void cmd_dataflow(const DataflowArgs& a)
{
    const core::Experiment e = core::load_experiment(a.experiment, config::parse_overrides(a.sets));
    if (e.arch.overlay_type != "spectral")
        throw Error("specsim dataflow analyses the spectral overlay's streaming blocks; arch '" + e.arch.name +
                    "' is a " + e.arch.overlay_type + " overlay (specsim table compares its dataflows)");
    const auto& s = analytic::spectral_params(e.arch);
    fmt::print("bandwidth-storage analysis of {} on {}: buffers input {} / kernel {} / psum {} entries per bank, "
               "DDR peak {:.1f} GB/s\n",
               e.network.name(), e.arch.name, s.buffers.input_depth, s.buffers.kernel_depth, s.buffers.psum_depth,
               e.arch.ddr.channels * e.arch.ddr.bandwidth_per_channel.bytes_per_s / 1e9);
    bool found = a.layer.empty();
    for (std::size_t i = 0; i < e.network.size(); ++i) {
        const auto& l = e.network.layer(i);
        if (l.kind != workload::LayerKind::Conv || (!a.layer.empty() && l.name != a.layer)) continue;
        found = true;
        std::unique_ptr<numerics::SparsityPattern> pattern;
        if (e.run.sparsity.source == "synthetic")
            pattern = std::make_unique<numerics::SparsityPattern>(analytic::synthetic_pattern(l, e.arch, e.run));
        const auto plan = analytic::plan_spectral_layer(l, e.arch, e.run, pattern.get());
        if (!plan.runnable()) {
            fmt::print("\n{}: skipped: {}\n", l.name, plan.skip_reason);
            continue;
        }
        const auto opts = analytic::block_options(plan, e.arch);
        fmt::print("\n{}: {} feasible blocks\n", l.name, opts.size());
        print_head("policy");
        for (const std::string df : {"kernel_reuse", "activation_reuse", "flexible"}) {
            const auto b = analytic::choose_block(plan, e.arch, df);
            for (const auto& o : opts)
                if (o.block.ns == b.ns && o.block.ps == b.ps) print_option(df, o);
        }
        if (!a.layer.empty()) {
            fmt::print("\nevery feasible block:\n");
            print_head("");
            for (const auto& o : opts) print_option("", o);
        }
    }
    if (!found) throw Error("no conv layer named '" + a.layer + "' in " + e.network.name());
}

}  // namespace

void add_dataflow_command(CLI::App& app, CommandContext&)
{
    auto args = std::make_shared<DataflowArgs>();
    CLI::App* c = app.add_subcommand("dataflow", "Bandwidth-storage analysis: each policy's block per layer, or every feasible block of one layer");
    c->add_option("experiment", args->experiment, "experiment YAML")->required();
    c->add_option("--layer", args->layer, "list every feasible (Ns, Ps) block of this conv layer");
    c->add_option("--set", args->sets, "override key.path=value");
    c->callback([args] { cmd_dataflow(*args); });
}

}  // namespace specsim::cli
