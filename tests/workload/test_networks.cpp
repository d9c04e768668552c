// SPDX-License-Identifier: MIT
// The shipped networks in configs/networks load, infer their shapes and match published
// figures (MACs, parameters, layer counts, shapes); each figure names its source.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <string>

#include "workload/network_yaml.hpp"

using namespace specsim::workload;

namespace {

Network load(const std::string& name)
{
    const char* root = std::getenv("SPECSIM_ROOT");
    INFO("SPECSIM_ROOT must point at the repository (meson test sets it)");
    REQUIRE(root != nullptr);
    return load_network_file(std::string(root) + "/configs/networks/" + name + ".yaml");
}

/// Relative closeness: |value / expected - 1| ≤ tol.
bool near(double value, double expected, double tol)
{
    return value >= expected * (1 - tol) && value <= expected * (1 + tol);
}

/// MACs summed over the layers whose name starts with `prefix`.
std::int64_t macs_with_prefix(const Network& n, const std::string& prefix)
{
    std::int64_t s = 0;
    for (const Layer& l : n.layers())
        if (l.name.rfind(prefix, 0) == 0) s += l.macs();
    return s;
}

}  // namespace

TEST_CASE("every shipped network loads and ends in its class count", "[workload][networks]")
{
    for (const char* name : {"lenet5", "alexnet", "vgg16", "resnet18", "googlenet"}) {
        INFO(name);
        const Network n = load(name);
        CHECK(n.name() == name);
        CHECK_FALSE(n.source().empty());
        CHECK(n.output() == Shape{std::string(name) == "lenet5" ? 10 : 1000, 1, 1});
    }
}

TEST_CASE("LeNet-5 (LeCun 1998, 1x32x32, full C3)", "[workload][networks]")
{
    const Network n = load("lenet5");
    const NetworkTotals t = n.totals();
    CHECK(n.find("c1").output == Shape{6, 28, 28});    // paper Fig. 2: C1 6@28x28
    CHECK(n.find("s4").output == Shape{16, 5, 5});     // S4 16@5x5
    CHECK(n.find("c5").output == Shape{120, 1, 1});    // C5 120
    // 156 + 2,416 (C3 with all 6 inputs; the paper's sparse table has 1,516) + 48,120
    // (paper: 48,120) + 10,164 (paper: 10,164) + 850: the usual "61,706" of this variant.
    CHECK(t.params == 61706);
    // 28²·6·25 + 10²·16·150 + 120·400 by hand.
    CHECK(t.conv_macs == 117600 + 240000 + 48000);
    CHECK(t.fc_macs == 120 * 84 + 84 * 10);
}

TEST_CASE("AlexNet (BVLC Caffe, 2 groups)", "[workload][networks]")
{
    const Network n = load("alexnet");
    const NetworkTotals t = n.totals();
    CHECK(n.find("conv1").output == Shape{96, 55, 55});
    CHECK(n.find("pool5").output == Shape{256, 6, 6});
    CHECK(t.conv_layers == 5);
    CHECK(t.fc_layers == 3);
    // bvlc_alexnet.caffemodel holds 60,965,224 parameters (torchvision's single-tower AlexNet:
    // 61,100,840); Sze et al., Proc. IEEE 2017, Table 3: 2.3M conv weights, 58.6M fc weights,
    // 666M conv MACs, 58.6M fc MACs, 724M total.
    CHECK(t.params == 60965224);
    CHECK(near(static_cast<double>(t.conv_macs), 666e6, 0.005));
    CHECK(near(static_cast<double>(t.fc_macs), 58.6e6, 0.005));
    CHECK(near(static_cast<double>(t.macs), 724e6, 0.005));
    CHECK(near(static_cast<double>(t.weights - n.find("fc6").weights() - n.find("fc7").weights() -
                                   n.find("fc8").weights()), 2.3e6, 0.02));
}

TEST_CASE("VGG16 (configuration D)", "[workload][networks]")
{
    const Network n = load("vgg16");
    const NetworkTotals t = n.totals();
    CHECK(n.find("pool5").output == Shape{512, 7, 7});
    CHECK(t.conv_layers == 13);
    CHECK(t.fc_layers == 3);
    // 15.35G MACs in the 13 conv layers (Sze et al. Table 3: 15.3G; 15,346,630,656 exactly).
    CHECK(near(static_cast<double>(t.conv_macs), 15.35e9, 0.005));
    // fc: 25088·4096 + 4096·4096 + 4096·1000 (Sze: 124M).
    CHECK(t.fc_macs == 123633664);
    // torchvision.models.vgg16 documents 138,357,544 parameters (paper Table 2: 138M).
    CHECK(t.params == 138357544);
}

TEST_CASE("ResNet-18 (torchvision)", "[workload][networks]")
{
    const Network n = load("resnet18");
    const NetworkTotals t = n.totals();
    CHECK(n.find("maxpool").output == Shape{64, 56, 56});
    CHECK(n.find("layer2.0.add").output == Shape{128, 28, 28});
    CHECK(n.find("layer4.1.relu2").output == Shape{512, 7, 7});
    int adds = 0, downsample = 0;
    for (const Layer& l : n.layers()) {
        adds += l.kind == LayerKind::Add;
        downsample += l.name.find("downsample.0") != std::string::npos;
    }
    CHECK(adds == 8);
    CHECK(downsample == 3);
    CHECK(n.find("layer3.0.downsample.0").conv().stride.h == 2);
    CHECK(t.conv_layers == 20);  // 17 in the main path + 3 shortcuts
    // torchvision.models.resnet18 documents 11,689,512 parameters and 1.81 GFLOPS (MACs).
    CHECK(t.params == 11689512);
    CHECK(near(static_cast<double>(t.macs), 1.81e9, 0.005));
}

TEST_CASE("GoogLeNet (Inception v1, BVLC Caffe, no auxiliary classifiers)", "[workload][networks]")
{
    const Network n = load("googlenet");
    const NetworkTotals t = n.totals();
    CHECK(t.conv_layers == 57);  // Sze et al. Table 3: 57 conv layers, 1 fc
    CHECK(t.fc_layers == 1);
    // Sze et al. Table 3: 6.0M conv weights, 1M fc weights, 7M in total.
    CHECK(near(static_cast<double>(t.weights - 1024000), 6.0e6, 0.01));
    CHECK(near(static_cast<double>(t.params), 7.0e6, 0.005));

    // Szegedy et al. Table 1: output size of each inception module.
    const std::pair<const char*, Shape> modules[] = {
        {"3a", {256, 28, 28}}, {"3b", {480, 28, 28}}, {"4a", {512, 14, 14}},
        {"4b", {512, 14, 14}}, {"4c", {512, 14, 14}}, {"4d", {528, 14, 14}},
        {"4e", {832, 14, 14}}, {"5a", {832, 7, 7}},   {"5b", {1024, 7, 7}},
    };
    for (const auto& [name, shape] : modules) {
        INFO(name);
        CHECK(n.find(std::string("inception_") + name + "/output").output == shape);
    }
    // 3a by hand: 28²·(192·64 + 192·96 + 96·128·9 + 192·16 + 16·32·25 + 192·32) = 128.0M
    // multiply-adds (Table 1 lists 128M).
    CHECK(macs_with_prefix(n, "inception_3a/") == 784 * 163328);
    // The paper's design budget: "1.5 billion multiply-adds at inference time".
    CHECK(near(static_cast<double>(t.macs), 1.5e9, 0.06));

    // torchvision.models.googlenet is the same graph except that its "5x5" branches use 3x3
    // kernels and every conv drops its bias for a batchnorm (2 parameters per channel). It
    // documents 6,624,904 parameters and 1.50 GFLOPS (MACs); rebuild both from this file.
    std::int64_t tv_params = 0;
    double tv_macs = 0;
    for (const Layer& l : n.layers()) {
        if (l.kind == LayerKind::Fc) {
            tv_params += l.param_count();
            tv_macs += static_cast<double>(l.macs());
        } else if (l.kind == LayerKind::Conv) {
            const bool five = l.name.size() > 4 && l.name.compare(l.name.size() - 4, 4, "/5x5") == 0;
            const double scale = five ? 9.0 / 25.0 : 1.0;
            tv_params += static_cast<std::int64_t>(static_cast<double>(l.weights()) * scale) +
                         2 * l.output.c;
            tv_macs += static_cast<double>(l.macs()) * scale;
        }
    }
    CHECK(tv_params == 6624904);
    CHECK(near(tv_macs, 1.50e9, 0.005));
}

TEST_CASE("Inception-v4 (Szegedy et al. 2017, batchnorm as in timm)", "[workload][networks]")
{
    const Network n = load("inception_v4");
    const NetworkTotals t = n.totals();
    CHECK(n.name() == "inception_v4");
    CHECK_FALSE(n.source().empty());
    CHECK(n.input() == Shape{3, 299, 299});
    CHECK(n.output() == Shape{1000, 1, 1});
    CHECK(t.conv_layers == 149);
    CHECK(t.fc_layers == 1);

    // Grid sizes written in the paper's Fig. 3-9 (stem stages, each block's output).
    CHECK(n.find("stem/conv1_3x3_s2").output == Shape{32, 149, 149});
    CHECK(n.find("stem/conv2_3x3").output == Shape{32, 147, 147});
    CHECK(n.find("stem/conv3_3x3").output == Shape{64, 147, 147});
    CHECK(n.find("stem/concat1").output == Shape{160, 73, 73});
    CHECK(n.find("stem/concat2").output == Shape{192, 71, 71});
    CHECK(n.find("stem/output").output == Shape{384, 35, 35});
    CHECK(n.find("inception_a4/output").output == Shape{384, 35, 35});
    CHECK(n.find("reduction_a/output").output == Shape{1024, 17, 17});
    CHECK(n.find("inception_b7/output").output == Shape{1024, 17, 17});
    CHECK(n.find("reduction_b/output").output == Shape{1536, 8, 8});
    CHECK(n.find("inception_c3/output").output == Shape{1536, 8, 8});
    CHECK(n.find("pool").output == Shape{1536, 1, 1});
    // Asymmetric convolutions keep the grid: 1x7 with pad [0, 3], 3x1 with pad [1, 0].
    const Layer& k17 = n.find("inception_b1/7x7_1x7");
    CHECK(k17.conv().kernel.h == 1);
    CHECK(k17.conv().kernel.w == 7);
    CHECK(k17.output == Shape{224, 17, 17});
    CHECK(n.find("inception_c1/3x3_3x1").output == Shape{256, 8, 8});
    int concats = 0;
    for (const Layer& l : n.layers()) concats += l.kind == LayerKind::Concat;
    CHECK(concats == 3 + 4 + 1 + 7 + 1 + 3);  // stem, A, Red-A, B, Red-B, C

    // timm (huggingface/pytorch-image-models, results/benchmark-infer-amp-nchw-pt240-cu124-
    // rtx3090.csv, inception_v4 at 299x299): param_count 42.68 (M), infer_gmacs 12.28,
    // infer_macts 15.09 (M), all rounded to two decimals; its model card rounds to 42.7M
    // parameters and 12.3 GMACs. Parameters: bias-free convs, batchnorm scale and shift,
    // fc weights and biases.
    CHECK(t.params == 42679816);
    CHECK(std::abs(static_cast<double>(t.params) - 42.68e6) <= 0.005e6);
    CHECK(t.conv_macs == 12252438624);
    CHECK(t.fc_macs == 1536 * 1000);
    // timm's figures come from fvcore (the profiler that reports activations): conv and fc
    // MACs plus 2 per batchnorm element (eval mode, affine) and 1 per element entering the
    // global average pool; activations = conv and fc output elements.
    double fvcore_macs = static_cast<double>(t.macs);
    double activations = 0;
    for (const Layer& l : n.layers()) {
        if (l.kind == LayerKind::BatchNorm) fvcore_macs += 2.0 * static_cast<double>(l.output.elements());
        if (l.kind == LayerKind::AvgPool && l.pool().global)
            fvcore_macs += static_cast<double>(l.input_shapes[0].elements());
        if (l.kind == LayerKind::Conv || l.kind == LayerKind::Fc)
            activations += static_cast<double>(l.output.elements());
    }
    CHECK(std::abs(fvcore_macs - 12.28e9) <= 0.005e9);
    CHECK(std::abs(activations - 15.09e6) <= 0.005e6);
    // Against the commonly cited round figures: conv + fc alone is 12.25G, within 0.4 % of 12.3G.
    CHECK(near(static_cast<double>(t.macs), 12.3e9, 0.004));
}
