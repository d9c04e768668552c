// SPDX-License-Identifier: MIT
// Result files (atomic writes, no stray temp files, errors as specsim::Error) and
// provenance (config hash test vectors, git revision never failing).
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "report/atomic_file.hpp"
#include "report/provenance.hpp"
#include "report/reporter.hpp"
#include "sample_run.hpp"
#include "util/error.hpp"

namespace fs = std::filesystem;
using namespace specsim;
using namespace specsim::report;

namespace {

// A fresh directory under the system temp dir, removed at scope exit.
struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& tag)
        : path(fs::temp_directory_path() / ("specsim_report_" + tag + "_" + std::to_string(::getpid())))
    {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

std::string slurp(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool has_tmp_files(const fs::path& dir)
{
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.path().filename().string().find(".tmp.") != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("write_results creates the three files atomically", "[files]")
{
    TempDir tmp("results");
    const auto info = test::sample_info();
    const auto layers = test::sample_layers();
    const fs::path dir = tmp.path / "out" / "demo3";  // parents created on the way
    write_results(dir.string(), info, layers, "arch:\n  name: u200_spectral\n");
    CHECK(slurp(dir / "results.json") == to_json(info, layers));
    CHECK(slurp(dir / "results.csv") == to_csv(info, layers));
    CHECK(slurp(dir / "config.resolved.yaml") == "arch:\n  name: u200_spectral\n");
    CHECK_FALSE(has_tmp_files(tmp.path));

    // A rerun replaces the files in place.
    auto fewer = layers;
    fewer.pop_back();
    write_results(dir.string(), info, fewer, "x: 1\n");
    CHECK(slurp(dir / "results.csv") == to_csv(info, fewer));
    CHECK(slurp(dir / "config.resolved.yaml") == "x: 1\n");
    CHECK_FALSE(has_tmp_files(tmp.path));
}

TEST_CASE("writing into an unwritable path throws specsim::Error", "[files]")
{
    TempDir tmp("unwritable");
    const fs::path file = tmp.path / "a_file";
    write_file_atomic(file.string(), "not a directory\n");
    CHECK(slurp(file) == "not a directory\n");

    // A regular file where a directory should be (works even when the tests run as root).
    const fs::path below = file / "results";
    CHECK_THROWS_AS(write_results(below.string(), test::sample_info(), test::sample_layers(), ""), Error);
    try {
        write_file_atomic((below / "results.json").string(), "{}");
        FAIL("no exception");
    } catch (const Error& e) {
        const std::string what = e.what();
        CHECK(what.find((below / "results.json").string()) != std::string::npos);
        CHECK(what.find("Not a directory") != std::string::npos);
    }

    // The target is a directory: the rename fails and the temp file is removed.
    fs::create_directories(tmp.path / "is_a_dir");
    CHECK_THROWS_AS(write_file_atomic((tmp.path / "is_a_dir").string(), "x"), Error);
    CHECK_FALSE(has_tmp_files(tmp.path));
}

TEST_CASE("config_hash is FNV-1a 64 with known values", "[provenance]")
{
    CHECK(config_hash("") == "cbf29ce484222325");
    CHECK(config_hash("a") == "af63dc4c8601ec8c");
    CHECK(config_hash("foobar") == "85944171f73967e8");
    CHECK(config_hash("arch:\n  clock: 200MHz\n") == config_hash("arch:\n  clock: 200MHz\n"));
    CHECK(config_hash("arch:\n  clock: 200MHz\n") != config_hash("arch:\n  clock: 250MHz\n"));
    CHECK(config_hash("x").size() == 16);
}

TEST_CASE("git_revision never fails", "[provenance]")
{
    CHECK(git_revision("/nonexistent/specsim/checkout") == "unknown");
    TempDir tmp("nogit");
    CHECK(git_revision(tmp.path.string()) == "unknown");
    // The source tree: a 12-digit revision (maybe dirty), or "unknown" without git.
    const std::string rev = git_revision(SPECSIM_TEST_SOURCE_ROOT);
    CHECK(std::regex_match(rev, std::regex("([0-9a-f]{12}(-dirty)?)|unknown")));
}
