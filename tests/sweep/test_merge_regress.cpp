// SPDX-License-Identifier: MIT
// The merge of point records (row order, columns and units, CSV quoting, Pareto flags,
// duplicates across shard directories) and the golden comparison of `specsim regress`.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "sweep/merge.hpp"
#include "sweep/regress.hpp"
#include "util/error.hpp"

namespace fs = std::filesystem;
using namespace specsim;
using namespace specsim::sweep;
using Json = nlohmann::ordered_json;

namespace {

Json ok_record(std::size_t index, const std::string& hash, int kp, double time_ms, int dsp, int bram)
{
    Json r;
    r["sweep"] = "t";
    r["index"] = index;
    r["hash"] = hash;
    r["settings"] = {{"arch.kp", std::to_string(kp)}};
    r["status"] = "ok";
    r["error"] = "";
    r["run"] = {{"dsp_used", dsp}, {"bram36_used", bram}, {"pe_lanes", 4}};
    r["totals"] = {{"time_ms", time_ms}, {"cycles", 1000 + index}, {"ddr_total_MB", 1.5}, {"mac_ops", 7}};
    r["units"] = {{"dsp_used", "DSP slices"}, {"bram36_used", "BRAM36 blocks"}, {"pe_lanes", "lanes"},
                  {"time_ms", "ms"}, {"cycles", "cycles"}, {"ddr_total_MB", "MB"}, {"mac_ops", "MAC"}};
    return r;
}

Json error_record(std::size_t index, const std::string& hash, const std::string& error)
{
    Json r;
    r["sweep"] = "t";
    r["index"] = index;
    r["hash"] = hash;
    r["settings"] = {{"arch.kp", "99"}, {"arch.extra", "x"}};
    r["status"] = "error";
    r["error"] = error;
    return r;
}

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& tag)
        : path(fs::temp_directory_path() / ("specsim_sweep_" + tag + "_" + std::to_string(::getpid())))
    {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

void write(const fs::path& p, const Json& j)
{
    fs::create_directories(p.parent_path());
    std::ofstream(p) << j.dump(1) << "\n";
}

}  // namespace

TEST_CASE("merge: rows by index, columns with units, failed rows empty, Pareto flags", "[sweep][merge]")
{
    // Out of order on purpose; point 1 failed with an error holding a comma and a quote.
    const std::vector<Json> recs = {ok_record(2, "h2", 32, 5.0, 200, 40), error_record(1, "h1", "does not fit, \"kp\" too big"),
                                    ok_record(0, "h0", 16, 8.0, 100, 40), ok_record(3, "h3", 64, 5.0, 300, 40)};
    const MergedSweep m = merge_records(recs);
    CHECK(m.points == 4);
    CHECK(m.ok == 3);
    CHECK(m.failed == 1);
    CHECK(m.on_front == 2);  // h3 is slower-or-equal to h2 at more DSP: dominated
    const auto lines = lines_of(m.csv);
    REQUIRE(lines.size() == 5);
    CHECK(lines[0] == "index,hash,status,error,pareto,arch.kp,arch.extra,run.dsp_used [DSP slices],"
                      "run.bram36_used [BRAM36 blocks],run.pe_lanes [lanes],time_ms,cycles,ddr_total_MB,mac_ops [MAC],"
                      "run.uram_used");
    // The points predate run.uram_used: its cells are empty, every other column where it was.
    CHECK(lines[1] == "0,h0,ok,,1,16,,100,40,4,8.0,1000,1.5,7,");
    CHECK(lines[2] == "1,h1,error,\"does not fit, \"\"kp\"\" too big\",0,99,x,,,,,,,,");
    CHECK(lines[3] == "2,h2,ok,,1,32,,200,40,4,5.0,1002,1.5,7,");
    CHECK(lines[4] == "3,h3,ok,,0,64,,300,40,4,5.0,1003,1.5,7,");

    const Json doc = Json::parse(m.json);
    CHECK(doc["format"] == "specsim-sweep-merged");
    CHECK(doc["points"] == 4);
    REQUIRE(doc["rows"].size() == 4);
    CHECK(doc["rows"][1]["figures"]["time_ms"].is_null());
    CHECK(doc["rows"][2]["pareto"] == true);
    CHECK(doc["rows"][2]["figures"]["run.dsp_used"] == 200);
    CHECK(m.json.back() == '\n');
}

TEST_CASE("merge: points of different overlays give the union of their figures", "[sweep][merge]")
{
    Json a = ok_record(0, "h0", 16, 8.0, 100, 40);
    Json b = ok_record(1, "h1", 32, 5.0, 200, 40);
    a["totals"]["bubbles"] = 11;  // a spectral point's own counter
    a["units"]["bubbles"] = "kernel slots";
    b["totals"]["folds"] = 22;  // a systolic point's
    b["units"]["folds"] = "folds";
    const MergedSweep m = merge_records({a, b});
    const auto lines = lines_of(m.csv);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "index,hash,status,error,pareto,arch.kp,run.dsp_used [DSP slices],run.bram36_used [BRAM36 blocks],"
                      "run.pe_lanes [lanes],time_ms,cycles,ddr_total_MB,mac_ops [MAC],bubbles [kernel slots],"
                      "folds [folds],run.uram_used");
    CHECK(lines[1] == "0,h0,ok,,1,16,100,40,4,8.0,1000,1.5,7,11,,");
    CHECK(lines[2] == "1,h1,ok,,1,32,200,40,4,5.0,1001,1.5,7,,22,");
}

TEST_CASE("merge: no records is an error", "[sweep][merge]")
{
    CHECK_THROWS_AS(merge_records({}), Error);
    CHECK_THROWS_WITH(merge_records({}), "sweep merge: no point results found");
}

TEST_CASE("merge: shard directories, a hash seen twice counts once", "[sweep][merge]")
{
    TempDir t("merge");
    write(t.path / "s0" / "points" / "h0.json", ok_record(0, "h0", 16, 8.0, 100, 40));
    write(t.path / "s0" / "points" / "h2.json", ok_record(2, "h2", 32, 5.0, 200, 40));
    write(t.path / "s1" / "points" / "h1.json", ok_record(1, "h1", 24, 6.0, 150, 40));
    write(t.path / "s1" / "points" / "h2.json", ok_record(2, "h2", 32, 5.0, 200, 40));
    std::ofstream(t.path / "s1" / "points" / "notes.txt") << "not a record\n";
    const auto recs = read_point_records({(t.path / "s0").string(), (t.path / "s1").string()});
    CHECK(recs.size() == 3);
    const MergedSweep m = merge_records(recs);
    const auto lines = lines_of(m.csv);
    REQUIRE(lines.size() == 4);
    CHECK(lines[1].rfind("0,h0,", 0) == 0);
    CHECK(lines[2].rfind("1,h1,", 0) == 0);
    CHECK(lines[3].rfind("2,h2,", 0) == 0);

    const MergeFiles files = write_merged(m, t.path.string());
    std::ifstream csv(files.csv_path);
    CHECK(std::string(std::istreambuf_iterator<char>(csv), {}) == m.csv);
    CHECK(fs::exists(files.json_path));

    CHECK_THROWS_WITH(read_point_records({(t.path / "nope").string()}),
                      Catch::Contains("is not a directory of point results"));
}

TEST_CASE("regress: floats within the relative tolerance, integers exactly", "[sweep][regress]")
{
    CHECK(same_figure(Json(1000), Json(1000), 1e-9));
    CHECK_FALSE(same_figure(Json(1000), Json(1001), 0.5));  // integers: exact whatever the tolerance
    CHECK(same_figure(Json(2.0), Json(2.0 * (1 + 1e-12)), 1e-9));
    CHECK_FALSE(same_figure(Json(2.0), Json(2.0 * (1 + 1e-6)), 1e-9));
    CHECK(same_figure(Json(2.0), Json(2), 0));       // a float against an integer: by value
    CHECK_FALSE(same_figure(Json(2.0), Json(), 1));  // a float against nothing
    CHECK(same_figure(Json("x"), Json("x"), 0));
}

TEST_CASE("regress: moved figures in golden order, then new ones; the table's texts", "[sweep][regress]")
{
    const Json golden = Json::parse(R"({"c1": {"cycles": 100, "time_ms": 1.0}, "c2": {"skip_reason": "too big"}})");
    const Json now = Json::parse(R"({"c1": {"cycles": 433, "time_ms": 1.0, "bubbles": 3}, "c3": {"cycles": 5}})");
    const std::vector<Drift> d = compare_figures("case", golden, now, 1e-9);
    REQUIRE(d.size() == 4);
    CHECK((d[0].layer == "c1" && d[0].figure == "cycles"));
    CHECK((d[1].layer == "c1" && d[1].figure == "bubbles"));
    CHECK((d[2].layer == "c2" && d[2].figure == "skip_reason"));
    CHECK((d[3].layer == "c3" && d[3].figure == "cycles"));
    CHECK(d[0].case_name == "case");
    CHECK(difference_text(d[0]) == "+333");
    CHECK(percent_text(d[0]) == "+333.000");
    CHECK(value_text(d[1].golden) == "(none)");
    CHECK(difference_text(d[1]) == "");
    CHECK(value_text(d[2].golden) == "too big");
    CHECK(value_text(d[3].now) == "5");
    const Drift f{"case", "c1", "time_ms", Json(2.0), Json(1.5)};
    CHECK(difference_text(f) == "-0.5");
    CHECK(percent_text(f) == "-25.000");
    CHECK(percent_text({"case", "c1", "x", Json(0), Json(3)}) == "");
    CHECK(compare_figures("case", now, now, 0).empty());
}

TEST_CASE("regress: pinned figures of a results.json", "[sweep][regress]")
{
    // The pinned keys come from the overlay's StatGroup declarations (golden flag).
    const auto spectral = pinned_figure_names("spectral");
    const auto systolic = pinned_figure_names("systolic");
    const auto has = [](const std::vector<std::string>& v, const char* k) { return std::find(v.begin(), v.end(), k) != v.end(); };
    CHECK(has(spectral, "cycles"));
    CHECK(has(spectral, "bubbles"));
    CHECK_FALSE(has(spectral, "read_blocks_unproven"));  // declared golden = false
    CHECK_FALSE(has(spectral, "folds"));
    CHECK(has(systolic, "cycles"));
    CHECK(has(systolic, "folds"));
    CHECK_FALSE(has(systolic, "bubbles"));
    CHECK_THROWS_WITH(pinned_figure_names("systolc"), Catch::Contains("did you mean 'systolic'"));

    for (const char* overlay : {"", "spectral", "systolic"}) {
        INFO(overlay);
        Json results;
        if (*overlay) results["run"] = {{"overlay", overlay}};
        const auto names = pinned_figure_names(*overlay ? overlay : "spectral");
        Json l1 = {{"layer", "c1"}, {"skip_reason", ""}};
        for (const auto& k : names) l1[k] = 1;
        l1["not_pinned"] = 9;
        results["layers"] = Json::array({l1, {{"layer", "c2"}, {"skip_reason", "does not fit"}}});
        const Json g = pinned_figures(results);
        CHECK(g["c1"].size() == names.size());
        CHECK_FALSE(g["c1"].contains("not_pinned"));
        CHECK(g["c2"] == Json{{"skip_reason", "does not fit"}});
    }
}
