// SPDX-License-Identifier: MIT
// `specsim table EXPERIMENT --format md|tex|csv [--out FILE]`: the paper-style dataflow
// table — the experiment simulated under fixed kernel reuse, fixed activation reuse and
// the flexible dataflow in one simulation, with the published figures beside ours.
#include <cstdio>

#include "cli/commands.hpp"
#include "core/run.hpp"
#include "report/atomic_file.hpp"
#include "report/paper_table.hpp"

#ifndef SPECSIM_SOURCE_DIR
#define SPECSIM_SOURCE_DIR "."
#endif

namespace specsim::cli {
namespace {

struct TableArgs {
    std::string experiment;
    std::vector<std::string> sets;
    std::string format = "md";
    std::string out;
    std::string timing;
};

void cmd_table(const TableArgs& a)
{
    const core::Experiment e = core::load_experiment(a.experiment, config::parse_overrides(a.sets));
    core::RunOptions opt;
    opt.mode = hw::parse_timing_mode(a.timing.empty() ? e.run.timing : a.timing);
    opt.dataflows = {"kernel_reuse", "activation_reuse", "flexible"};
    const core::RunOutput r = core::run_spectral(e, opt, SPECSIM_SOURCE_DIR);
    report::PaperTable t;
    t.info = r.info;
    t.info.dataflow = "kernel_reuse, activation_reuse, flexible";
    t.published = e.published;
    for (std::size_t i = 0; i + 2 < r.layers.size(); i += 3) {
        const auto& kr = r.layers[i];
        if (!kr.skip_reason.empty()) {
            t.skipped.push_back(kr.layer + " (" + kr.skip_reason + ")");
            continue;
        }
        t.rows.push_back({kr, r.layers[i + 1], r.layers[i + 2], r.reuse[i + 2]});
    }
    const std::string text = report::format_paper_table(t, a.format);
    if (a.out.empty()) {
        std::fputs(text.c_str(), stdout);
    } else {
        report::write_file_atomic(a.out, text);
        std::printf("table: %s\n", a.out.c_str());
    }
}

}  // namespace

void add_table_command(CLI::App& app, CommandContext&)
{
    auto args = std::make_shared<TableArgs>();
    CLI::App* c = app.add_subcommand(
        "table", "Paper-style table: kernel reuse vs activation reuse vs flexible dataflow, with published figures");
    c->add_option("experiment", args->experiment, "experiment YAML")->required();
    c->add_option("--format", args->format, "md | tex | csv")->check(CLI::IsMember({"md", "tex", "csv"}));
    c->add_option("--out", args->out, "write the table to this file (atomically) instead of stdout");
    c->add_option("--timing", args->timing, "cycle | fast (default: run.timing)")->check(CLI::IsMember({"cycle", "fast"}));
    c->add_option("--set", args->sets, "override key.path=value");
    c->callback([args] { cmd_table(*args); });
}

}  // namespace specsim::cli
