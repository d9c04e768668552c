// SPDX-License-Identifier: MIT
// Parsing an experiment's three trees into typed params, and the generic config check.
#include "core/experiment.hpp"

#include <filesystem>

#include "config/layer_mapping.hpp"
#include "config/partition_file.hpp"

#include "overlay/registry.hpp"
#include "workload/network_yaml.hpp"

namespace specsim::core {
namespace {

std::string arch_summary(const config::ArchParams& a)
{
    return "arch '" + a.name + "' on " + a.device.name + ": " + overlay::find_overlay(a.overlay_type).summary(a) +
           ", " + to_string(a.clock);
}

std::string network_summary(const workload::Network& n)
{
    const auto t = n.totals();
    char buf[160];
    std::snprintf(buf, sizeof buf, "network '%s': %zu layers (%d conv, %d fc), %.3f GMAC, %.2f M params",
                  n.name().c_str(), n.size(), t.conv_layers, t.fc_layers, t.macs / 1e9, t.params / 1e6);
    return buf;
}

std::string emit(const config::Node& n) { return config::to_yaml_text(n); }

}  // namespace

Experiment load_experiment(const std::string& path, const std::vector<config::Override>& overrides)
{
    Experiment e;
    e.tree = config::load_experiment_tree(path, overrides);
    e.arch = overlay::parse_arch(e.tree.arch);
    e.network = workload::parse_network(e.tree.network);
    const config::DataflowChoice choices = overlay::find_overlay(e.arch.overlay_type).dataflow_choice();
    e.run = config::parse_run(e.tree.run, choices);
    if (!e.run.mapping_file.empty()) {  // relative to the experiment file
        const std::filesystem::path base = std::filesystem::path(e.tree.experiment_file).parent_path();
        const std::filesystem::path file = std::filesystem::path(e.run.mapping_file).is_absolute()
                                               ? std::filesystem::path(e.run.mapping_file)
                                               : base / e.run.mapping_file;
        auto m = std::make_shared<config::LayerMapping>(config::load_layer_mapping(file.string(), choices));
        std::vector<std::string> names, mappable;
        for (const auto& l : e.network.layers()) {
            names.push_back(l.name);
            if (l.kind == workload::LayerKind::Conv || l.kind == workload::LayerKind::Fc) mappable.push_back(l.name);
        }
        config::check_mapped_layers(*m, names, mappable, [&](const std::string& name) {
            return std::string(workload::kind_name(e.network.find(name).kind));
        });
        e.run.mapping = m;
    }
    if (e.run.partition != "layer" && e.run.partition != "optimal") {  // a partition file, relative to the experiment
        const std::filesystem::path base = std::filesystem::path(e.tree.experiment_file).parent_path();
        const std::filesystem::path file = std::filesystem::path(e.run.partition).is_absolute()
                                               ? std::filesystem::path(e.run.partition)
                                               : base / e.run.partition;
        auto pf = std::make_shared<config::PartitionFile>(config::load_partition_file(file.string()));
        std::vector<std::string> names;
        for (const auto& l : e.network.layers()) names.push_back(l.name);
        config::check_partition_file(*pf, names);
        e.run.partition_file = pf;
    }
    if (!e.run.schedule_cache.empty() && !std::filesystem::path(e.run.schedule_cache).is_absolute())
        e.run.schedule_cache = (std::filesystem::path(e.tree.experiment_file).parent_path() / e.run.schedule_cache).string();
    e.published = config::parse_published(e.tree.experiment);
    return e;
}

CheckedConfig check_config_file(const std::string& path, const std::vector<config::Override>& overrides)
{
    config::Node root = config::load_yaml_file(path);
    const config::ConfigKind kind = config::detect_kind(root);
    CheckedConfig out{kind, "", ""};
    auto reject_overrides = [&] {
        if (!overrides.empty()) throw Error("--set applies to experiment files only");
    };
    switch (kind) {
    case config::ConfigKind::experiment: {
        const Experiment e = load_experiment(path, overrides);
        // A design that does not fit its device is refused here as `specsim run` refuses it.
        const overlay::Resources res = overlay::find_overlay(e.arch.overlay_type).resources(e.arch, e.run);
        if (!res.feasible)
            throw Error("design '" + e.arch.name + "' does not fit " + e.arch.device.name + ": " + res.reason);
        out.summary = "experiment '" + e.tree.name + "': " + arch_summary(e.arch) + "; " +
                      network_summary(e.network) + "; seed " + std::to_string(e.run.seed) +
                      ", timing " + e.run.timing;
        out.resolved_yaml = config::resolved_yaml(e.tree);
        break;
    }
    case config::ConfigKind::arch: {
        reject_overrides();
        config::Node arch = config::load_yaml_file(path, "arch");
        out.summary = arch_summary(overlay::parse_arch(arch));
        out.resolved_yaml = emit(arch);
        break;
    }
    case config::ConfigKind::network: {
        reject_overrides();
        config::Node net = config::load_yaml_file(path, "network");
        out.summary = network_summary(workload::parse_network(net));
        out.resolved_yaml = emit(net);
        break;
    }
    case config::ConfigKind::sweep:
        throw Error(path + ": sweep files are not supported yet");
    }
    return out;
}

}  // namespace specsim::core
