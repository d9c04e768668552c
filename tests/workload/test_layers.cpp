// SPDX-License-Identifier: MIT
// Shape inference and per-layer figures on small hand-checked networks, read from YAML text
// and built in code.
#include <catch2/catch.hpp>

#include "util/error.hpp"
#include "workload/network_yaml.hpp"

using namespace specsim;
using namespace specsim::workload;

namespace {

Network parse(const std::string& layers, const std::string& input = "{channels: 3, height: 32, width: 32}")
{
    return parse_network(config::load_yaml_text(
        "name: t\ninput: " + input + "\nlayers:\n" + layers, "test.yaml", "network"));
}

}  // namespace

TEST_CASE("conv output size, MACs and weights", "[workload][layer]")
{
    // 3x32x32, 5x5 stride 1 pad 2 → 16x32x32. MACs = 32·32·16·3·25, weights 16·3·25 + 16 bias.
    const Network n = parse("  - {name: c, type: conv, out_channels: 16, kernel: 5, pad: 2}\n");
    const Layer& c = n.layer(0);
    CHECK(c.output == Shape{16, 32, 32});
    CHECK(c.macs() == 32 * 32 * 16 * 3 * 25);
    CHECK(c.weights() == 16 * 3 * 25);
    CHECK(c.biases() == 16);
    CHECK(c.inputs == std::vector<std::string>{"input"});
    CHECK(c.input_ids == std::vector<int>{-1});
}

TEST_CASE("conv stride, rectangular kernel, asymmetric pad, no bias", "[workload][layer]")
{
    // H: (32 + 0 + 1 - 3) / 2 + 1 = 16;  W: (32 + 2 + 2 - 5) / 2 + 1 = 16 (floor of 15.5 + 1).
    const Network n = parse("  - {name: c, type: conv, out_channels: 8, kernel: [3, 5], "
                            "stride: [2, 2], pad: [0, 2, 1, 2], bias: false}\n");
    const Layer& c = n.layer(0);
    CHECK(c.output == Shape{8, 16, 16});
    CHECK(c.conv().kernel.h == 3);
    CHECK(c.conv().kernel.w == 5);
    CHECK(c.conv().pad.str() == "0,2,1,2");
    CHECK(c.biases() == 0);
    CHECK(c.param_count() == 8 * 3 * 15);
}

TEST_CASE("dilation widens the kernel's reach", "[workload][layer]")
{
    // 3x3 kernel, dilation 2 → reach 5: (32 - 5) / 1 + 1 = 28; MACs count real taps (9).
    const Network n = parse("  - {name: c, type: conv, out_channels: 4, kernel: 3, dilation: 2}\n");
    CHECK(n.layer(0).output == Shape{4, 28, 28});
    CHECK(n.layer(0).macs() == 28 * 28 * 4 * 3 * 9);
    // pad [h, w] form with dilation [2, 1]: H (32+2-5)+1 = 30, W (32+0-3)+1 = 30.
    const Network m = parse("  - {name: c, type: conv, out_channels: 4, kernel: 3, "
                            "dilation: [2, 1], pad: [1, 0]}\n");
    CHECK(m.layer(0).output == Shape{4, 30, 30});
}

TEST_CASE("grouped and depthwise conv divide MACs and weights", "[workload][layer]")
{
    const Network n = parse("  - {name: g, type: conv, out_channels: 64, kernel: 3, pad: 1, groups: 4}\n"
                            "  - {name: dw, type: conv, out_channels: 64, kernel: 3, pad: 1, groups: 64}\n",
                            "{channels: 32, height: 8, width: 8}");
    CHECK(n.layer(0).macs() == 8 * 8 * 64 * (32 / 4) * 9);
    CHECK(n.layer(0).weights() == 64 * 8 * 9);
    CHECK(n.layer(1).macs() == 8 * 8 * 64 * 1 * 9);
    CHECK(n.layer(1).weights() == 64 * 9);
}

TEST_CASE("pooling: default stride, floor and ceil modes, global", "[workload][layer]")
{
    const Network n = parse("  - {name: p1, type: maxpool, kernel: 2}\n"              // 16
                            "  - {name: p2, type: maxpool, kernel: 3, stride: 2}\n"   // (16-3)/2+1 = 7
                            "  - {name: p3, type: maxpool, kernel: 3, stride: 2, ceil_mode: true, inputs: [p1]}\n"  // ceil(13/2)+1 = 8
                            "  - {name: p4, type: avgpool, global: true}\n",
                            "{channels: 5, height: 32, width: 32}");
    CHECK(n.layer(0).output == Shape{5, 16, 16});
    CHECK(n.layer(0).pool().stride.h == 2);
    CHECK(n.layer(1).output == Shape{5, 7, 7});
    CHECK(n.layer(2).output == Shape{5, 8, 8});
    CHECK(n.layer(3).output == Shape{5, 1, 1});
    CHECK(n.layer(3).inputs == std::vector<std::string>{"p3"});
    for (const Layer& l : n.layers()) CHECK(l.macs() == 0);
}

TEST_CASE("ceil mode drops a window that starts in the trailing padding", "[workload][layer]")
{
    // 5 wide, kernel 2, stride 2, pad 1: ceil((5+2-2)/2)+1 = 4, but the 4th window would start
    // at padded index 6 ≥ 5 + 1, so PyTorch and Caffe both give 3.
    const Network n = parse("  - {name: p, type: maxpool, kernel: 2, stride: 2, pad: 1, ceil_mode: true}\n",
                            "{channels: 1, height: 5, width: 5}");
    CHECK(n.layer(0).output == Shape{1, 3, 3});
}

TEST_CASE("fc flattens; concat, add and shape-preserving layers", "[workload][layer]")
{
    const Network n = parse(
        "  - {name: a, type: conv, out_channels: 8, kernel: 1}\n"
        "  - {name: b, type: conv, out_channels: 24, kernel: 3, pad: 1, inputs: [input]}\n"
        "  - {name: cat, type: concat, inputs: [a, b]}\n"
        "  - {name: s, type: add, inputs: [cat, cat]}\n"
        "  - {name: bn, type: batchnorm}\n"
        "  - {name: r, type: relu}\n"
        "  - {name: n, type: lrn, size: 3, k: 2}\n"
        "  - {name: d, type: dropout, p: 0.3}\n"
        "  - {name: f, type: fc, out_features: 10}\n"
        "  - {name: sm, type: softmax}\n",
        "{channels: 4, height: 6, width: 6}");
    CHECK(n.find("cat").output == Shape{32, 6, 6});
    CHECK(n.find("s").output == Shape{32, 6, 6});
    CHECK(n.find("bn").weights() == 32);
    CHECK(n.find("bn").biases() == 32);
    CHECK(n.find("n").lrn().size == 3);
    CHECK(n.find("n").lrn().k == 2.0);
    CHECK(n.find("f").macs() == 32 * 6 * 6 * 10);
    CHECK(n.find("f").param_count() == 32 * 6 * 6 * 10 + 10);
    CHECK(n.output() == Shape{10, 1, 1});
    CHECK(n.consumers(*n.index_of("cat")) == std::vector<std::size_t>{3});
    CHECK(n.consumers(0) == std::vector<std::size_t>{2});
    const NetworkTotals t = n.totals();
    CHECK(t.conv_layers == 2);
    CHECK(t.fc_layers == 1);
    CHECK(t.conv_macs == 6 * 6 * 8 * 4 + 6 * 6 * 24 * 4 * 9);
    CHECK(t.fc_macs == 11520);
    CHECK(t.params == (8 * 4 + 8) + (24 * 36 + 24) + 64 + (11520 + 10));
}

TEST_CASE("kind names round-trip", "[workload][layer]")
{
    for (const std::string& name : kind_names()) CHECK(kind_name(kind_from_name(name)) == name);
    CHECK(kind_names().size() == 12);
    CHECK_THROWS_AS(kind_from_name("convolution"), Error);
}

TEST_CASE("networks built in code check names, inputs and shapes", "[workload][network]")
{
    Network n("code", Shape{3, 8, 8});
    ConvParams cp;
    cp.out_channels = 16;
    cp.kernel = {3, 3};
    cp.pad = {1, 1, 1, 1};
    const Layer conv = make_layer("c", LayerKind::Conv, cp);
    CHECK(n.add(conv).output == Shape{16, 8, 8});
    CHECK_THROWS_WITH(n.add(conv), "layer 'c': duplicate layer name");
    const Layer relu = make_layer("r", LayerKind::Relu, {}, {"cc"});
    CHECK_THROWS_WITH(n.add(relu), Catch::Contains("input 'cc' is not an earlier layer; did you mean 'c'?"));
    const Layer add = make_layer("a", LayerKind::Add, {}, {"c", "input"});
    CHECK_THROWS_WITH(n.add(add), Catch::StartsWith("layer 'a': add input 'input' is 3x8x8 but 'c' is 16x8x8"));
    const Layer in = make_layer("input", LayerKind::Relu);
    CHECK_THROWS_AS(n.add(in), Error);
    CHECK(n.size() == 1);
    CHECK_THROWS_WITH(n.find("cx"), "network 'code' has no layer 'cx'; did you mean 'c'?");
    CHECK_THROWS_WITH(n.find("missing"), "network 'code' has no layer 'missing'");
    CHECK_THROWS_AS(Network("bad", Shape{0, 8, 8}), Error);
}
