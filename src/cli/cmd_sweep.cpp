// SPDX-License-Identifier: MIT
// `specsim sweep SWEEP.yaml [-j N] [--shard I/N] [--emit-slurm N]` and
// `specsim sweep merge DIR...`.
//
// Every point runs as its own `specsim run` child (SystemC elaborates once per process),
// -j at a time, each with SPECSIM_THREADS=1 when several run at once. A point's result is
// written atomically to DIR/points/<hash>.json, <hash> being the hash of its resolved
// config, only once the child has finished: a killed sweep loses at most the points in
// flight, and a rerun skips every point that has a file (failed points included — their
// file records the error; delete it to retry).
#include <chrono>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>
#include <unistd.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "report/atomic_file.hpp"
#include "report/provenance.hpp"
#include "sweep/sweep_spec.hpp"
#include "util/error.hpp"
#include "util/subprocess.hpp"

namespace specsim::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

struct SweepArgs {
    std::string sweep;
    int jobs = 0;
    std::string shard;
    int emit_slurm = 0;
    std::vector<std::string> merge_dirs;
    std::string merge_out;
    std::string out;  // overrides the sweep's output_dir
    bool list = false;
};

struct Shard {
    std::size_t index = 0, count = 1;
};

Shard parse_shard(const std::string& s)
{
    if (s.empty()) return {};
    const auto slash = s.find('/');
    try {
        if (slash != std::string::npos) {
            const Shard sh{std::stoul(s.substr(0, slash)), std::stoul(s.substr(slash + 1))};
            if (sh.count >= 1 && sh.index < sh.count) return sh;
        }
    } catch (const std::exception&) {
    }
    throw Error("--shard must be I/N with 0 <= I < N, got '" + s + "'");
}

std::string read_text(const fs::path& p)
{
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class Progress {
public:
    Progress(std::size_t total, std::size_t done_before) : m_total(total), m_done(done_before), m_tty(isatty(2))
    {
        m_start = std::chrono::steady_clock::now();
        m_start_done = done_before;
    }
    void point(const std::string& what, bool failed)
    {
        ++m_done;
        m_failed += failed ? 1 : 0;
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        const std::size_t ran = m_done - m_start_done;
        const double eta = ran ? s / double(ran) * double(m_total - m_done) : 0;
        if (m_tty) {
            const int width = 30;
            const int fill = m_total ? int(double(m_done) / double(m_total) * width) : width;
            fmt::print(stderr, "\r[{}{}] {}/{} points, {} failed, ETA {:.0f} s   ", std::string(fill, '#'),
                       std::string(width - fill, '.'), m_done, m_total, m_failed, eta);
            if (m_done == m_total) fmt::print(stderr, "\n");
        } else {
            fmt::print(stderr, "sweep: {}/{} points done ({} failed), ETA {:.0f} s: {}\n", m_done, m_total, m_failed, eta,
                       what);
        }
    }
    std::size_t failed() const { return m_failed; }

private:
    std::size_t m_total, m_done, m_start_done, m_failed = 0;
    bool m_tty;
    std::chrono::steady_clock::time_point m_start;
};

Json settings_json(const sweep::Point& p)
{
    Json s = Json::object();
    for (const auto& o : p.settings) s[o.path] = o.value;
    return s;
}

// The point's record: settings plus the run's totals and resources, or the error.
Json point_record(const sweep::SweepSpec& spec, const sweep::Point& p, const std::string& hash, int exit_code,
                  const fs::path& work, const fs::path& err_file)
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

sweep::SweepSpec load(const SweepArgs& a)
{
    sweep::SweepSpec spec = sweep::load_sweep(a.sweep);
    if (!a.out.empty()) spec.output_dir = a.out;
    return spec;
}

int run_sweep(const SweepArgs& a)
{
    const sweep::SweepSpec spec = load(a);
    const Shard shard = parse_shard(a.shard);
    if (spec.mode == "random") {
        const std::size_t n = sweep::enumerate_points(spec).size();
        if (n < spec.random_count)
            fmt::print(stderr, "sweep {}: warning: the constraints admit only {} grid points, fewer than random.count = {}\n",
                       spec.name, n, spec.random_count);
    }
    std::vector<sweep::Point> points;
    for (const auto& p : sweep::enumerate_points(spec))
        if (p.index % shard.count == shard.index) points.push_back(p);
    const fs::path out = spec.output_dir;
    if (a.list) {  // the points and their result files, without running anything
        for (const auto& p : points) {
            const std::string h = sweep::point_hash(spec, p);
            std::string what;
            for (const auto& o : p.settings) what += " " + o.path + "=" + o.value;
            fmt::print("{:>4} {} {}{}\n", p.index, h, fs::exists(out / "points" / (h + ".json")) ? "done" : "todo", what);
        }
        return 0;
    }
    const std::string exe = util::self_exe();

    // Which points are done already (their file exists)? A point whose experiment does
    // not even load (a bad value) is recorded as failed right here, keyed by its settings.
    std::vector<std::pair<sweep::Point, std::string>> pending;
    std::set<std::string> queued;
    std::vector<std::pair<sweep::Point, std::string>> invalid;  // (point, error)
    std::size_t done_before = 0;
    for (const auto& p : points) {
        std::string h, load_error;
        try {
            h = sweep::point_hash(spec, p);
        } catch (const Error& e) {
            load_error = e.what();
            std::string key = spec.base;
            for (const auto& o : sweep::overrides_of(spec, p)) key += "\n" + o.path + "=" + o.value;
            h = "invalid-" + report::config_hash(key);
        }
        if (fs::exists(out / "points" / (h + ".json"))) ++done_before;
        else if (!load_error.empty()) invalid.emplace_back(p, load_error);
        else if (queued.insert(h).second) pending.emplace_back(p, h);  // duplicates run once
        else ++done_before;
    }
    const unsigned jobs = a.jobs > 0 ? unsigned(a.jobs) : std::max(1u, std::thread::hardware_concurrency());
    fmt::print(stderr, "sweep {}: {} points{}, {} done already, {} to run, -j {}; results in {}\n", spec.name,
               points.size(), shard.count > 1 ? fmt::format(" in shard {}/{}", shard.index, shard.count) : "",
               done_before, pending.size(), jobs, out.string());
    // Every point failing to load means the sweep itself is wrong (a misspelled axis key,
    // a bad `set:` value): one error, exit 2, nothing written.
    if (!points.empty() && invalid.size() == points.size()) throw Error(invalid.front().second);
    fs::create_directories(out / "points");
    fs::create_directories(out / "work");
    Progress progress(points.size(), done_before);
    for (const auto& [p, err] : invalid) {
        Json rec;
        rec["sweep"] = spec.name;
        rec["index"] = p.index;
        std::string key = spec.base;
        for (const auto& o : sweep::overrides_of(spec, p)) key += "\n" + o.path + "=" + o.value;
        rec["hash"] = "invalid-" + report::config_hash(key);
        rec["settings"] = settings_json(p);
        rec["status"] = "error";
        rec["error"] = err;
        report::write_file_atomic((out / "points" / (rec["hash"].get<std::string>() + ".json")).string(), rec.dump(1) + "\n");
        progress.point(rec["hash"].get<std::string>() + ": " + err, true);
    }
    std::map<pid_t, std::size_t> running;
    std::size_t next = 0;
    const auto start_one = [&](std::size_t i) {
        const auto& [p, h] = pending[i];
        const fs::path work = out / "work" / h;
        fs::create_directories(work);
        std::vector<std::string> argv = {exe, "run", spec.base, "--quiet", "--out", work.string()};
        for (const auto& o : sweep::overrides_of(spec, p)) {
            argv.push_back("--set");
            argv.push_back(o.path + "=" + o.value);
        }
        std::vector<std::string> env = {"SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1"};
        if (jobs > 1) env.push_back("SPECSIM_THREADS=1");
        running[util::spawn(argv, (work / "stdout.txt").string(), (work / "stderr.txt").string(), env)] = i;
    };
    while (next < pending.size() && running.size() < jobs) start_one(next++);
    while (!running.empty()) {
        const auto [pid, code] = util::wait_any();
        const auto it = running.find(pid);
        if (it == running.end()) continue;
        const std::size_t i = it->second;
        running.erase(it);
        const auto& [p, h] = pending[i];
        const fs::path work = out / "work" / h;
        const Json rec = point_record(spec, p, h, code, work, work / "stderr.txt");
        report::write_file_atomic((out / "points" / (h + ".json")).string(), rec.dump(1) + "\n");
        fs::remove_all(work);
        std::string what = h;
        for (const auto& o : p.settings) what += " " + o.path + "=" + o.value;
        if (rec["status"] != "ok") what += ": " + rec["error"].get<std::string>();
        progress.point(what, rec["status"] != "ok");
        if (next < pending.size()) start_one(next++);
    }
    fmt::print(stderr, "sweep {}: {} points done, {} failed in this run; merge with: specsim sweep merge {}\n",
               spec.name, points.size(), progress.failed(), out.string());
    return 0;
}

// Pareto front of latency against DSP and BRAM use: a point is on it when no other point
// is at least as good on all three and better on one.
std::vector<bool> pareto(const std::vector<std::array<double, 3>>& v)
{
    std::vector<bool> front(v.size(), true);
    for (std::size_t i = 0; i < v.size(); ++i)
        for (std::size_t j = 0; j < v.size() && front[i]; ++j) {
            if (i == j) continue;
            const bool le = v[j][0] <= v[i][0] && v[j][1] <= v[i][1] && v[j][2] <= v[i][2];
            const bool lt = v[j][0] < v[i][0] || v[j][1] < v[i][1] || v[j][2] < v[i][2];
            if (le && lt) front[i] = false;
        }
    return front;
}

std::string csv_cell(const Json& v)
{
    std::string s = v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string o = "\"";
    for (const char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
    return o + "\"";
}

int merge(const SweepArgs& a)
{
    std::vector<Json> recs;
    std::set<std::string> seen;
    for (const auto& dir : a.merge_dirs) {
        const fs::path pts = fs::path(dir) / "points";
        if (!fs::is_directory(pts)) throw Error("sweep merge: " + pts.string() + " is not a directory of point results");
        for (const auto& f : fs::directory_iterator(pts)) {
            if (f.path().extension() != ".json") continue;
            Json j = Json::parse(read_text(f.path()));
            if (seen.insert(j.at("hash").get<std::string>()).second) recs.push_back(std::move(j));
        }
    }
    if (recs.empty()) throw Error("sweep merge: no point results found");
    std::sort(recs.begin(), recs.end(), [](const Json& x, const Json& y) { return x["index"] < y["index"]; });
    // Columns: identity, every axis, every run resource and total figure.
    std::vector<std::string> axes, figures;
    Json units = Json::object();
    for (const auto& r : recs) {
        for (auto it = r["settings"].begin(); it != r["settings"].end(); ++it)
            if (std::find(axes.begin(), axes.end(), it.key()) == axes.end()) axes.push_back(it.key());
        if (r["status"] == "ok" && figures.empty()) {
            for (const char* k : {"dsp_used", "bram36_used", "pe_lanes"}) figures.push_back(std::string("run.") + k);
            for (auto it = r["totals"].begin(); it != r["totals"].end(); ++it) figures.push_back(it.key());
            units = r["units"];
        }
    }
    std::vector<std::array<double, 3>> cost;
    std::vector<std::size_t> ok;
    for (std::size_t i = 0; i < recs.size(); ++i)
        if (recs[i]["status"] == "ok") {
            ok.push_back(i);
            cost.push_back({recs[i]["totals"]["time_ms"].get<double>(), recs[i]["run"]["dsp_used"].get<double>(),
                            recs[i]["run"]["bram36_used"].get<double>()});
        }
    const std::vector<bool> front = pareto(cost);
    std::vector<bool> on_front(recs.size(), false);
    for (std::size_t k = 0; k < ok.size(); ++k) on_front[ok[k]] = front[k];

    const auto figure = [](const Json& r, const std::string& name) -> Json {
        if (r["status"] != "ok") return nullptr;
        if (name.rfind("run.", 0) == 0) return r["run"][name.substr(4)];
        return r["totals"][name];
    };
    std::string csv = "index,hash,status,error,pareto";
    for (const auto& ax : axes) csv += "," + csv_cell(ax);
    // Column names carry their unit (pandas-ready): as a suffix already (time_ms,
    // ddr_total_MB, bandwidth_GBps, *_frac, *_bytes, *cycles) or in brackets.
    const auto named_unit = [](const std::string& n) {
        for (const char* suf : {"_ms", "_MB", "_GBps", "_frac", "_bytes", "cycles", "_eff"})
            if (n.size() >= std::strlen(suf) && n.compare(n.size() - std::strlen(suf), std::string::npos, suf) == 0)
                return true;
        return false;
    };
    for (const auto& f : figures) {
        const std::string base = f.rfind("run.", 0) == 0 ? f.substr(4) : f;
        const std::string unit = units.contains(base) ? units[base].get<std::string>() : "";
        csv += "," + csv_cell(unit.empty() || named_unit(base) ? f : f + " [" + unit + "]");
    }
    csv += "\n";
    Json merged = Json::array();
    for (std::size_t i = 0; i < recs.size(); ++i) {
        const Json& r = recs[i];
        Json row;
        row["index"] = r["index"];
        row["hash"] = r["hash"];
        row["status"] = r["status"];
        row["error"] = r["error"];
        row["pareto"] = bool(on_front[i]);
        csv += fmt::format("{},{},{},{},{}", r["index"].get<std::size_t>(), r["hash"].get<std::string>(),
                           r["status"].get<std::string>(), csv_cell(r["error"]), on_front[i] ? 1 : 0);
        for (const auto& ax : axes) {
            const Json v = r["settings"].contains(ax) ? r["settings"][ax] : Json();
            row["settings"][ax] = v;
            csv += "," + csv_cell(v);
        }
        for (const auto& f : figures) {
            const Json v = figure(r, f);
            row["figures"][f] = v;
            csv += "," + csv_cell(v);
        }
        csv += "\n";
        merged.push_back(row);
    }
    const fs::path out = a.merge_out.empty() ? fs::path(a.merge_dirs.front()) : fs::path(a.merge_out);
    Json doc;
    doc["format"] = "specsim-sweep-merged";
    doc["points"] = recs.size();
    doc["units"] = units;
    doc["rows"] = merged;
    report::write_file_atomic((out / "merged.json").string(), doc.dump(1) + "\n");
    report::write_file_atomic((out / "merged.csv").string(), csv);
    const std::size_t failed = recs.size() - ok.size();
    fmt::print("merged {} points ({} ok, {} failed, {} on the Pareto front of latency vs DSP and BRAM): {}, {}\n",
               recs.size(), ok.size(), failed, std::count(on_front.begin(), on_front.end(), true),
               (out / "merged.csv").string(), (out / "merged.json").string());
    return 0;
}

int emit_slurm(const SweepArgs& a)
{
    const sweep::SweepSpec spec = load(a);
    const int n = a.emit_slurm;
    const fs::path out = fs::absolute(spec.output_dir);
    const fs::path dir = out / "slurm";
    fs::create_directories(dir);
    const std::string exe = util::self_exe(), sweep_file = fs::absolute(a.sweep).string();
    const std::string array = fmt::format(
        "#!/bin/bash\n"
        "# Generated by specsim sweep --emit-slurm: one array task per shard of sweep '{0}'.\n"
        "#SBATCH --job-name=specsim-{0}\n"
        "#SBATCH --array=0-{1}\n"
        "#SBATCH --cpus-per-task=2\n"
        "#SBATCH --output={2}/shard-%a.log\n"
        "set -euo pipefail\n"
        "cd {3}\n"
        "exec {4} sweep {5} --out {7} --shard \"$SLURM_ARRAY_TASK_ID/{6}\" -j \"${{SLURM_CPUS_PER_TASK:-1}}\"\n",
        spec.name, n - 1, dir.string(), fs::current_path().string(), exe, sweep_file, n, out.string());
    const std::string merge = fmt::format(
        "#!/bin/bash\n"
        "# Generated by specsim sweep --emit-slurm: merges the shards of sweep '{0}'.\n"
        "#SBATCH --job-name=specsim-{0}-merge\n"
        "#SBATCH --output={1}/merge.log\n"
        "set -euo pipefail\n"
        "exec {2} sweep merge {3}\n",
        spec.name, dir.string(), exe, out.string());
    const std::string submit = fmt::format(
        "#!/bin/bash\n"
        "# Submits the shard array, then the merge once every shard has ended.\n"
        "set -euo pipefail\n"
        "array=$(sbatch --parsable {0}/array.sbatch)\n"
        "merge=$(sbatch --parsable --dependency=afterany:${{array%%;*}} {0}/merge.sbatch)\n"
        "echo \"$array $merge\"\n",
        dir.string());
    report::write_file_atomic((dir / "array.sbatch").string(), array);
    report::write_file_atomic((dir / "merge.sbatch").string(), merge);
    report::write_file_atomic((dir / "submit.sh").string(), submit);
    fs::permissions(dir / "submit.sh", fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add);
    fmt::print("slurm: {} shards; submit with {}/submit.sh\n", n, dir.string());
    return 0;
}

}  // namespace

void add_sweep_command(CLI::App& app, CommandContext& ctx)
{
    auto args = std::make_shared<SweepArgs>();
    CLI::App* c = app.add_subcommand("sweep", "Run a design-space sweep (resumable), or merge its results");
    c->add_option("sweep", args->sweep, "sweep YAML");
    c->add_option("-j,--jobs", args->jobs, "points run at once (default: one per core)")->check(at_least_one);
    c->add_option("--shard", args->shard, "run only shard I of N (I/N, 0-based)");
    c->add_option("--out", args->out, "output directory (default: the sweep's output_dir)");
    c->add_flag("--list", args->list, "list the points (index, hash, done/todo, settings) without running");
    c->add_option("--emit-slurm", args->emit_slurm, "write a Slurm array script of N shards plus a merge job, and exit")
        ->check(at_least_one);
    CLI::App* m = c->add_subcommand("merge", "Gather a sweep's point results into merged.csv and merged.json");
    m->add_option("dirs", args->merge_dirs, "sweep output directories (shards merge)")->required();
    m->add_option("--out", args->merge_out, "where merged.* go (default: the first directory)");
    m->callback([args, &ctx] { ctx.exit_code = merge(*args); });
    c->callback([args, c, &ctx] {
        if (c->got_subcommand("merge")) return;
        if (args->sweep.empty()) throw Error("specsim sweep: give a sweep file (or: specsim sweep merge DIR)");
        ctx.exit_code = args->emit_slurm > 0 ? emit_slurm(*args) : run_sweep(*args);
    });
}

}  // namespace specsim::cli
