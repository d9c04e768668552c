// SPDX-License-Identifier: MIT
// `specsim map EXPERIMENT [--cost sim|analytic] [--candidates] [--format md|csv|json] [-o FILE]`:
// per-layer algorithm mapping (DYNAMAP) of the experiment's network on its systolic
// overlay; prints the mapping and writes it as a run.mapping file.
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include <fstream>
#include <unistd.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "config/experiment.hpp"
#include "core/experiment.hpp"
#include "core/run.hpp"
#include "mapping/map_report.hpp"
#include "overlay/systolic/analytic/params.hpp"
#include "report/atomic_file.hpp"
#include "util/error.hpp"
#include "util/subprocess.hpp"

namespace specsim::cli {
namespace {

struct MapArgs {
    std::string experiment;
    std::vector<std::string> sets;
    std::string cost = "sim";
    std::string format = "md";
    std::string out;
    bool candidates = false;
    std::string spectral;  ///< a spectral experiment on the same network: the fourth family's costs
};

/// Per conv layer, its seconds on the spectral overlay of `path` (a spectral experiment of
/// the same network), from a child `specsim run` (the map process has elaborated the
/// systolic overlay already; SystemC elaborates once per process). Layers the spectral
/// overlay skips get no entry. Throws specsim::Error naming the problem.
std::map<std::string, double> spectral_costs(const std::string& path, const core::Experiment& mapped,
                                             std::string& source)
{
    const core::Experiment se = core::load_experiment(path);
    if (se.arch.overlay_type != "spectral")
        throw Error("--spectral " + path + ": its arch '" + se.arch.name + "' is a " + se.arch.overlay_type +
                    " overlay, not spectral");
    const auto& a = se.network.layers();
    const auto& b = mapped.network.layers();
    bool same = a.size() == b.size();
    for (std::size_t i = 0; same && i < a.size(); ++i)
        same = a[i].name == b[i].name && a[i].output == b[i].output && a[i].input_shapes == b[i].input_shapes;
    if (!same)
        throw Error("--spectral " + path + ": its network '" + se.network.name() + "' is not the mapped network '" +
                    mapped.network.name() + "' (layers, names and shapes must agree)");
    const std::filesystem::path work = std::filesystem::temp_directory_path() / fmt::format("specsim-map-{}", ::getpid());
    std::filesystem::create_directories(work);
    const pid_t pid = util::spawn({util::self_exe(), "run", path, "--quiet", "--timing", "fast", "--out",
                                   (work / "out").string()},
                                  (work / "stdout.txt").string(), (work / "stderr.txt").string(),
                                  {"SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1"});
    int code = -1;
    for (;;) {
        const auto [p, c] = util::wait_any();
        if (p == pid) {
            code = c;
            break;
        }
    }
    if (code != 0) {
        const std::string why = util::last_line((work / "stderr.txt").string());
        std::filesystem::remove_all(work);
        throw Error("--spectral " + path + ": its run failed: " + why);
    }
    std::ifstream in(work / "out" / "results.json");
    const nlohmann::json j = nlohmann::json::parse(in);
    std::filesystem::remove_all(work);
    const double f = j.at("run").at("clock_hz").get<double>();
    std::map<std::string, double> out;
    for (const auto& l : j.at("layers"))
        if (l.at("kind") == "conv" && l.at("skip_reason").get<std::string>().empty())
            out[l.at("layer").get<std::string>()] = l.at("cycles").get<double>() / f;
    source = fmt::format("experiment {}, arch {}, {} DSP", se.tree.name, se.arch.name, j.at("run").at("dsp_used").get<std::uint64_t>());
    return out;
}

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

// A conv layer's shape, for memoising simulated costs: layers of equal shape cost the same.
std::string shape_key(const workload::Layer& l)
{
    const workload::ConvParams& c = l.conv();
    return fmt::format("{}|{}x{}|s{}x{}|p{},{},{},{}|d{}x{}|g{}|o{}", l.input_shapes.at(0).str(), c.kernel.h, c.kernel.w,
                       c.stride.h, c.stride.w, c.pad.top, c.pad.left, c.pad.bottom, c.pad.right, c.dilation.h,
                       c.dilation.w, c.groups, c.out_channels);
}

/// Simulated costs: every conv layer under each candidate algorithm and both dataflows, one
/// simulation per distinct (shape, algorithm, dataflow), all in one elaboration; node cost =
/// the layer's cycles without its layout pass, edge (layout) cost = that pass. The other
/// layers run once with run.algorithm / run.dataflow: their sum is `other_s`.
mapping::TableCost simulated_costs(const core::Experiment& e, hw::TimingMode mode, double& other_s,
                                   std::size_t& simulated)
{
    using mapping::MapAlgorithm;
    using mapping::MapDataflow;
    std::vector<core::LayerVariant> variants;
    std::map<std::string, std::size_t> memo;  // shape|algorithm|dataflow → variant
    struct Want {
        std::size_t layer;
        MapAlgorithm a;
        MapDataflow d;
        std::size_t variant;
    };
    std::vector<Want> wants;
    std::vector<std::size_t> others;  // variant per non-conv layer
    for (std::size_t i = 0; i < e.network.size(); ++i) {
        const workload::Layer& l = e.network.layer(i);
        if (l.kind != workload::LayerKind::Conv) {
            others.push_back(variants.size());
            variants.push_back({i, e.run.algorithm, e.run.dataflow});
            continue;
        }
        for (const MapAlgorithm a : mapping::candidate_algorithms(l))
            for (const MapDataflow d : {MapDataflow::os, MapDataflow::ws}) {
                const std::string k = shape_key(l) + "|" + to_string(a) + "|" + to_string(d);
                auto it = memo.find(k);
                if (it == memo.end()) {
                    it = memo.emplace(k, variants.size()).first;
                    variants.push_back({i, mapping::systolic_algorithm_name(a), to_string(d)});
                }
                wants.push_back({i, a, d, it->second});
            }
    }
    const std::vector<stats::LayerStats> st = core::simulate_variants(e, variants, mode);
    const double f = e.arch.clock.hz;
    mapping::TableCost cost("sim");
    for (const Want& w : wants) {
        const stats::LayerStats& s = st.at(w.variant);
        const std::uint64_t layout = s.value("layout_cycles");
        const std::string& name = e.network.layer(w.layer).name;
        cost.set_node(name, w.a, w.d, static_cast<double>(s.cycles - layout) / f);
        cost.set_layout(name, w.a, static_cast<double>(layout) / f);  // the same under either dataflow
    }
    other_s = 0;
    for (const std::size_t v : others) other_s += static_cast<double>(st.at(v).cycles) / f;
    simulated = variants.size();
    return cost;
}

void cmd_map(const MapArgs& a)
{
    const core::Experiment e = core::load_experiment(a.experiment, config::parse_overrides(a.sets));
    std::uint32_t word_bytes = 2;
    const mapping::DynamapParams p = params_of(e, word_bytes);
    const mapping::AnalyticCost analytic(p);
    double other_s = 0;
    std::size_t simulated = 0;
    std::unique_ptr<mapping::TableCost> sim;
    if (a.cost == "sim")
        sim = std::make_unique<mapping::TableCost>(
            simulated_costs(e, hw::parse_timing_mode(e.run.timing), other_s, simulated));
    const mapping::CostSource& cost = sim ? static_cast<const mapping::CostSource&>(*sim) : analytic;
    const mapping::MappingProblem problem = mapping::build_mapping_problem(e.network, cost);
    mapping::MapReport r;
    r.experiment = e.tree.name;
    r.network = e.network.name();
    r.cost = cost.name();
    r.params = fmt::format("array {}x{}, {} MHz, BW {} G elements/s ({}-byte words)", p.rows, p.cols,
                           p.clock_hz / 1e6, p.bw_elements_per_s / 1e9, word_bytes);
    if (sim)
        r.params += fmt::format("; {} layers simulated ({} timing, memoised per shape)", simulated, e.run.timing);
    r.other_s = other_s;
    r.problem = &problem;
    r.net = &e.network;
    r.mapped = mapping::map_network(e.network, problem);
    if (sim) {  // the analytic model's view of the same assignment, side by side (same graph, same choices)
        const mapping::MappingProblem ap = mapping::build_mapping_problem(e.network, analytic);
        r.analytic = mapping::evaluate_mapping(e.network, ap, r.mapped.choice);
        r.analytic.node_s = 0;  // at the dataflow the simulator chose, not the analytic model's own
        for (std::size_t i = 0; i < r.analytic.layers.size(); ++i) {
            auto& l = r.analytic.layers[i];
            l.dataflow = r.mapped.layers[i].dataflow;
            l.node_s = analytic.node(e.network.find(l.layer), l.algorithm, l.dataflow);
            r.analytic.node_s += l.node_s;
        }
        if (!systolic::systolic_params(e.arch).layout_transforms)
            r.notes.push_back("every edge costs 0: arch.overlay.layout_transforms is none (the lowered operands are "
                              "taken to be in DDR); set it to explicit to simulate DYNAMAP's layout transformations");
    }
    std::unique_ptr<mapping::MappingProblem> with_spectral;  // outlives the report
    if (!a.spectral.empty()) {
        if (!sim) throw Error("--spectral compares simulated costs: use it with --cost sim");
        mapping::TableCost with = *sim;
        for (const auto& [layer, seconds] : spectral_costs(a.spectral, e, r.spectral_source))
            with.add_family(layer, mapping::MapAlgorithm::spectral, seconds);
        with_spectral = std::make_unique<mapping::MappingProblem>(mapping::build_mapping_problem(e.network, with));
        r.with_spectral = mapping::map_network(e.network, *with_spectral);
    }
    if (!r.mapped.optimal) {  // a non-series-parallel graph: the RN heuristic fired
        std::uint64_t n = 1;
        bool small = true;
        for (const auto& c : problem.pbqp.costs) {
            n *= c.size();
            if (n > 10'000'000) small = false, n = 10'000'001;
        }
        if (small) {
            const mapping::PbqpSolution ex = mapping::solve_exhaustive(problem.pbqp);
            r.notes.push_back(fmt::format("not series-parallel: the RN heuristic gave {:.6f} ms, exhaustive search "
                                          "{:.6f} ms (gap {:.3f} %)", r.mapped.total_s() * 1e3, ex.cost * 1e3,
                                          ex.cost > 0 ? 100.0 * (r.mapped.total_s() - ex.cost) / ex.cost : 0.0));
        } else {
            r.notes.push_back("not series-parallel: the RN heuristic fired and the graph is too large to enumerate, "
                              "so the mapping may not be optimal");
        }
    }
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
    c->add_option("--cost", args->cost,
                  "cost model: sim (each candidate simulated, memoised per layer shape; default) or analytic (the "
                  "public DYNAMAP mapper's formulas)")
        ->check(CLI::IsMember({"sim", "analytic"}));
    c->add_flag("--candidates", args->candidates, "list every node and layout-transformation cost before the mapping");
    c->add_option("--format", args->format, "md | csv | json")->check(CLI::IsMember({"md", "csv", "json"}));
    c->add_option("-o,--out", args->out, "mapping file to write (default out/<experiment name>/mapping.yaml)");
    c->add_option("--set", args->sets, "override key.path=value");
    c->add_option("--spectral", args->spectral,
                  "a spectral experiment of the same network: add the spectral engine as a fourth algorithm "
                  "family (what-if; needs --cost sim; the mapping file stays systolic)");
    c->callback([args] { cmd_map(*args); });
}

}  // namespace specsim::cli
