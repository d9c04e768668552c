// SPDX-License-Identifier: MIT
// `specsim sweep SWEEP.yaml [-j N] [--shard I/N] [--list] [--emit-slurm N]` and
// `specsim sweep merge DIR...`: option parsing and printing (progress, summaries). The
// runner, merge, Pareto front, shards and Slurm scripts are in src/sweep.
#include <chrono>
#include <cstdio>
#include <unistd.h>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "sweep/child_pool.hpp"
#include "sweep/merge.hpp"
#include "sweep/runner.hpp"
#include "sweep/shard.hpp"
#include "sweep/slurm.hpp"
#include "sweep/sweep_spec.hpp"
#include "util/error.hpp"
#include "util/subprocess.hpp"

namespace specsim::cli {
namespace {

struct SweepArgs {
    std::string sweep;
    int jobs = 0;
    std::string shard;
    int emit_slurm = 0;
    std::vector<std::string> merge_dirs;
    std::string merge_out;
    std::string out;  // overrides the sweep's output_dir
    bool list = false;
    bool no_cache = false;
};

class Progress {
public:
    Progress(std::size_t total, std::size_t done_before) : m_total(total), m_done(done_before), m_tty(isatty(2))
    {
        m_start = std::chrono::steady_clock::now();
        m_start_done = done_before;
    }
    void point(const std::string& what, bool failed)
    {
        ++m_done;
        m_failed += failed ? 1 : 0;
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        const std::size_t ran = m_done - m_start_done;
        const double eta = ran ? s / double(ran) * double(m_total - m_done) : 0;
        if (m_tty) {
            const int width = 30;
            const int fill = m_total ? int(double(m_done) / double(m_total) * width) : width;
            fmt::print(stderr, "\r[{}{}] {}/{} points, {} failed, ETA {:.0f} s   ", std::string(fill, '#'),
                       std::string(width - fill, '.'), m_done, m_total, m_failed, eta);
            if (m_done == m_total) fmt::print(stderr, "\n");
        } else {
            fmt::print(stderr, "sweep: {}/{} points done ({} failed), ETA {:.0f} s: {}\n", m_done, m_total, m_failed, eta,
                       what);
        }
    }
    std::size_t failed() const { return m_failed; }

private:
    std::size_t m_total, m_done, m_start_done, m_failed = 0;
    bool m_tty;
    std::chrono::steady_clock::time_point m_start;
};

sweep::SweepSpec load(const SweepArgs& a)
{
    sweep::SweepSpec spec = sweep::load_sweep(a.sweep);
    if (!a.out.empty()) spec.output_dir = a.out;
    return spec;
}

std::string settings_text(const sweep::Point& p)
{
    std::string s;
    for (const auto& o : p.settings) s += " " + o.path + "=" + o.value;
    return s;
}

int run_sweep(const SweepArgs& a)
{
    const sweep::SweepSpec spec = load(a);
    const sweep::Shard shard = sweep::parse_shard(a.shard);
    if (const auto n = sweep::random_shortfall(spec))
        fmt::print(stderr, "sweep {}: warning: the constraints admit only {} grid points, fewer than random.count = {}\n",
                   spec.name, *n, spec.random_count);
    const std::vector<sweep::Point> points = sweep::select_shard(sweep::enumerate_points(spec), shard);
    if (a.list) {  // the points and their result files, without running anything
        for (const auto& p : points) {
            const std::string h = sweep::point_hash(spec, p);
            fmt::print("{:>4} {} {}{}\n", p.index, h, sweep::has_result(spec.output_dir, h) ? "done" : "todo",
                       settings_text(p));
        }
        return 0;
    }
    const sweep::RunOptions options{util::self_exe(), sweep::jobs_or_cores(a.jobs), a.no_cache};
    const sweep::SweepPlan plan = sweep::plan_sweep(spec, points);
    fmt::print(stderr, "sweep {}: {} points{}, {} done already, {} to run, -j {}; results in {}\n", spec.name,
               points.size(), shard.count > 1 ? fmt::format(" in shard {}/{}", shard.index, shard.count) : "",
               plan.done_before, plan.pending.size(), options.jobs, spec.output_dir);
    Progress progress(points.size(), plan.done_before);
    sweep::run_plan(spec, plan, options, [&](const sweep::PointOutcome& o) {
        std::string what = o.hash;
        if (o.loaded) what += settings_text(o.point);
        if (!o.ok) what += ": " + o.error;
        progress.point(what, !o.ok);
    });
    fmt::print(stderr, "sweep {}: {} points done, {} failed in this run; merge with: specsim sweep merge {}\n",
               spec.name, points.size(), progress.failed(), spec.output_dir);
    return 0;
}

int merge(const SweepArgs& a)
{
    const sweep::MergedSweep m = sweep::merge_records(sweep::read_point_records(a.merge_dirs));
    const sweep::MergeFiles files = sweep::write_merged(m, a.merge_out.empty() ? a.merge_dirs.front() : a.merge_out);
    fmt::print("merged {} points ({} ok, {} failed, {} on the Pareto front of latency vs DSP and BRAM): {}, {}\n",
               m.points, m.ok, m.failed, m.on_front, files.csv_path, files.json_path);
    return 0;
}

int emit_slurm(const SweepArgs& a)
{
    const sweep::SweepSpec spec = load(a);
    const std::string dir = sweep::write_slurm_scripts(spec, a.sweep, std::size_t(a.emit_slurm), util::self_exe());
    fmt::print("slurm: {} shards; submit with {}/submit.sh\n", a.emit_slurm, dir);
    return 0;
}

}  // namespace

void add_sweep_command(CLI::App& app, CommandContext& ctx)
{
    auto args = std::make_shared<SweepArgs>();
    CLI::App* c = app.add_subcommand("sweep", "Run a design-space sweep (resumable), or merge its results");
    c->add_option("sweep", args->sweep, "sweep YAML");
    c->add_option("-j,--jobs", args->jobs, "points run at once (default: one per core)")->check(at_least_one);
    c->add_option("--shard", args->shard, "run only shard I of N (I/N, 0-based)");
    c->add_option("--out", args->out, "output directory (default: the sweep's output_dir)");
    c->add_flag("--no-cache", args->no_cache, "run the points without the persistent schedule cache");
    c->add_flag("--list", args->list, "list the points (index, hash, done/todo, settings) without running");
    c->add_option("--emit-slurm", args->emit_slurm, "write a Slurm array script of N shards plus a merge job, and exit")
        ->check(at_least_one);
    CLI::App* m = c->add_subcommand("merge", "Gather a sweep's point results into merged.csv and merged.json");
    m->add_option("dirs", args->merge_dirs, "sweep output directories (shards merge)")->required();
    m->add_option("--out", args->merge_out, "where merged.* go (default: the first directory)");
    m->callback([args, &ctx] { ctx.exit_code = merge(*args); });
    c->callback([args, c, &ctx] {
        if (c->got_subcommand("merge")) return;
        if (args->sweep.empty()) throw Error("specsim sweep: give a sweep file (or: specsim sweep merge DIR)");
        ctx.exit_code = args->emit_slurm > 0 ? emit_slurm(*args) : run_sweep(*args);
    });
}

}  // namespace specsim::cli
