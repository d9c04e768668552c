// SPDX-License-Identifier: MIT
// The sweep runner: plan (which points have records), then one `specsim run` child per
// pending point through the child pool, each record written atomically when its child ends.
#include "sweep/runner.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include <nlohmann/json.hpp>

#include "report/atomic_file.hpp"
#include "report/provenance.hpp"
#include "sweep/child_pool.hpp"
#include "sweep/read_text.hpp"
#include "util/error.hpp"
#include "util/subprocess.hpp"

namespace specsim::sweep {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

Json settings_json(const Point& p)
{
    Json s = Json::object();
    for (const auto& o : p.settings) s[o.path] = o.value;
    return s;
}

// The key of a point that does not load: its base file and overrides (no resolved config
// exists to hash).
std::string invalid_hash(const SweepSpec& spec, const Point& p)
{
    std::string key = spec.base;
    for (const auto& o : overrides_of(spec, p)) key += "\n" + o.path + "=" + o.value;
    return "invalid-" + report::config_hash(key);
}

// The point's record: settings plus the run's totals and resources, or the error.
Json point_record(const SweepSpec& spec, const Point& p, const std::string& hash, int exit_code, const fs::path& work,
                  const fs::path& err_file)
{
    Json j;
    j["sweep"] = spec.name;
    j["index"] = p.index;
    j["hash"] = hash;
    j["settings"] = settings_json(p);
    if (exit_code == 0 && fs::exists(work / "results.json")) {
        const Json r = Json::parse(read_text(work / "results.json"));
        j["status"] = "ok";
        j["error"] = "";
        j["run"] = r.at("run");
        j["totals"] = r.at("totals");
        j["units"] = r.at("units");
    } else {
        j["status"] = "error";
        std::string e = util::last_line(err_file.string());
        j["error"] = e.empty() ? "exit code " + std::to_string(exit_code) : e;
    }
    return j;
}

Json invalid_record(const SweepSpec& spec, const InvalidPoint& bad)
{
    Json rec;
    rec["sweep"] = spec.name;
    rec["index"] = bad.point.index;
    rec["hash"] = bad.hash;
    rec["settings"] = settings_json(bad.point);
    rec["status"] = "error";
    rec["error"] = bad.error;
    return rec;
}

}  // namespace

std::optional<std::size_t> random_shortfall(const SweepSpec& spec)
{
    if (spec.mode != "random") return std::nullopt;
    const std::size_t n = enumerate_points(spec).size();
    if (n < spec.random_count) return n;
    return std::nullopt;
}

std::string point_file(const std::string& output_dir, const std::string& hash)
{
    return (fs::path(output_dir) / "points" / (hash + ".json")).string();
}

bool has_result(const std::string& output_dir, const std::string& hash)
{
    return fs::exists(point_file(output_dir, hash));
}

SweepPlan plan_sweep(const SweepSpec& spec, const std::vector<Point>& points)
{
    SweepPlan plan;
    plan.points = points.size();
    std::set<std::string> queued;
    for (const auto& p : points) {
        std::string h, load_error;
        try {
            h = point_hash(spec, p);
        } catch (const Error& e) {
            load_error = e.what();
            h = invalid_hash(spec, p);
        }
        if (has_result(spec.output_dir, h)) ++plan.done_before;
        else if (!load_error.empty()) plan.invalid.push_back({p, h, load_error});
        else if (queued.insert(h).second) plan.pending.push_back({p, h});  // duplicates run once
        else ++plan.done_before;
    }
    return plan;
}

std::size_t run_plan(const SweepSpec& spec, const SweepPlan& plan, const RunOptions& options,
                     const PointObserver& on_point)
{
    // Every point failing to load means the sweep itself is wrong (a misspelled axis key,
    // a bad `set:` value): one error, nothing written.
    if (plan.points != 0 && plan.invalid.size() == plan.points) throw Error(plan.invalid.front().error);
    const fs::path out = spec.output_dir;
    fs::create_directories(out / "points");
    fs::create_directories(out / "work");
    std::size_t failed = 0;
    for (const auto& bad : plan.invalid) {
        report::write_file_atomic(point_file(spec.output_dir, bad.hash), invalid_record(spec, bad).dump(1) + "\n");
        ++failed;
        on_point({bad.point, bad.hash, false, false, bad.error});
    }
    const auto start = [&](std::size_t i) {
        const auto& [p, h] = plan.pending[i];
        const fs::path work = out / "work" / h;
        fs::create_directories(work);
        std::vector<std::string> argv = {options.specsim_exe, "run", spec.base, "--quiet", "--out", work.string()};
        if (options.no_cache) argv.push_back("--no-cache");
        for (const auto& o : overrides_of(spec, p)) {
            argv.push_back("--set");
            argv.push_back(o.path + "=" + o.value);
        }
        std::vector<std::string> env = {"SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1"};
        if (options.jobs > 1) env.push_back("SPECSIM_THREADS=1");
        return util::spawn(argv, (work / "stdout.txt").string(), (work / "stderr.txt").string(), env);
    };
    const auto finished = [&](std::size_t i, int code) {
        const auto& [p, h] = plan.pending[i];
        const fs::path work = out / "work" / h;
        const Json rec = point_record(spec, p, h, code, work, work / "stderr.txt");
        report::write_file_atomic(point_file(spec.output_dir, h), rec.dump(1) + "\n");
        fs::remove_all(work);
        const bool ok = rec["status"] == "ok";
        failed += ok ? 0 : 1;
        const std::string error = rec["error"].get<std::string>();
        on_point({p, h, true, ok, error});
    };
    run_children(plan.pending.size(), options.jobs, start, finished);
    return failed;
}

}  // namespace specsim::sweep
