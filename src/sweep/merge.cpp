// SPDX-License-Identifier: MIT
// The merge of a sweep's point records into merged.csv / merged.json, with the Pareto flag.
#include "sweep/merge.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include <fmt/core.h>

#include "report/atomic_file.hpp"
#include "sweep/pareto.hpp"
#include "sweep/read_text.hpp"
#include "util/error.hpp"

namespace specsim::sweep {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// One CSV cell: strings as they are, null as empty, other JSON as its text; quoted (RFC
// 4180) when it holds a comma, a quote or a newline.
std::string csv_cell(const Json& v)
{
    std::string s = v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string o = "\"";
    for (const char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
    return o + "\"";
}

// Whether a figure's name already says its unit (pandas-ready names: time_ms,
// ddr_total_MB, bandwidth_GBps, *_frac, *_bytes, *cycles, *_eff).
bool named_unit(const std::string& n)
{
    for (const char* suf : {"_ms", "_MB", "_GBps", "_frac", "_bytes", "cycles", "_eff"})
        if (n.size() >= std::strlen(suf) && n.compare(n.size() - std::strlen(suf), std::string::npos, suf) == 0)
            return true;
    return false;
}

Json figure(const Json& r, const std::string& name)
{
    // A figure a point does not have (written by an older specsim, or another overlay's
    // counter in a mixed sweep) is an empty cell.
    if (r["status"] != "ok") return nullptr;
    const bool run = name.rfind("run.", 0) == 0;
    const Json& from = r[run ? "run" : "totals"];
    const std::string key = run ? name.substr(4) : name;
    return from.contains(key) ? from[key] : Json();
}

}  // namespace

std::vector<Json> read_point_records(const std::vector<std::string>& dirs)
{
    std::vector<Json> recs;
    std::set<std::string> seen;
    for (const auto& dir : dirs) {
        const fs::path pts = fs::path(dir) / "points";
        if (!fs::is_directory(pts)) throw Error("sweep merge: " + pts.string() + " is not a directory of point results");
        for (const auto& f : fs::directory_iterator(pts)) {
            if (f.path().extension() != ".json") continue;
            Json j = Json::parse(read_text(f.path()));
            if (seen.insert(j.at("hash").get<std::string>()).second) recs.push_back(std::move(j));
        }
    }
    return recs;
}

MergedSweep merge_records(std::vector<Json> recs)
{
    if (recs.empty()) throw Error("sweep merge: no point results found");
    std::sort(recs.begin(), recs.end(), [](const Json& x, const Json& y) { return x["index"] < y["index"]; });
    // Columns: identity, every axis, every run resource and total figure. The totals and
    // units of a point come from its overlay's StatGroup declarations; a sweep over
    // overlay types gets the union, in order of first appearance (a point without a
    // figure has an empty cell).
    std::vector<std::string> axes, figures, totals;
    Json units = Json::object();
    const auto add = [](std::vector<std::string>& v, const std::string& k) {
        if (std::find(v.begin(), v.end(), k) == v.end()) v.push_back(k);
    };
    for (const auto& r : recs) {
        for (auto it = r["settings"].begin(); it != r["settings"].end(); ++it) add(axes, it.key());
        if (r["status"] != "ok") continue;
        for (auto it = r["totals"].begin(); it != r["totals"].end(); ++it) add(totals, it.key());
        for (auto it = r["units"].begin(); it != r["units"].end(); ++it)
            if (!units.contains(it.key())) units[it.key()] = it.value();
    }
    if (!totals.empty()) {
        for (const char* k : {"dsp_used", "bram36_used", "pe_lanes"}) figures.push_back(std::string("run.") + k);
        figures.insert(figures.end(), totals.begin(), totals.end());
        figures.push_back("run.uram_used");  // last: added later, so older column positions hold
    }
    std::vector<DesignCost> cost;
    std::vector<std::size_t> ok;
    for (std::size_t i = 0; i < recs.size(); ++i)
        if (recs[i]["status"] == "ok") {
            ok.push_back(i);
            // Point files written before URAM was reported have no run.uram_used: 0.
            cost.push_back({recs[i]["totals"]["time_ms"].get<double>(), recs[i]["run"]["dsp_used"].get<double>(),
                            recs[i]["run"]["bram36_used"].get<double>(), recs[i]["run"].value("uram_used", 0.0)});
        }
    const std::vector<bool> front = pareto_front(cost);
    std::vector<bool> on_front(recs.size(), false);
    for (std::size_t k = 0; k < ok.size(); ++k) on_front[ok[k]] = front[k];

    std::string csv = "index,hash,status,error,pareto";
    for (const auto& ax : axes) csv += "," + csv_cell(ax);
    // Column names carry their unit: as a suffix already, or in brackets.
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
    Json doc;
    doc["format"] = "specsim-sweep-merged";
    doc["points"] = recs.size();
    doc["units"] = units;
    doc["rows"] = merged;

    MergedSweep m;
    m.csv = std::move(csv);
    m.json = doc.dump(1) + "\n";
    m.points = recs.size();
    m.ok = ok.size();
    m.failed = recs.size() - ok.size();
    m.on_front = std::size_t(std::count(on_front.begin(), on_front.end(), true));
    return m;
}

MergeFiles write_merged(const MergedSweep& merged, const std::string& out_dir)
{
    const fs::path out = out_dir;
    MergeFiles files{(out / "merged.csv").string(), (out / "merged.json").string()};
    report::write_file_atomic(files.json_path, merged.json);
    report::write_file_atomic(files.csv_path, merged.csv);
    return files;
}

}  // namespace specsim::sweep
