// SPDX-License-Identifier: MIT
// Network-file errors: each names the file, line, column and key path of the offending
// value ("test.yaml:7:5: network.layers[0].kernal: …") and, for layer errors, the layer.
#include <catch2/catch.hpp>

#include "util/error.hpp"
#include "workload/network_yaml.hpp"

using namespace specsim;
using namespace specsim::workload;
using Catch::Contains;
using Catch::StartsWith;

namespace {

const std::string k_head = "name: t\ninput: {channels: 3, height: 8, width: 8}\nlayers:\n";

/// The message of the ConfigError that parsing `k_head + layers` throws ("" if none).
std::string error_of(const std::string& layers, const std::string& head = k_head)
{
    try {
        parse_network(config::load_yaml_text(head + layers, "test.yaml", "network"));
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("misspelt key: unknown key with a suggestion", "[workload][errors]")
{
    // kernel is required, but the typo is reported in preference to "missing".
    CHECK(error_of("  - name: c\n"
                   "    type: conv\n"
                   "    out_channels: 4\n"
                   "    kernal: 3\n") ==
          "test.yaml:7:5: network.layers[0].kernal: unknown key; did you mean 'kernel'?");
    CHECK(error_of("  - {name: c, type: conv, out_channels: 4, kernel: 3, stride: 1, groupz: 1}\n") ==
          "test.yaml:4:66: network.layers[0].groupz: unknown key; did you mean 'groups'?");
    CHECK(error_of("  - {name: c, tpye: relu}\n") ==
          "test.yaml:4:15: network.layers[0].tpye: unknown key; did you mean 'type'?");
    CHECK(error_of("  - {name: c, type: conv, out_channels: 4}\n") ==
          "test.yaml:4:5: network.layers[0].kernel: required key is missing");
    CHECK_THAT(error_of("  - {name: c, type: conv, out_channels: 4, kernel: 3}\n", "name: t\n"
                        "input: {channels: 3, height: 8, widht: 8}\nlayers:\n"),
               StartsWith("test.yaml:2:33: network.input.widht: ") && Contains("did you mean 'width'?"));
}

TEST_CASE("a key of another layer type is unknown", "[workload][errors]")
{
    CHECK_THAT(error_of("  - {name: r, type: relu, kernel: 3}\n"),
               StartsWith("test.yaml:4:27: network.layers[0].kernel: unknown key"));
    CHECK_THAT(error_of("  - {name: f, type: fc, out_features: 10, padd: 1}\n"),
               StartsWith("test.yaml:4:43: network.layers[0].padd: unknown key"));
    CHECK_THAT(error_of("  - {name: p, type: avgpool, global: true, kernel: 2}\n"),
               StartsWith("test.yaml:4:52: network.layers[0].kernel: not allowed with global: true"));
}

TEST_CASE("unknown layer type: did you mean", "[workload][errors]")
{
    const std::string e = error_of("  - {name: p, type: maxpol, kernel: 2}\n");
    CHECK_THAT(e, StartsWith("test.yaml:4:21: network.layers[0].type: 'maxpol' is not one of conv, fc,"));
    CHECK_THAT(e, Contains("did you mean 'maxpool'?"));
}

TEST_CASE("inputs must name earlier layers", "[workload][errors]")
{
    const std::string conv = "  - {name: conv1, type: conv, out_channels: 4, kernel: 3}\n";
    CHECK(error_of(conv + "  - {name: relu1, type: relu, inputs: [conv_1]}\n") ==
          "test.yaml:5:40: network.layers[1].inputs[0]: layer 'relu1': unknown input 'conv_1'; "
          "did you mean 'conv1'?");
    CHECK_THAT(error_of(conv + "  - {name: relu1, type: relu, inputs: [relu2]}\n"
                               "  - {name: relu2, type: relu}\n"),
               StartsWith("test.yaml:5:40: network.layers[1].inputs[0]: layer 'relu1': input 'relu2' "
                          "is defined later (layers[2])"));
    CHECK_THAT(error_of(conv + "  - {name: relu1, type: relu, inputs: relu1}\n"),
               Contains("layer 'relu1': a layer cannot read its own output"));
    CHECK_THAT(error_of(conv + "  - {name: relu1, type: relu, inputs: []}\n"),
               StartsWith("test.yaml:5:39: network.layers[1].inputs: an empty list"));
}

TEST_CASE("duplicate and reserved layer names", "[workload][errors]")
{
    CHECK(error_of("  - {name: c, type: conv, out_channels: 4, kernel: 3}\n"
                   "  - {name: c, type: relu}\n") ==
          "test.yaml:5:12: network.layers[1].name: layer 'c': duplicate layer name (first used by "
          "layers[0])");
    CHECK_THAT(error_of("  - {name: input, type: relu}\n"), Contains("reserved for the network input"));
}

TEST_CASE("shape mismatches name the layer", "[workload][errors]")
{
    const std::string a = "  - {name: a, type: conv, out_channels: 4, kernel: 3, pad: 1}\n";
    CHECK(error_of(a + "  - {name: b, type: conv, out_channels: 8, kernel: 3, pad: 1, inputs: [input]}\n"
                       "  - {name: s, type: add, inputs: [a, b]}\n") ==
          "test.yaml:6:5: network.layers[2]: layer 's': add input 'b' is 8x8x8 but 'a' is 4x8x8; "
          "added inputs must have the same shape");
    CHECK(error_of(a + "  - {name: b, type: conv, out_channels: 8, kernel: 3, inputs: [input]}\n"
                       "  - {name: cat, type: concat, inputs: [a, b]}\n") ==
          "test.yaml:6:5: network.layers[2]: layer 'cat': concat input 'b' is 8x6x6 but 'a' is "
          "4x8x8; concatenated inputs must have the same height and width");
    CHECK_THAT(error_of(a + "  - {name: s, type: add, inputs: [a]}\n"),
               StartsWith("test.yaml:5:5: network.layers[1]: layer 's': add takes at least 2 inputs, got 1"));
}

TEST_CASE("kernels that do not fit, bad groups, non-positive values", "[workload][errors]")
{
    CHECK(error_of("  - {name: big, type: conv, out_channels: 4, kernel: 11, pad: 1}\n") ==
          "test.yaml:4:5: network.layers[0]: layer 'big': kernel 11x11 is larger than the padded "
          "input 10x10 (input 3x8x8, pad 1)");
    CHECK_THAT(error_of("  - {name: d, type: conv, out_channels: 4, kernel: 3, dilation: 4}\n"),
               Contains("layer 'd': dilated kernel 9x9 is larger than the padded input 8x8"));
    CHECK_THAT(error_of("  - {name: p, type: maxpool, kernel: [2, 9]}\n"),
               Contains("layer 'p': kernel 2x9 is larger than the padded input 8x8"));
    CHECK_THAT(error_of("  - {name: g, type: conv, out_channels: 4, kernel: 3, groups: 2}\n"),
               Contains("layer 'g': groups 2 must divide the input channels (3)"));
    CHECK(error_of("  - {name: c, type: conv, out_channels: 0, kernel: 3}\n") ==
          "test.yaml:4:41: network.layers[0].out_channels: must be at least 1, got 0");
    CHECK_THAT(error_of("  - {name: c, type: conv, out_channels: 4, kernel: 3, pad: [1, 2, 3]}\n"),
               StartsWith("test.yaml:4:60: network.layers[0].pad: expected an integer, [h, w] or"));
    CHECK_THAT(error_of("  - {name: c, type: conv, out_channels: 4, kernel: [3, -1]}\n"),
               StartsWith("test.yaml:4:56: network.layers[0].kernel[1]: must be at least 1"));
    CHECK_THAT(error_of("  - {name: c, type: relu}\n",
                        "name: t\ninput: {channels: 3, height: 0, width: 8}\nlayers:\n"),
               StartsWith("test.yaml:2:30: network.input.height: must be at least 1"));
    CHECK_THAT(error_of("", "name: t\ninput: {channels: 3, height: 8, width: 8}\nlayers: []\n"),
               Contains("network.layers: a network needs at least one layer"));
}

TEST_CASE("defaults are written into the resolved tree", "[workload][errors]")
{
    const config::Node root = config::load_yaml_text(
        k_head + "  - {name: p, type: maxpool, kernel: 2}\n", "test.yaml", "network");
    const Network n = parse_network(root);
    CHECK(n.layer(0).output == Shape{3, 4, 4});
    CHECK(root.yaml()["layers"][0]["stride"].as<int>() == 2);
    CHECK(root.yaml()["layers"][0]["ceil_mode"].as<bool>() == false);
}

TEST_CASE("a missing network file is a ConfigError naming the path", "[workload][errors]")
{
    CHECK_THROWS_WITH(load_network_file("/nonexistent/net.yaml"),
                      StartsWith("/nonexistent/net.yaml: cannot open"));
}
