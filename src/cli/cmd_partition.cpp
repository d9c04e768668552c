// SPDX-License-Identifier: MIT
// `specsim partition EXPERIMENT [--capacity 4MB] [--format md|csv|json] [--sweep-capacity]
// [-o FILE]`: the experiment's network cut into segments that keep their dependence closure
// on chip (OCCAM, PAPERS.md §4), against layer-by-layer and fixed fusion.
#include <memory>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "core/experiment.hpp"
#include "core/partition_pass.hpp"
#include "overlay/registry.hpp"
#include "partition/partition_report.hpp"
#include "report/atomic_file.hpp"
#include "util/error.hpp"

namespace specsim::cli {
namespace {

struct PartitionArgs {
    std::string experiment;
    std::vector<std::string> sets;
    std::string capacity;
    std::string format = "md";
    std::string out;
    bool sweep = false;
    std::vector<std::size_t> groups{2, 4};
};

std::vector<partition::Partition> all_schemes(const partition::Problem& p, const std::vector<std::size_t>& groups)
{
    std::vector<partition::Partition> s{partition::optimal(p), partition::layer_by_layer(p)};
    for (const std::size_t g : groups) s.push_back(partition::fixed_groups(p, g));
    return s;
}

void cmd_partition(const PartitionArgs& a)
{
    const core::Experiment e = core::load_experiment(a.experiment, config::parse_overrides(a.sets));
    const overlay::Overlay& ov = overlay::find_overlay(e.arch.overlay_type);
    const overlay::PartitionModel model = ov.partition_model(e.arch, e.run);
    std::int64_t capacity = 0;
    std::string source;
    if (!a.capacity.empty()) {
        capacity = partition::parse_capacity(a.capacity);
        source = "--capacity " + a.capacity;
    } else if (e.run.partition_capacity_bytes > 0) {
        capacity = static_cast<std::int64_t>(e.run.partition_capacity_bytes);
        source = "run.partition_capacity";
    } else {
        capacity = core::free_block_memory_bytes(e, ov, &source);  // the device's block memory the overlay leaves
    }
    std::string text;
    if (a.sweep) {
        std::vector<partition::CapacityPoint> points;
        partition::Problem p = core::partition_problem(e, ov, {}, 0);
        std::vector<std::int64_t> caps;
        for (std::int64_t c = 256 * 1024; c <= 64 * 1024 * 1024; c *= 2) caps.push_back(c);
        caps.push_back(capacity);
        caps.push_back(partition::full_reuse_capacity(p));
        std::sort(caps.begin(), caps.end());
        caps.erase(std::unique(caps.begin(), caps.end()), caps.end());
        for (const std::int64_t c : caps) {
            p.capacity_bytes = c;
            points.push_back({c, all_schemes(p, a.groups)});
        }
        text = partition::render_capacity_csv(points, e.network.name());
    } else {
        const partition::Problem p = core::partition_problem(e, ov, {}, capacity);
        partition::PartitionReport r;
        r.experiment = e.tree.name;
        r.network = e.network.name();
        r.capacity_source = source;
        r.model_note = model.note;
        r.capacity_bytes = capacity;
        r.full_reuse_capacity = partition::full_reuse_capacity(p);
        r.problem = &p;
        r.schemes = all_schemes(p, a.groups);
        text = a.format == "csv"    ? partition::render_csv(r)
               : a.format == "json" ? partition::render_json(r)
               : a.format == "yaml" ? partition::render_yaml(r)
                                    : partition::render_md(r);
    }
    if (a.out.empty())
        fmt::print("{}", text);
    else {
        report::write_file_atomic(a.out, text);
        fmt::print("partition: {}\n", a.out);
    }
}

}  // namespace

void add_partition_command(CLI::App& app, CommandContext&)
{
    auto args = std::make_shared<PartitionArgs>();
    CLI::App* c = app.add_subcommand(
        "partition", "Cross-layer partitioning (OCCAM): segments whose dependence closure fits on chip, least off-chip "
                     "traffic, against layer-by-layer and fixed fusion");
    c->add_option("experiment", args->experiment, "experiment YAML")->required();
    c->add_option("--capacity", args->capacity,
                  "on-chip bytes a segment may use, e.g. 4MB, 512KiB (default: the device's BRAM36 and URAM the "
                  "overlay leaves free)");
    c->add_option("--format", args->format, "md | csv | json | yaml (the optimal partition as a run.partition file)")
        ->check(CLI::IsMember({"md", "csv", "json", "yaml"}));
    c->add_flag("--sweep-capacity", args->sweep,
                "CSV of every scheme at capacities 256 KiB .. 64 MiB (powers of two), the default capacity and the "
                "full-reuse capacity");
    c->add_option("-o,--out", args->out, "write to this file (atomically) instead of stdout");
    c->add_option("--set", args->sets, "override key.path=value");
    c->callback([args] { cmd_partition(*args); });
}

}  // namespace specsim::cli
