// SPDX-License-Identifier: MIT
// `specsim regress [DIR] [--update] [-j N] [--tolerance T]`: runs every case under DIR
// (default traces/) — a directory with experiment.yaml and golden.json — and compares the
// pinned figures: integers exactly, floats within a relative tolerance. Prints a table of
// what moved (case, layer, figure, golden, now, difference) and exits 1 on any drift;
// --update rewrites the goldens (atomically) and prints what changed.
//
// Golden format: {layer: {figure: value}} with the figures of kPinned for layers that ran
// and {"skip_reason": …} for layers that did not.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>
#include <unistd.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "report/atomic_file.hpp"
#include "util/error.hpp"
#include "util/subprocess.hpp"

namespace specsim::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// The figures a golden pins per layer: the integer counters of results.json, and the
// layer time in ms (a float: compared within the tolerance).
const std::vector<std::string> kPinned = {
    "time_ms",
    "cycles", "compute_cycles", "mac_ops", "bubbles", "read_conflicts", "pe_stall_cycles", "fft_busy_cycles",
    "ifft_busy_cycles", "ddr_busy_cycles", "ddr_input_bytes", "ddr_kernel_bytes", "ddr_index_bytes",
    "ddr_output_bytes", "block_ns", "block_ps", "read_blocks", "read_block_cycles", "read_block_bound",
    "read_block_nonzeros"};

struct RegressArgs {
    std::string dir = "traces";
    bool update = false;
    int jobs = 0;
    double tolerance = 1e-9;
};

std::string read_text(const fs::path& p)
{
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Json figures_of(const Json& results)
{
    Json g = Json::object();
    for (const auto& l : results.at("layers")) {
        Json f = Json::object();
        if (!l.at("skip_reason").get<std::string>().empty()) {
            f["skip_reason"] = l["skip_reason"];
        } else {
            for (const auto& k : kPinned) f[k] = l.at(k);
        }
        g[l.at("layer").get<std::string>()] = f;
    }
    return g;
}

std::string text_of(const Json& v) { return v.is_null() ? "(none)" : v.is_string() ? v.get<std::string>() : v.dump(); }

bool same(const Json& a, const Json& b, double tol)
{
    if (a.is_number_float() || b.is_number_float()) {
        if (!a.is_number() || !b.is_number()) return false;
        const double x = a.get<double>(), y = b.get<double>();
        return std::fabs(x - y) <= tol * std::max(std::fabs(x), std::fabs(y));
    }
    return a == b;
}

struct Drift {
    std::string case_name, layer, figure;
    Json golden, now;
};

int regress(const RegressArgs& a)
{
    const fs::path dir = a.dir;
    if (!fs::is_directory(dir)) throw Error("regress: " + dir.string() + " is not a directory");
    std::vector<std::string> cases;
    for (const auto& e : fs::directory_iterator(dir))
        if (fs::exists(e.path() / "experiment.yaml")) cases.push_back(e.path().filename().string());
    std::sort(cases.begin(), cases.end());
    if (cases.empty()) throw Error("regress: no cases (directories with experiment.yaml) under " + dir.string());

    // Each case is a `specsim run` child (SystemC elaborates once per process), -j at a time.
    const fs::path work = fs::temp_directory_path() / fmt::format("specsim-regress-{}", ::getpid());
    fs::create_directories(work);
    const unsigned jobs = a.jobs > 0 ? unsigned(a.jobs) : std::max(1u, std::thread::hardware_concurrency());
    std::map<pid_t, std::size_t> running;
    std::vector<int> codes(cases.size(), -1);
    std::size_t next = 0;
    const std::string exe = util::self_exe();
    const auto start = [&](std::size_t i) {
        const fs::path out = work / cases[i];
        fs::create_directories(out);
        std::vector<std::string> env = {"SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1"};
        if (jobs > 1) env.push_back("SPECSIM_THREADS=1");
        running[util::spawn({exe, "run", (dir / cases[i] / "experiment.yaml").string(), "--quiet", "--timing", "fast",
                             "--out", out.string()},
                            (out / "stdout.txt").string(), (out / "stderr.txt").string(), env)] = i;
    };
    while (next < cases.size() && running.size() < jobs) start(next++);
    while (!running.empty()) {
        const auto [pid, code] = util::wait_any();
        const auto it = running.find(pid);
        if (it == running.end()) continue;
        codes[it->second] = code;
        running.erase(it);
        if (next < cases.size()) start(next++);
    }

    std::vector<Drift> drift;
    int errors = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const fs::path out = work / cases[i];
        const fs::path golden_file = dir / cases[i] / "golden.json";
        if (codes[i] != 0) {
            ++errors;
            fmt::print("{}: run failed: {}\n", cases[i], util::last_line((out / "stderr.txt").string()));
            continue;
        }
        const Json now = figures_of(Json::parse(read_text(out / "results.json")));
        const Json golden = fs::exists(golden_file) ? Json::parse(read_text(golden_file)) : Json::object();
        std::size_t moved = 0;
        std::vector<std::string> layers;
        for (auto it = golden.begin(); it != golden.end(); ++it) layers.push_back(it.key());
        for (auto it = now.begin(); it != now.end(); ++it)
            if (std::find(layers.begin(), layers.end(), it.key()) == layers.end()) layers.push_back(it.key());
        for (const auto& l : layers) {
            const Json g = golden.contains(l) ? golden[l] : Json::object();
            const Json n = now.contains(l) ? now[l] : Json::object();
            std::vector<std::string> keys;
            for (auto it = g.begin(); it != g.end(); ++it) keys.push_back(it.key());
            for (auto it = n.begin(); it != n.end(); ++it)
                if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) keys.push_back(it.key());
            for (const auto& k : keys) {
                const Json gv = g.contains(k) ? g[k] : Json(), nv = n.contains(k) ? n[k] : Json();
                if (!same(gv, nv, a.tolerance)) {
                    drift.push_back({cases[i], l, k, gv, nv});
                    ++moved;
                }
            }
        }
        if (a.update && (moved || !fs::exists(golden_file)))
            report::write_file_atomic(golden_file.string(), now.dump(1) + "\n");
        fmt::print("{}: {} layers, {}\n", cases[i], now.size(),
                   moved ? fmt::format("{} figure(s) moved{}", moved, a.update ? ", golden rewritten" : "")
                         : "matches its golden");
    }
    fs::remove_all(work);
    if (!drift.empty()) {
        fmt::print("\n{:<24} {:<10} {:<20} {:>14} {:>14} {:>14} {:>9}\n", "case", "layer", "figure", "golden", "now",
                   "difference", "%");
        for (const auto& d : drift) {
            std::string diff, pct;
            if (d.golden.is_number() && d.now.is_number()) {
                const double g = d.golden.get<double>(), n = d.now.get<double>();
                diff = d.golden.is_number_integer() && d.now.is_number_integer()
                           ? fmt::format("{:+d}", d.now.get<std::int64_t>() - d.golden.get<std::int64_t>())
                           : fmt::format("{:+.6g}", n - g);
                pct = g != 0 ? fmt::format("{:+.3f}", (n - g) / g * 100.0) : "";
            }
            fmt::print("{:<24} {:<10} {:<20} {:>14} {:>14} {:>14} {:>9}\n", d.case_name, d.layer, d.figure,
                       text_of(d.golden), text_of(d.now), diff, pct);
        }
    }
    fmt::print("\nregress: {} cases, {} figure(s) moved, {} run(s) failed{}\n", cases.size(), drift.size(), errors,
               a.update ? " (goldens updated: say why in the commit message)" : "");
    if (errors) return 1;
    return drift.empty() || a.update ? 0 : 1;
}

}  // namespace

void add_regress_command(CLI::App& app, CommandContext& ctx)
{
    auto args = std::make_shared<RegressArgs>();
    CLI::App* c = app.add_subcommand("regress", "Run the golden cases under DIR and report any figure that moved (exit 1)");
    c->add_option("dir", args->dir, "directory of cases (default traces)");
    c->add_flag("--update", args->update, "rewrite the goldens from this run and print what changed");
    c->add_option("-j,--jobs", args->jobs, "cases run at once (default: one per core)")->check(at_least_one);
    c->add_option("--tolerance", args->tolerance, "relative tolerance for floating-point figures (default 1e-9)")
        ->check(CLI::NonNegativeNumber);
    c->callback([args, &ctx] { ctx.exit_code = regress(*args); });
}

}  // namespace specsim::cli
