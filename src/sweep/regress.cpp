// SPDX-License-Identifier: MIT
// The golden-case regression: cases run through the child pool, then each run's pinned
// figures are compared with its golden.
#include "sweep/regress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

#include <fmt/core.h>

#include "overlay/registry.hpp"
#include "report/atomic_file.hpp"
#include "sweep/child_pool.hpp"
#include "sweep/read_text.hpp"
#include "util/error.hpp"
#include "util/subprocess.hpp"

namespace specsim::sweep {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

}  // namespace

std::vector<std::string> pinned_figure_names(const std::string& overlay_type)
{
    return overlay::find_overlay(overlay_type).stat_group().golden_keys();
}

Json pinned_figures(const Json& results)
{
    Json g = Json::object();
    const Json& run = results.contains("run") ? results["run"] : Json::object();
    const std::vector<std::string> names = pinned_figure_names(run.value("overlay", std::string("spectral")));
    for (const auto& l : results.at("layers")) {
        Json f = Json::object();
        if (!l.at("skip_reason").get<std::string>().empty()) {
            f["skip_reason"] = l["skip_reason"];
        } else {
            for (const auto& k : names) f[k] = l.at(k);
        }
        g[l.at("layer").get<std::string>()] = f;
    }
    return g;
}

bool same_figure(const Json& a, const Json& b, double tolerance)
{
    if (a.is_number_float() || b.is_number_float()) {
        if (!a.is_number() || !b.is_number()) return false;
        const double x = a.get<double>(), y = b.get<double>();
        return std::fabs(x - y) <= tolerance * std::max(std::fabs(x), std::fabs(y));
    }
    return a == b;
}

std::vector<Drift> compare_figures(const std::string& case_name, const Json& golden, const Json& now, double tolerance)
{
    std::vector<Drift> drift;
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
            if (!same_figure(gv, nv, tolerance)) drift.push_back({case_name, l, k, gv, nv});
        }
    }
    return drift;
}

std::string value_text(const Json& v) { return v.is_null() ? "(none)" : v.is_string() ? v.get<std::string>() : v.dump(); }

std::string difference_text(const Drift& d)
{
    if (!d.golden.is_number() || !d.now.is_number()) return "";
    if (d.golden.is_number_integer() && d.now.is_number_integer())
        return fmt::format("{:+d}", d.now.get<std::int64_t>() - d.golden.get<std::int64_t>());
    return fmt::format("{:+.6g}", d.now.get<double>() - d.golden.get<double>());
}

std::string percent_text(const Drift& d)
{
    if (!d.golden.is_number() || !d.now.is_number()) return "";
    const double g = d.golden.get<double>(), n = d.now.get<double>();
    return g != 0 ? fmt::format("{:+.3f}", (n - g) / g * 100.0) : "";
}

std::vector<std::string> find_cases(const std::string& dir_text)
{
    const fs::path dir = dir_text;
    if (!fs::is_directory(dir)) throw Error("regress: " + dir.string() + " is not a directory");
    std::vector<std::string> cases;
    for (const auto& e : fs::directory_iterator(dir))
        if (fs::exists(e.path() / "experiment.yaml")) cases.push_back(e.path().filename().string());
    std::sort(cases.begin(), cases.end());
    if (cases.empty()) throw Error("regress: no cases (directories with experiment.yaml) under " + dir.string());
    return cases;
}

RegressReport run_regression(const RegressOptions& options, const std::function<void(const CaseResult&)>& on_case)
{
    const fs::path dir = options.dir;
    const std::vector<std::string> cases = find_cases(options.dir);

    // Each case is a `specsim run` child (SystemC elaborates once per process), -j at a time.
    const fs::path work = fs::temp_directory_path() / fmt::format("specsim-regress-{}", ::getpid());
    fs::create_directories(work);
    std::vector<int> codes(cases.size(), -1);
    const auto start = [&](std::size_t i) {
        const fs::path out = work / cases[i];
        fs::create_directories(out);
        std::vector<std::string> env = {"SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1"};
        if (options.jobs > 1) env.push_back("SPECSIM_THREADS=1");
        std::vector<std::string> argv = {options.specsim_exe, "run", (dir / cases[i] / "experiment.yaml").string(),
                                         "--quiet", "--timing", "fast", "--out", out.string()};
        if (options.no_cache) argv.push_back("--no-cache");
        return util::spawn(argv, (out / "stdout.txt").string(), (out / "stderr.txt").string(), env);
    };
    run_children(cases.size(), options.jobs, start, [&](std::size_t i, int code) { codes[i] = code; });

    RegressReport result;
    result.cases = cases.size();
    result.updated = options.update;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const fs::path out = work / cases[i];
        const fs::path golden_file = dir / cases[i] / "golden.json";
        if (codes[i] != 0) {
            ++result.failed_runs;
            const std::string error = util::last_line((out / "stderr.txt").string());
            on_case({cases[i], false, error, 0, 0});
            continue;
        }
        const Json now = pinned_figures(Json::parse(read_text(out / "results.json")));
        const Json golden = fs::exists(golden_file) ? Json::parse(read_text(golden_file)) : Json::object();
        const std::vector<Drift> moved = compare_figures(cases[i], golden, now, options.tolerance);
        result.drift.insert(result.drift.end(), moved.begin(), moved.end());
        if (options.update && (!moved.empty() || !fs::exists(golden_file)))
            report::write_file_atomic(golden_file.string(), now.dump(1) + "\n");
        const std::string no_error;
        on_case({cases[i], true, no_error, now.size(), moved.size()});
    }
    fs::remove_all(work);
    return result;
}

}  // namespace specsim::sweep
