// SPDX-License-Identifier: MIT
// `specsim schedule EXPERIMENT`: the sparse-kernel read schedules of every conv layer, made
// by the chosen algorithm without simulating anything — per layer the cycles per (kernel
// group, channel) block against the proven lower bound, bubbles, slot efficiency, read
// conflicts of the run-time arbiters and the time it took. `--check` validates every
// offline schedule with the independent checker (exit 1 on a violation).
#include <chrono>
#include <cstdio>

#include <fmt/core.h>

#include "overlay/spectral/analytic/spectral_plan.hpp"
#include "cli/commands.hpp"
#include "core/experiment.hpp"

namespace specsim::cli {
namespace {

struct ScheduleArgs {
    std::string experiment;
    std::vector<std::string> sets;
    std::string algorithm;  // "" = the experiment's reader/scheduler
    int window = 0;
    long long conflicts = 0;
    bool check = false;
};

struct Totals {
    std::uint64_t blocks = 0, cycles = 0, bound = 0, nnz = 0, slots = 0, conflicts = 0, unproven = 0;
    double seconds = 0;
};

void print_row(const std::string& name, const Totals& t, int np)
{
    const auto per = [&](std::uint64_t x) { return t.blocks ? double(x) / double(t.blocks) : 0.0; };
    fmt::print("{:<10} {:>7} {:>9.3f} {:>9.3f} {:>7.3f} {:>12} {:>9.3f} {:>10} {:>9} {:>9.3f}\n", name, t.blocks,
               per(t.cycles), per(t.bound), per(t.cycles) - per(t.bound), t.slots - t.nnz,
               t.cycles ? double(t.nnz) / (double(t.cycles) * np) : 0.0, t.conflicts, t.unproven, t.seconds);
}

int cmd_schedule(const ScheduleArgs& a)
{
    core::Experiment e = core::load_experiment(a.experiment, config::parse_overrides(a.sets));
    config::RunParams run = e.run;
    if (a.algorithm == "in_order" || a.algorithm == "online") {
        run.reader = a.algorithm;
    } else if (a.algorithm == "greedy" || a.algorithm == "exact") {
        run.reader = "offline";
        run.scheduler = a.algorithm;
    }
    if (a.window > 0) run.online_window = static_cast<std::uint32_t>(a.window);
    if (a.conflicts != 0) run.exact_conflicts = a.conflicts;
    const std::string algo = run.reader == "offline" ? run.scheduler : run.reader;
    if (e.arch.overlay_type != "spectral")
        throw Error("specsim schedule makes the spectral overlay's read schedules; arch '" + e.arch.name + "' is a " +
                    e.arch.overlay_type + " overlay");
    if (run.sparsity.source != "synthetic") throw Error("specsim schedule needs run.sparsity.source: synthetic");
    const int np = static_cast<int>(analytic::spectral_params(e.arch).kernels_parallel), r = static_cast<int>(analytic::spectral_params(e.arch).replicas);

    fmt::print("read schedules of {} on {}: algorithm {}{}, r = {}, N' = {}\n", e.network.name(), e.arch.name, algo,
               algo == "online" ? fmt::format(" (window {})", run.online_window)
                                : algo == "exact" ? fmt::format(" ({} conflicts per call)", run.exact_conflicts) : "",
               r, np);
    fmt::print("{:<10} {:>7} {:>9} {:>9} {:>7} {:>12} {:>9} {:>10} {:>9} {:>9}\n", "layer", "blocks", "T/block",
               "bound", "gap", "bubbles", "slot eff", "conflicts", "unproven", "seconds");
    Totals all;
    int violations = 0;
    for (std::size_t i = 0; i < e.network.size(); ++i) {
        const auto& l = e.network.layer(i);
        if (l.kind != workload::LayerKind::Conv) continue;
        const auto t0 = std::chrono::steady_clock::now();
        const auto pattern = analytic::synthetic_pattern(l, e.arch, run);
        const auto plan = analytic::plan_spectral_layer(l, e.arch, run, &pattern);
        Totals t;
        t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!plan.runnable()) {
            fmt::print("{:<10} skipped: {}\n", l.name, plan.skip_reason);
            continue;
        }
        for (int g = 0; g < plan.kernel_groups; ++g)
            for (int m = 0; m < plan.in_channels; ++m) {
                const std::size_t b = static_cast<std::size_t>(g) * plan.in_channels + m;
                const int lanes = plan.lanes_of(g, np);
                analytic::KernelBins kb;
                for (int k = 0; k < lanes; ++k) kb.push_back(plan.bins_of(g * np + k, m));
                ++t.blocks;
                t.cycles += static_cast<std::uint64_t>(plan.cycles_of(g, m));
                t.bound += static_cast<std::uint64_t>(plan.lower_bounds[b]);
                for (const auto& k : kb) t.nnz += k.size();
                t.slots += static_cast<std::uint64_t>(plan.cycles_of(g, m)) * static_cast<std::uint64_t>(lanes);
                if (plan.reader != analytic::ReaderMode::offline) {
                    t.conflicts += static_cast<std::uint64_t>(plan.arbiter[b].conflict_cycles);
                } else if (a.check) {
                    try {
                        analytic::check_schedule(plan.schedules[b], kb, r);
                    } catch (const Error& err) {
                        ++violations;
                        fmt::print(stderr, "{}: group {}, channel {}: {}\n", l.name, g, m, err.what());
                    }
                }
            }
        t.unproven = static_cast<std::uint64_t>(plan.exact_unproven);
        print_row(l.name, t, np);
        all.blocks += t.blocks;
        all.cycles += t.cycles;
        all.bound += t.bound;
        all.nnz += t.nnz;
        all.slots += t.slots;
        all.conflicts += t.conflicts;
        all.unproven += t.unproven;
        all.seconds += t.seconds;
    }
    print_row("TOTAL", all, np);
    fmt::print("T/block and bound: average per (kernel group, input channel) block; gap = T - bound; "
               "slot eff = non-zeros / (T x N'); bubbles per block, not times tile groups\n");
    if (a.check)
        fmt::print("check: {} schedules, {} violation(s)\n", run.reader == "offline" ? all.blocks : 0, violations);
    return violations ? 1 : 0;
}

}  // namespace

void add_schedule_command(CLI::App& app, CommandContext& ctx)
{
    auto args = std::make_shared<ScheduleArgs>();
    CLI::App* c = app.add_subcommand("schedule", "Make the read schedules of every conv layer and report their quality");
    c->add_option("experiment", args->experiment, "experiment YAML")->required();
    c->add_option("--algorithm", args->algorithm, "in_order | online | greedy | exact (default: the experiment's)")
        ->check(CLI::IsMember({"in_order", "online", "greedy", "exact"}));
    c->add_option("--window", args->window, "online: lookahead window (default run.online_window)")->check(at_least_one);
    c->add_option("--conflicts", args->conflicts, "exact: SAT conflicts per cycle count tried (default run.exact_conflicts)");
    c->add_option("--set", args->sets, "override key.path=value");
    c->add_flag("--check", args->check, "validate every offline schedule with the independent checker");
    c->callback([args, &ctx] { ctx.exit_code = cmd_schedule(*args); });
}

}  // namespace specsim::cli
