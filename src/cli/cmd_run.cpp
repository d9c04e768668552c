// SPDX-License-Identifier: MIT
// `specsim run` (per-layer table + JSON/CSV/resolved config) and `specsim verify`
// (datapath values against the overlay's numerics reference, per layer), for any overlay.
#include <cstdio>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "config/experiment.hpp"
#include "core/run.hpp"
#include "overlay/registry.hpp"
#include "report/reporter.hpp"

#ifndef SPECSIM_SOURCE_DIR
#define SPECSIM_SOURCE_DIR "."
#endif

namespace specsim::cli {
namespace {

struct RunArgs {
    std::string experiment;
    std::string timing;
    std::vector<std::string> sets;
    std::string out_dir;
    bool quiet = false;
    bool profile = false;
    bool fixed = false;
    int size = 16;
    int channels = 0;
    bool no_cache = false;
};

// Schedule cache trouble: results are unaffected (the schedules were made afresh), so it
// is a warning on stderr, not an error.
void print_warnings(const core::RunProfile& p)
{
    for (const auto& w : p.warnings) fmt::print(stderr, "warning: {}\n", w);
}

hw::TimingMode timing_of(const RunArgs& a, const core::Experiment& e)
{
    return hw::parse_timing_mode(a.timing.empty() ? e.run.timing : a.timing);
}

void cmd_run(const RunArgs& a)
{
    core::Experiment e = core::load_experiment(a.experiment, config::parse_overrides(a.sets));
    e.run.no_cache = a.no_cache;
    core::RunOptions opt;
    opt.mode = timing_of(a, e);
    const core::RunOutput r = core::run_experiment(e, opt, SPECSIM_SOURCE_DIR);
    print_warnings(r.profile);
    std::string dir = a.out_dir;
    if (dir.empty())
        dir = e.run.output_dir.empty() ? "out/" + e.tree.name
                                        : config::resolve_relative(a.experiment, e.run.output_dir);
    report::write_results(dir, r.info, r.layers, config::resolved_yaml(e.tree));
    if (!a.quiet) std::fputs(report::format_table(r.info, r.layers).c_str(), stdout);
    std::printf("results: %s/results.json, %s/results.csv, %s/config.resolved.yaml\n", dir.c_str(),
                dir.c_str(), dir.c_str());
    if (a.profile) {
        std::uint64_t cycles = 0;
        for (const auto& l : r.layers) cycles += l.cycles;
        const auto& p = r.profile;
        fmt::print(stderr,
                   "profile: planning {:.3f} s ({} read schedules made, {:.1f} us each, {} from the cache), "
                   "simulation {:.3f} s ({} cycles, {:.2f} M simulated cycles/s, timing {})\n",
                   p.plan_seconds, p.schedules, p.schedules ? p.plan_seconds / double(p.schedules) * 1e6 : 0.0,
                   p.schedules_cached,
                   p.simulate_seconds, cycles, p.simulate_seconds > 0 ? double(cycles) / p.simulate_seconds / 1e6 : 0.0,
                   r.info.timing);
    }
}

int cmd_verify(const RunArgs& a)
{
    core::Experiment e = core::load_experiment(a.experiment, config::parse_overrides(a.sets));
    e.run.no_cache = a.no_cache;
    core::RunOptions opt;
    opt.mode = timing_of(a, e);
    opt.compute_values = true;
    opt.fixed_point = a.fixed;
    opt.max_spatial = a.size;
    opt.max_channels = a.channels;
    const core::RunOutput r = core::run_experiment(e, opt, SPECSIM_SOURCE_DIR);
    print_warnings(r.profile);
    const overlay::VerifyText text = overlay::find_overlay(e.arch.overlay_type).verify_text(e.arch, a.fixed);
    fmt::print("verify {}: datapath ({}) vs {}, inputs cropped to ≤{}×{}{}\n", e.tree.name, text.datapath,
               text.reference, a.size, a.size,
               a.channels > 0 ? fmt::format(", ≤{} channels", a.channels) : "");
    fmt::print("pass: {}\n\n", text.pass);
    fmt::print("{:<12} {:>20} {:>14} {:>10} {:>6}\n", "layer", "ran", "max rel err", "SNR dB", "");
    int failed = 0;
    for (const auto& c : r.checks) {
        failed += c.pass ? 0 : 1;
        fmt::print("{:<12} {:>20} {:>14.3e} {:>10.1f} {:>6}\n", c.layer, c.shape, c.max_rel, c.snr_db,
                   c.pass ? "ok" : "FAIL");
    }
    for (const auto& s : r.layers)
        if (!s.skip_reason.empty()) fmt::print("{:<12} skipped: {}\n", s.layer, s.skip_reason);
    fmt::print("\n{} layers checked, {} failed\n", r.checks.size(), failed);
    return failed ? 1 : 0;
}

}  // namespace

void add_run_commands(CLI::App& app, CommandContext& ctx)
{
    auto args = std::make_shared<RunArgs>();
    CLI::App* run = app.add_subcommand("run", "Simulate an experiment: per-layer table, JSON and CSV results");
    run->add_option("experiment", args->experiment, "experiment YAML")->required();
    run->add_option("--timing", args->timing, "cycle | fast (default: run.timing)")->check(CLI::IsMember({"cycle", "fast"}));
    run->add_option("--set", args->sets, "override key.path=value");
    run->add_option("--out", args->out_dir, "results directory (default out/<experiment name>)");
    run->add_flag("--quiet", args->quiet, "do not print the table");
    run->add_flag("--profile", args->profile, "print where the wall time went (planning vs simulation) to stderr");
    run->add_flag("--no-cache", args->no_cache, "make every read schedule afresh; neither read nor write the schedule cache");
    run->callback([args] { cmd_run(*args); });

    CLI::App* verify = app.add_subcommand("verify", "Check the datapath's values against the numerics reference per layer (FFTW or direct convolution)");
    verify->add_option("experiment", args->experiment, "experiment YAML")->required();
    verify->add_option("--timing", args->timing, "cycle | fast")->check(CLI::IsMember({"cycle", "fast"}));
    verify->add_option("--set", args->sets, "override key.path=value");
    verify->add_flag("--no-cache", args->no_cache, "make every read schedule afresh; neither read nor write the schedule cache");
    verify->add_flag("--fixed", args->fixed, "fixed-point datapath (pass: the overlay's SNR floor)");
    verify->add_option("--size", args->size, "crop inputs to at most this height and width")->check(at_least_one);
    verify->add_option("--channels", args->channels, "cut channels to at most this (0 = all)")->check(CLI::NonNegativeNumber);
    verify->callback([args, &ctx] { ctx.exit_code = cmd_verify(*args); });
}

}  // namespace specsim::cli
