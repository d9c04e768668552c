// SPDX-License-Identifier: MIT
// `specsim regress [DIR] [--update] [-j N] [--tolerance T]`: option parsing and printing.
// Runs every case under DIR (default traces/) — a directory with experiment.yaml and
// golden.json — and compares the pinned figures (src/sweep/regress.hpp): prints a line per
// case, a table of what moved (case, layer, figure, golden, now, difference, %) and exits 1
// on any drift or failed run; --update rewrites the goldens and prints what changed.
#include <fmt/core.h>

#include "cli/commands.hpp"
#include "sweep/child_pool.hpp"
#include "sweep/regress.hpp"
#include "util/subprocess.hpp"

namespace specsim::cli {
namespace {

struct RegressArgs {
    std::string dir = "traces";
    bool update = false;
    int jobs = 0;
    double tolerance = 1e-9;
    bool no_cache = false;
};

int regress(const RegressArgs& a)
{
    sweep::RegressOptions options;
    options.dir = a.dir;
    options.update = a.update;
    options.jobs = sweep::jobs_or_cores(a.jobs);
    options.tolerance = a.tolerance;
    options.specsim_exe = util::self_exe();
    options.no_cache = a.no_cache;
    const sweep::RegressReport r = sweep::run_regression(options, [&](const sweep::CaseResult& c) {
        if (!c.ran) {
            fmt::print("{}: run failed: {}\n", c.name, c.run_error);
            return;
        }
        fmt::print("{}: {} layers, {}\n", c.name, c.layers,
                   c.moved ? fmt::format("{} figure(s) moved{}", c.moved, a.update ? ", golden rewritten" : "")
                           : "matches its golden");
    });
    if (!r.drift.empty()) {
        fmt::print("\n{:<24} {:<10} {:<20} {:>14} {:>14} {:>14} {:>9}\n", "case", "layer", "figure", "golden", "now",
                   "difference", "%");
        for (const auto& d : r.drift)
            fmt::print("{:<24} {:<10} {:<20} {:>14} {:>14} {:>14} {:>9}\n", d.case_name, d.layer, d.figure,
                       sweep::value_text(d.golden), sweep::value_text(d.now), sweep::difference_text(d),
                       sweep::percent_text(d));
    }
    fmt::print("\nregress: {} cases, {} figure(s) moved, {} run(s) failed{}\n", r.cases, r.drift.size(),
               r.failed_runs, a.update ? " (goldens updated: say why in the commit message)" : "");
    return r.passed() ? 0 : 1;
}

}  // namespace

void add_regress_command(CLI::App& app, CommandContext& ctx)
{
    auto args = std::make_shared<RegressArgs>();
    CLI::App* c = app.add_subcommand("regress", "Run the golden cases under DIR and report any figure that moved (exit 1)");
    c->add_option("dir", args->dir, "directory of cases (default traces)");
    c->add_flag("--no-cache", args->no_cache, "run the cases without the persistent schedule cache");
    c->add_flag("--update", args->update, "rewrite the goldens from this run and print what changed");
    c->add_option("-j,--jobs", args->jobs, "cases run at once (default: one per core)")->check(at_least_one);
    c->add_option("--tolerance", args->tolerance, "relative tolerance for floating-point figures (default 1e-9)")
        ->check(CLI::NonNegativeNumber);
    c->callback([args, &ctx] { ctx.exit_code = regress(*args); });
}

}  // namespace specsim::cli
