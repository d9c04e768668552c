// SPDX-License-Identifier: MIT
// Experiment files: relative paths, inline sections, overrides, kind detection.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "overlay/registry.hpp"
#include "overlay/spectral/analytic/params.hpp"
#include "config/arch_params.hpp"
#include "config/experiment.hpp"
#include "config/run_params.hpp"

using namespace specsim;
using namespace specsim::config;

namespace {
struct TempDir {
    std::string path;
    TempDir()
    {
        char tmpl[] = "/tmp/specsim-test-XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~TempDir() { std::system(("rm -rf " + path).c_str()); }
    std::string write(const std::string& name, const std::string& text) const
    {
        const std::string p = path + "/" + name;
        std::system(("mkdir -p $(dirname " + p + ")").c_str());
        std::ofstream(p) << text;
        return p;
    }
};

const char* kArch = "name: tiny\ndevice: {name: t, dsp: 10, bram36: 5}\noverlay: {fft_size: 8}\n";
const char* kNet = "name: n\ninput: {channels: 1, height: 8, width: 8}\nlayers: []\n";
}  // namespace

TEST_CASE("arch and network paths resolve relative to the experiment file", "[experiment]")
{
    TempDir d;
    d.write("arch/tiny.yaml", kArch);
    d.write("nets/n.yaml", kNet);
    const std::string exp = d.write("exp/e.yaml", "name: e\narch: ../arch/tiny.yaml\nnetwork: ../nets/n.yaml\nrun: {seed: 5}\n");
    ExperimentTree t = load_experiment_tree(exp);
    CHECK(t.arch_file == d.path + "/exp/../arch/tiny.yaml");
    CHECK(overlay::parse_arch(t.arch).name == "tiny");
    CHECK(parse_run(t.run).seed == 5);
    const std::string resolved = resolved_yaml(t);
    CHECK(resolved.find("kernels_parallel: 64") != std::string::npos);  // default filled in
}

TEST_CASE("errors inside the arch file name the arch file", "[experiment]")
{
    TempDir d;
    d.write("a.yaml", "name: tiny\ndevice: {name: t, dsp: 10, bram36: 5}\noverlay: {fft_sise: 8}\n");
    d.write("n.yaml", kNet);
    const std::string exp = d.write("e.yaml", "name: e\narch: a.yaml\nnetwork: n.yaml\n");
    ExperimentTree t = load_experiment_tree(exp);
    try {
        overlay::parse_arch(t.arch);
        FAIL("expected an error");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()) == d.path + "/a.yaml:3:11: arch.overlay.fft_sise: unknown key; did you mean 'fft_size'?");
    }
}

TEST_CASE("a missing arch file is reported at the line that names it", "[experiment]")
{
    TempDir d;
    const std::string exp = d.write("e.yaml", "name: e\narch: nope.yaml\nnetwork: n.yaml\n");
    CHECK_THROWS_WITH(load_experiment_tree(exp),
                      d.path + "/e.yaml:2:7: arch: cannot open '" + d.path + "/nope.yaml': cannot open: no such file");
}

TEST_CASE("overrides change values by dotted path before parsing", "[experiment][override]")
{
    TempDir d;
    const std::string exp = d.write("e.yaml", std::string("name: e\narch:\n") +
        "  name: tiny\n  device: {name: t, dsp: 10, bram36: 5}\n  overlay: {fft_size: 8}\n" +
        "network: {name: n, input: {channels: 1, height: 8, width: 8}, layers: []}\n");
    ExperimentTree t = load_experiment_tree(exp, {parse_override("arch.overlay.replicas=4"),
                                                  parse_override("run.timing=cycle"),
                                                  parse_override("arch.ddr.channels=2")});
    const ArchParams a = overlay::parse_arch(t.arch);
    CHECK(analytic::spectral_params(a).replicas == 4);
    CHECK(a.ddr.channels == 2);
    CHECK(parse_run(t.run).timing == "cycle");
    CHECK_THROWS_WITH(load_experiment_tree(exp, {parse_override("archh.x=1")}), Catch::Contains("did you mean 'arch'"));
    CHECK_THROWS_AS(parse_override("novalue"), Error);
    // An override with a misspelled key is caught by the strict parse like a file typo.
    ExperimentTree t2 = load_experiment_tree(exp, {parse_override("arch.overlay.replicaz=4")});
    CHECK_THROWS_WITH(overlay::parse_arch(t2.arch), Catch::Contains("arch.overlay.replicaz: unknown key; did you mean 'replicas'?"));
}

TEST_CASE("the kind of a config file is told from its top-level keys", "[experiment]")
{
    CHECK(detect_kind(load_yaml_text(kArch, "a")) == ConfigKind::arch);
    CHECK(detect_kind(load_yaml_text(kNet, "n")) == ConfigKind::network);
    CHECK(detect_kind(load_yaml_text("name: e\narch: a.yaml\n", "e")) == ConfigKind::experiment);
    CHECK_THROWS_WITH(detect_kind(load_yaml_text("foo: 1\n", "x.yaml")), Catch::StartsWith("x.yaml:1:1: cannot tell"));
}

TEST_CASE("arch.ddr.axi: defaults, values and range errors with their location", "[experiment][axi]")
{
    const std::string head = "name: tiny\ndevice: {name: t, dsp: 10, bram36: 5}\noverlay: {fft_size: 8}\n";
    const ArchParams d = overlay::parse_arch(load_yaml_text(head, "a.yaml"));
    CHECK(d.ddr.axi.data_bytes == 64);
    CHECK(d.ddr.axi.max_burst_beats == 64);
    CHECK(d.ddr.axi.max_outstanding == 16);
    CHECK(d.ddr.axi.max_burst_bytes() == 4096);
    const ArchParams a = overlay::parse_arch(load_yaml_text(
        head + "ddr:\n  axi: {data_bytes: 32, max_burst_beats: 256, max_outstanding: 4}\n", "a.yaml"));
    CHECK(a.ddr.axi.data_bytes == 32);
    CHECK(a.ddr.axi.max_burst_beats == 256);
    CHECK(a.ddr.axi.max_outstanding == 4);
    CHECK(a.ddr.axi.max_burst_bytes() == 8192);
    // An arch file read alone: key paths start below `arch`.
    const auto bad = [&](const std::string& axi) { return overlay::parse_arch(load_yaml_text(head + "ddr:\n  axi: " + axi + "\n", "a.yaml")); };
    CHECK_THROWS_WITH(bad("{data_bytes: 96}"),
                      "a.yaml:5:21: ddr.axi.data_bytes: must be a power of two between 4 and 128 bytes, got 96");
    CHECK_THROWS_WITH(bad("{data_bytes: 2}"), Catch::Contains("ddr.axi.data_bytes: must be a power of two"));
    CHECK_THROWS_WITH(bad("{data_bytes: 256}"), Catch::Contains("ddr.axi.data_bytes: must be a power of two"));
    CHECK_THROWS_WITH(bad("{max_burst_beats: 257}"),
                      "a.yaml:5:26: ddr.axi.max_burst_beats: must be between 1 and 256 (AXI4 INCR), got 257");
    CHECK_THROWS_WITH(bad("{max_burst_beats: 0}"), Catch::Contains("ddr.axi.max_burst_beats: must be between 1 and 256"));
    CHECK_THROWS_WITH(bad("{max_outstanding: 0}"), "a.yaml:5:26: ddr.axi.max_outstanding: must be at least 1");
    CHECK_THROWS_WITH(bad("{max_outstandng: 4}"),
                      "a.yaml:5:9: ddr.axi.max_outstandng: unknown key; did you mean 'max_outstanding'?");
}
