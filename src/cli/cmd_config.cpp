// SPDX-License-Identifier: MIT
// check-config, dump-config and config-reference subcommands.
#include <cstdio>

#include "cli/commands.hpp"
#include "config/key_registry.hpp"
#include "core/experiment.hpp"
#include "dram/ddr4_spec.hpp"
#include "sweep/sweep_spec.hpp"
#include "util/error.hpp"

namespace specsim::cli {
namespace {

struct ConfigArgs {
    std::string file;
    std::vector<std::string> sets;
    std::vector<std::string> files;
};

// Sweep files are checked here (the sweep library sits above core): the spec, its
// constraints, its points and every point's experiment.
std::string check_sweep(const std::string& path)
{
    const sweep::SweepSpec spec = sweep::load_sweep(path);
    const auto points = sweep::enumerate_points(spec);
    for (const auto& p : points) core::load_experiment(spec.base, sweep::overrides_of(spec, p));
    return "sweep '" + spec.name + "' over " + spec.base + ": " + spec.mode + ", " + std::to_string(points.size()) +
           " points (each experiment checked), results in " + spec.output_dir;
}

bool is_sweep(const std::string& path)
{
    const config::Node root = config::load_yaml_file(path);
    if (root.is_map() && root.yaml()["timing"] && root.yaml()["organization"]) return false;  // a DRAM preset
    return config::detect_kind(root) == config::ConfigKind::sweep;
}

// DRAM presets (configs/dram): organisation + timing.
bool is_dram_preset(const std::string& path)
{
    const config::Node root = config::load_yaml_file(path);
    return root.is_map() && root.yaml()["timing"] && root.yaml()["organization"];
}

std::string check_dram(const std::string& path)
{
    const dram::Ddr4Spec s = dram::load_ddr4_preset(path);
    return "DDR4 preset '" + s.name + "': " + std::to_string(s.org.ranks) + " rank(s) x " +
           std::to_string(s.org.banks()) + " banks, tCK " + std::to_string(s.timing.tCK_ns) + " ns, CL " +
           std::to_string(s.timing.CL) + ", peak " + std::to_string(s.peak_bytes_per_s() / 1e9) + " GB/s per channel";
}

}  // namespace

void add_config_commands(CLI::App& app, CommandContext& /*ctx*/)
{
    auto args = std::make_shared<ConfigArgs>();

    CLI::App* check = app.add_subcommand("check-config", "Validate a config file (experiment, arch, network or sweep)");
    check->add_option("file", args->file, "YAML file")->required();
    check->add_option("--set", args->sets, "override key.path=value (experiments)");
    check->callback([args] {
        if (is_dram_preset(args->file)) {
            std::printf("ok: %s: %s\n", args->file.c_str(), check_dram(args->file).c_str());
            return;
        }
        if (is_sweep(args->file)) {
            if (!args->sets.empty()) throw Error("--set applies to experiment files only");
            std::printf("ok: %s: %s\n", args->file.c_str(), check_sweep(args->file).c_str());
            return;
        }
        const core::CheckedConfig c = core::check_config_file(args->file, config::parse_overrides(args->sets));
        std::printf("ok: %s: %s\n", args->file.c_str(), c.summary.c_str());
    });

    CLI::App* dump = app.add_subcommand("dump-config", "Print the fully resolved config with defaults filled in");
    dump->add_option("file", args->file, "YAML file")->required();
    dump->add_option("--set", args->sets, "override key.path=value (experiments)");
    dump->callback([args] {
        const core::CheckedConfig c = core::check_config_file(args->file, config::parse_overrides(args->sets));
        std::fputs(c.resolved_yaml.c_str(), stdout);
    });

    CLI::App* ref = app.add_subcommand(
        "config-reference", "Print a Markdown table of every key read while loading the given files");
    ref->add_option("files", args->files, "config files to load")->required();
    ref->callback([args] {
        for (const auto& f : args->files) {
            if (is_dram_preset(f)) check_dram(f);
            else if (is_sweep(f)) check_sweep(f);
            else core::check_config_file(f);
        }
        std::fputs(config::keys_markdown().c_str(), stdout);
    });
}

}  // namespace specsim::cli
