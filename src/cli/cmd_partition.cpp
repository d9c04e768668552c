// SPDX-License-Identifier: MIT
// `specsim partition EXPERIMENT [--capacity 4MB] [--format md|csv|json] [--sweep-capacity]
// [-o FILE]`: the experiment's network cut into segments that keep their dependence closure
// on chip (OCCAM, PAPERS.md §4), against layer-by-layer and fixed fusion.
#include <memory>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "core/experiment.hpp"
#include "overlay/registry.hpp"
#include "partition/partition_report.hpp"
#include "report/atomic_file.hpp"
#include "util/error.hpp"

namespace specsim::cli {
namespace {

// FPGA block memories, in bytes: a BRAM36 holds 36 Kib, of which 32 Kib are data bits at
// the byte-wide widths a feature map uses (the other 4 Kib are parity); a URAM 288 Kib.
constexpr std::int64_t k_bram36_bytes = 4096;
constexpr std::int64_t k_uram_bytes = 36864;

struct PartitionArgs {
    std::string experiment;
    std::vector<std::string> sets;
    std::string capacity;
    std::string format = "md";
    std::string out;
    bool sweep = false;
    std::vector<std::size_t> groups{2, 4};
};

partition::Problem make_problem(const core::Experiment& e, const overlay::PartitionModel& m, std::int64_t capacity)
{
    partition::Problem p;
    p.net = &e.network;
    p.units = partition::make_units(e.network, {m.fuse_pooling});
    p.opt.fmap_bytes = m.fmap_bytes;
    p.opt.weight_bytes = m.fmap_bytes;
    p.opt.rows_per_step = m.rows_per_step;
    p.opt.filter_bytes = m.filter_bytes;
    p.capacity_bytes = capacity;
    p.ddr_bytes_per_second = static_cast<double>(e.arch.ddr.channels) * e.arch.ddr.bandwidth_per_channel.bytes_per_s;
    return p;
}

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
    } else {
        // The device's block memories the overlay leaves free.
        const overlay::Resources res = ov.resources(e.arch, e.run);
        const double bram = static_cast<double>(e.arch.device.bram36) - res.bram36;
        const double uram = static_cast<double>(e.arch.device.uram) - static_cast<double>(res.uram);
        if (bram < 0 || uram < 0)
            throw Error("arch '" + e.arch.name + "': the overlay uses more block memory than " + e.arch.device.name +
                        " has; give the capacity with --capacity");
        capacity = static_cast<std::int64_t>(bram) * k_bram36_bytes + static_cast<std::int64_t>(uram) * k_uram_bytes;
        source = fmt::format("{} of {} BRAM36 and {} of {} URAM left by the overlay", static_cast<std::int64_t>(bram),
                             e.arch.device.bram36, static_cast<std::int64_t>(uram), e.arch.device.uram);
    }
    std::string text;
    if (a.sweep) {
        std::vector<partition::CapacityPoint> points;
        partition::Problem p = make_problem(e, model, 0);
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
        const partition::Problem p = make_problem(e, model, capacity);
        partition::PartitionReport r;
        r.experiment = e.tree.name;
        r.network = e.network.name();
        r.capacity_source = source;
        r.model_note = model.note;
        r.capacity_bytes = capacity;
        r.full_reuse_capacity = partition::full_reuse_capacity(p);
        r.problem = &p;
        r.schemes = all_schemes(p, a.groups);
        text = a.format == "csv" ? partition::render_csv(r) : a.format == "json" ? partition::render_json(r)
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
    c->add_option("--format", args->format, "md | csv | json")->check(CLI::IsMember({"md", "csv", "json"}));
    c->add_flag("--sweep-capacity", args->sweep,
                "CSV of every scheme at capacities 256 KiB .. 64 MiB (powers of two), the default capacity and the "
                "full-reuse capacity");
    c->add_option("-o,--out", args->out, "write to this file (atomically) instead of stdout");
    c->add_option("--set", args->sets, "override key.path=value");
    c->callback([args] { cmd_partition(*args); });
}

}  // namespace specsim::cli
