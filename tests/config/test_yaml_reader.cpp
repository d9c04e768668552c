// SPDX-License-Identifier: MIT
// The strict reader: locations in messages, unknown keys, types, defaults, arch parsing.
#include <catch2/catch.hpp>

#include "overlay/registry.hpp"
#include "overlay/spectral/analytic/params.hpp"
#include "config/arch_params.hpp"
#include "config/key_registry.hpp"
#include "config/run_params.hpp"
#include "config/yaml_reader.hpp"

using namespace specsim;
using namespace specsim::config;

namespace {
std::string error_of(const std::function<void()>& f)
{
    try {
        f();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "<no error>";
}

const char* kArch = R"(name: tiny
device: {name: test, dsp: 100, bram36: 50}
clock: 100MHz
overlay:
  type: spectral
  fft_size: 8
  replicas: 4
)";
}  // namespace

TEST_CASE("required, optional and typed values", "[reader]")
{
    Node root = load_yaml_text("a: 3\nb: hello\nc: 200MHz\nd: true\n", "t.yaml", "top");
    MapReader r(root);
    CHECK(r.get<int>("a", "doc") == 3);
    CHECK(r.get<std::string>("b", "doc") == "hello");
    CHECK(r.get<Frequency>("c", "doc").hz == Approx(200e6));
    CHECK(r.get<bool>("d", "doc"));
    CHECK(r.opt<std::uint64_t>("e", 7, "doc") == 7);
    CHECK(r.opt<Duration>("f", "9ms", "doc").seconds == Approx(9e-3));
    r.done();
    // Defaults are filled into the tree so dump-config shows them.
    CHECK(root.yaml()["e"].as<int>() == 7);
    CHECK(root.yaml()["f"].as<std::string>() == "9ms");
}

TEST_CASE("a misspelled key names file:line:col, the key path and a suggestion", "[reader]")
{
    Node root = load_yaml_text("overlay:\n  replicas: 8\n  replicass: 4\n", "arch.yaml", "demo");
    const std::string msg = error_of([&] {
        MapReader r(root);
        MapReader ov = r.map("overlay", "doc");
        ov.get<int>("replicas", "doc");
        ov.done();
    });
    CHECK(msg == "arch.yaml:3:3: demo.overlay.replicass: unknown key; did you mean 'replicas'?");
}

TEST_CASE("missing keys, wrong types, negative sizes and bad units are one-line errors", "[reader]")
{
    Node root = load_yaml_text("a: abc\nb: -4\nc: 200\nd: [1, 2]\nlist: [1, x]\n", "f.yaml", "");
    MapReader r(root);
    CHECK(error_of([&] { r.get<int>("zz", "doc"); }) == "f.yaml:1:1: zz: required key is missing");
    CHECK(error_of([&] { r.get<int>("a", "doc"); }) == "f.yaml:1:4: a: expected an integer, got 'abc'");
    CHECK(error_of([&] { r.get<std::uint32_t>("b", "doc"); }) == "f.yaml:2:4: b: must not be negative, got -4");
    CHECK(error_of([&] { r.get<Frequency>("c", "doc"); }) ==
          "f.yaml:3:4: c: frequency '200' needs a unit (Hz, kHz, MHz, GHz)");
    CHECK(error_of([&] { r.get<int>("d", "doc"); }) == "f.yaml:4:4: d: expected an integer, got <list>");
    const auto items = r.seq("list", "doc");
    CHECK(error_of([&] { items[1].as<int>(); }) == "f.yaml:5:11: list[1]: expected an integer, got 'x'");
}

TEST_CASE("choices suggest the closest valid value", "[reader]")
{
    Node root = load_yaml_text("timing: fsat\n", "run.yaml", "run");
    MapReader r(root);
    CHECK(error_of([&] { r.choice("timing", {"cycle", "fast"}, "fast", "doc"); }) ==
          "run.yaml:1:9: run.timing: 'fsat' is not one of cycle, fast; did you mean 'fast'?");
}

TEST_CASE("duplicate keys and YAML syntax errors are reported with their position", "[reader]")
{
    Node dup = load_yaml_text("a: 1\nb: 2\na: 3\n", "d.yaml", "");
    CHECK(error_of([&] { MapReader r(dup); }) == "d.yaml:3:1: a: key appears twice");
    CHECK(error_of([&] { load_yaml_text("a: [1, 2\nb: 3\n", "s.yaml"); }).rfind("s.yaml:", 0) == 0);
    CHECK(error_of([&] { load_yaml_file("/nonexistent/x.yaml"); }) ==
          "/nonexistent/x.yaml: cannot open: no such file");
}

TEST_CASE("arch parsing fills defaults and validates ranges", "[reader][arch]")
{
    Node root = load_yaml_text(kArch, "a.yaml", "arch");
    const ArchParams a = overlay::parse_arch(root);
    CHECK(analytic::spectral_params(a).fft_size == 8);
    CHECK(analytic::spectral_params(a).replicas == 4);
    CHECK(analytic::spectral_params(a).kernels_parallel == 64);  // default
    CHECK(a.clock.hz == Approx(100e6));
    CHECK(a.ddr.bandwidth_per_channel.bytes_per_s == Approx(19.2e9));
    CHECK(root.yaml()["ddr"]["burst"].as<std::string>() == "64B");

    Node bad = load_yaml_text(std::string(kArch) + "  tiles_parallel: 0\n", "a.yaml", "arch");
    CHECK(error_of([&] { overlay::parse_arch(bad); }) == "a.yaml:8:19: arch.overlay.tiles_parallel: must be at least 1");
    Node bad_k = load_yaml_text(std::string(kArch) + "  fft_size: 12\n", "a.yaml", "arch");
    CHECK(error_of([&] { overlay::parse_arch(bad_k); }).find("key appears twice") != std::string::npos);
}

TEST_CASE("every key read is recorded with its default and description", "[reader][registry]")
{
    Node root = load_yaml_text(kArch, "a.yaml", "arch");
    overlay::parse_arch(root);
    parse_run(load_yaml_text("seed: 3\n", "r.yaml", "run"));
    bool saw_replicas = false, saw_seed = false;
    for (const KeyInfo& k : recorded_keys()) {
        CHECK_FALSE(k.doc.empty());
        if (k.pattern == "arch.overlay.replicas") {
            saw_replicas = true;
            CHECK(k.default_text == "8");
        }
        if (k.pattern == "run.seed") saw_seed = true;
    }
    CHECK(saw_replicas);
    CHECK(saw_seed);
    CHECK(keys_markdown().find("| `arch.ddr.bandwidth_per_channel` |") != std::string::npos);
}
