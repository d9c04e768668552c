// SPDX-License-Identifier: MIT
// `specsim map EXPERIMENT [--cost analytic] [--candidates] [--format md|csv|json] [-o FILE]`:
// per-layer algorithm mapping (DYNAMAP) of the experiment's network on its systolic
// overlay; prints the mapping and writes it as a run.mapping file.
#include <cstdio>
#include <filesystem>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "config/experiment.hpp"
#include "core/experiment.hpp"
#include "mapping/map_report.hpp"
#include "overlay/systolic/analytic/params.hpp"
#include "report/atomic_file.hpp"
#include "util/error.hpp"

namespace specsim::cli {
namespace {

struct MapArgs {
    std::string experiment;
    std::vector<std::string> sets;
    std::string cost = "analytic";
    std::string format = "md";
    std::string out;
    bool candidates = false;
};

// The mapper's parameters from the experiment: the array, the clock and the DDR's peak rate
// (ddr.channels × ddr.bandwidth_per_channel) in words of arch.overlay.data_bits per second.
mapping::DynamapParams params_of(const core::Experiment& e, std::uint32_t& word_bytes)
{
    if (e.arch.overlay_type != "systolic")
        throw Error("specsim map maps algorithms on a systolic overlay; arch '" + e.arch.name + "' is a " +
                    e.arch.overlay_type + " overlay");
    const systolic::SystolicOverlayParams& s = systolic::systolic_params(e.arch);
    mapping::DynamapParams p;
    p.rows = s.rows;
    p.cols = s.cols;
    word_bytes = static_cast<std::uint32_t>(s.word_bytes());
    p.clock_hz = e.arch.clock.hz;
    p.bw_elements_per_s = static_cast<double>(e.arch.ddr.channels) * e.arch.ddr.bandwidth_per_channel.bytes_per_s /
                          static_cast<double>(word_bytes);
    return p;
}

void cmd_map(const MapArgs& a)
{
    const core::Experiment e = core::load_experiment(a.experiment, config::parse_overrides(a.sets));
    std::uint32_t word_bytes = 2;
    const mapping::DynamapParams p = params_of(e, word_bytes);
    const mapping::AnalyticCost cost(p);
    const mapping::MappingProblem problem = mapping::build_mapping_problem(e.network, cost);
    mapping::MapReport r;
    r.experiment = e.tree.name;
    r.network = e.network.name();
    r.cost = cost.name();
    r.params = fmt::format("array {}x{}, {} MHz, BW {} G elements/s ({}-byte words)", p.rows, p.cols,
                           p.clock_hz / 1e6, p.bw_elements_per_s / 1e9, word_bytes);
    r.problem = &problem;
    r.net = &e.network;
    r.mapped = mapping::map_network(e.network, problem);
    for (const auto alg : {mapping::MapAlgorithm::im2col, mapping::MapAlgorithm::kn2row, mapping::MapAlgorithm::winograd})
        r.single.push_back({alg, mapping::fixed_mapping(e.network, problem, alg)});
    const std::string text = mapping::format_map_report(r, a.format, a.candidates);
    const std::string out = !a.out.empty() ? a.out
                                           : (std::filesystem::path("out") / e.tree.name / "mapping.yaml").string();
    report::write_file_atomic(out, mapping::mapping_yaml(r));
    std::fputs(text.c_str(), stdout);
    // The path goes to stderr for csv and json, so stdout stays one parseable document.
    std::fprintf(a.format == "md" ? stdout : stderr, "mapping: %s (run it with run.mapping)\n", out.c_str());
}

}  // namespace

void add_map_command(CLI::App& app, CommandContext&)
{
    auto args = std::make_shared<MapArgs>();
    CLI::App* c = app.add_subcommand(
        "map", "Per-layer algorithm mapping (DYNAMAP): im2col / kn2row / Winograd and OS / WS per conv layer by PBQP");
    c->add_option("experiment", args->experiment, "experiment YAML (a systolic overlay)")->required();
    c->add_option("--cost", args->cost, "cost model: analytic (the public DYNAMAP mapper's formulas)")
        ->check(CLI::IsMember({"analytic"}));
    c->add_flag("--candidates", args->candidates, "list every node and layout-transformation cost before the mapping");
    c->add_option("--format", args->format, "md | csv | json")->check(CLI::IsMember({"md", "csv", "json"}));
    c->add_option("-o,--out", args->out, "mapping file to write (default out/<experiment name>/mapping.yaml)");
    c->add_option("--set", args->sets, "override key.path=value");
    c->callback([args] { cmd_map(*args); });
}

}  // namespace specsim::cli
