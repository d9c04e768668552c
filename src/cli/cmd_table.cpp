// SPDX-License-Identifier: MIT
// `specsim table EXPERIMENT --format md|tex|csv [--out FILE]`: the paper-style dataflow
// table — the experiment simulated under every dataflow its overlay compares (spectral:
// kernel reuse, activation reuse, flexible; systolic: OS, WS, IS) in one simulation, with
// the published figures beside ours.
#include <cstdio>

#include "cli/commands.hpp"
#include "core/run.hpp"
#include "overlay/registry.hpp"
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
    bool no_cache = false;
};

void cmd_table(const TableArgs& a)
{
    core::Experiment e = core::load_experiment(a.experiment, config::parse_overrides(a.sets));
    e.run.no_cache = a.no_cache;
    const overlay::Overlay& ov = overlay::find_overlay(e.arch.overlay_type);
    core::RunOptions opt;
    opt.mode = hw::parse_timing_mode(a.timing.empty() ? e.run.timing : a.timing);
    report::PaperTable t;
    std::string names;
    for (const auto& d : ov.table_dataflows()) {
        opt.dataflows.push_back(d.name);
        t.dataflows.push_back({d.label, d.long_name});
        names += (names.empty() ? "" : ", ") + d.name;
    }
    const core::RunOutput r = core::run_experiment(e, opt, SPECSIM_SOURCE_DIR);
    for (const auto& w : r.profile.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    t.info = r.info;
    t.info.dataflow = names;
    t.published = e.published;
    t.note_head = ov.table_text().note_head;
    t.legend = ov.table_text().legend;
    const std::size_t n = opt.dataflows.size();
    // Rows: the conv layers (the paper's table); every layer counts in the whole-network row.
    t.whole_network_cycles.assign(n, 0);
    for (std::size_t i = 0; i + n <= r.layers.size(); i += n) {
        const auto& first = r.layers[i];
        for (std::size_t v = 0; v < n; ++v) t.whole_network_cycles[v] += r.layers[i + v].cycles;
        if (!first.skip_reason.empty()) {
            t.skipped.push_back(first.layer + " (" + first.skip_reason + ")");
            continue;
        }
        if (first.kind != "conv") continue;
        report::DataflowRow row;
        row.variants.assign(r.layers.begin() + static_cast<std::ptrdiff_t>(i),
                            r.layers.begin() + static_cast<std::ptrdiff_t>(i + n));
        row.note = r.notes[i + n - 1];
        t.rows.push_back(std::move(row));
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
        "table", "Paper-style table: the overlay's dataflows side by side per layer (spectral: KR / AR / flexible; systolic: OS / WS / IS), with published figures");
    c->add_option("experiment", args->experiment, "experiment YAML")->required();
    c->add_option("--format", args->format, "md | tex | csv")->check(CLI::IsMember({"md", "tex", "csv"}));
    c->add_option("--out", args->out, "write the table to this file (atomically) instead of stdout");
    c->add_option("--timing", args->timing, "cycle | fast (default: run.timing)")->check(CLI::IsMember({"cycle", "fast"}));
    c->add_option("--set", args->sets, "override key.path=value");
    c->add_flag("--no-cache", args->no_cache, "make every read schedule afresh; neither read nor write the schedule cache");
    c->callback([args] { cmd_table(*args); });
}

}  // namespace specsim::cli
