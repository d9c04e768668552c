// SPDX-License-Identifier: MIT
// Systolic overlay planning (every layer of VGG16, AlexNet, ResNet-18 and GoogLeNet runs,
// under every algorithm and dataflow; Winograd fallbacks; group and fc GEMMs; output-path
// costs), parameters, resources in closed form, and the SCALE-Sim CSV reader's errors.
#include "overlay/systolic/analytic/params.hpp"
#include "overlay/systolic/analytic/plan.hpp"
#include "overlay/systolic/analytic/resources.hpp"
#include "overlay/systolic/analytic/scalesim_cases.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>

#include "workload/network.hpp"
#include "workload/network_yaml.hpp"

using namespace specsim;
using namespace specsim::systolic;
using numerics::ConvAlgorithm;

namespace {

workload::Network load(const std::string& name)
{
    const char* root = std::getenv("SPECSIM_ROOT");
    INFO("SPECSIM_ROOT must point at the repository (meson test sets it)");
    REQUIRE(root != nullptr);
    return workload::load_network_file(std::string(root) + "/configs/networks/" + name + ".yaml");
}

SystolicOverlayParams parse(const std::string& yaml)
{
    config::MapReader r(config::load_yaml_text(yaml, "t.yaml", "overlay"));
    SystolicOverlayParams s = parse_systolic_params(r);
    r.done();
    return s;
}

}  // namespace

TEST_CASE("every layer of the four networks gets a runnable plan", "[systolic][plan]")
{
    const SystolicOverlayParams s;
    for (const char* net : {"vgg16", "alexnet", "resnet18", "googlenet"}) {
        const workload::Network n = load(net);
        for (auto alg : numerics::all_conv_algorithms())
            for (auto df : {Dataflow::os, Dataflow::ws, Dataflow::is}) {
                std::uint64_t macs = 0;
                for (const auto& l : n.layers()) {
                    INFO(net << " " << l.name << " " << numerics::to_string(alg) << " " << to_string(df));
                    const SystolicLayerPlan p = plan_systolic_layer(l, s, alg, df);
                    CHECK(p.runnable());
                    CHECK(p.layer == l.name);
                    CHECK(p.dataflow == df);
                    if (p.work == PlanWork::gemm) CHECK(!p.gemms.empty());
                    else CHECK(p.gemms.empty());
                    if (l.kind == workload::LayerKind::Conv || l.kind == workload::LayerKind::Fc)
                        CHECK(p.work == PlanWork::gemm);
                    // im2col and kn2row do exactly the layer's MACs (Winograd fewer, except edge tiles)
                    if (p.algorithm == ConvAlgorithm::im2col || p.algorithm == ConvAlgorithm::kn2row)
                        CHECK(p.mac_ops == static_cast<std::uint64_t>(l.macs()));
                    if (p.algorithm != alg && l.kind == workload::LayerKind::Conv) CHECK(!p.algorithm_note.empty());
                    macs += static_cast<std::uint64_t>(l.macs());
                }
                CHECK(macs > 0);
            }
    }
}

TEST_CASE("Winograd falls back to im2col with a note on stride 2 and 1x1", "[systolic][plan]")
{
    const workload::Network n = load("resnet18");
    const SystolicOverlayParams s;
    int stride2 = 0, one = 0;
    for (const auto& l : n.layers()) {
        if (l.kind != workload::LayerKind::Conv) continue;
        const SystolicLayerPlan p = plan_systolic_layer(l, s, ConvAlgorithm::winograd2, Dataflow::ws);
        const auto& c = l.conv();
        if (c.stride.h > 1 || c.kernel.h == 1) {
            CHECK(p.algorithm == ConvAlgorithm::im2col);
            CHECK(p.algorithm_note.find("winograd2") != std::string::npos);
            CHECK(p.transform_cycles == 0);
            ++(c.kernel.h == 1 ? one : stride2);
        } else {
            CHECK(p.algorithm == ConvAlgorithm::winograd2);
            CHECK(p.algorithm_note.empty());
            // 3x3: (2+2)^2 = 16 GEMMs of tiles x C x out_c
            REQUIRE(p.gemms.size() == 16);
            const std::uint64_t tiles = std::uint64_t((l.output.h + 1) / 2) * std::uint64_t((l.output.w + 1) / 2);
            CHECK(p.gemms[0] == numerics::GemmDims{tiles, std::uint64_t(c.out_channels), std::uint64_t(l.input_shapes[0].c)});
            CHECK(p.transform_cycles == (tiles * std::uint64_t(l.input_shapes[0].c) + 31) / 32 +
                                            (tiles * std::uint64_t(c.out_channels) + 31) / 32);
        }
    }
    CHECK(stride2 > 0);
    CHECK(one > 0);
}

TEST_CASE("fc is one GEMM with M = 1; grouped conv gives per-group GEMMs", "[systolic][plan]")
{
    const SystolicOverlayParams s;
    const workload::Network a = load("alexnet");
    const auto& fc = a.find("fc6");
    const SystolicLayerPlan p = plan_systolic_layer(fc, s, ConvAlgorithm::im2col, Dataflow::os);
    REQUIRE(p.gemms.size() == 1);
    CHECK(p.gemms[0] == numerics::GemmDims{1, 4096, std::uint64_t(fc.input_shapes[0].elements())});

    workload::Network n("g", {8, 10, 10});
    workload::ConvParams c;
    c.out_channels = 6;
    c.kernel = {3, 3};
    c.groups = 2;
    n.add(workload::make_layer("gconv", workload::LayerKind::Conv, c));
    const SystolicLayerPlan g = plan_systolic_layer(n.layer(0), s, ConvAlgorithm::im2col, Dataflow::ws);
    REQUIRE(g.gemms.size() == 2);
    CHECK(g.groups == 2);
    CHECK(g.gemms[0] == numerics::GemmDims{64, 3, 36});
    CHECK(g.mac_ops == static_cast<std::uint64_t>(n.layer(0).macs()));
}

TEST_CASE("output-path layers: fused, post passes, layout", "[systolic][plan]")
{
    SystolicOverlayParams s;
    s.post_elements_per_cycle = 16;
    const workload::Network v = load("vgg16");
    for (const auto& l : v.layers()) {
        const SystolicLayerPlan p = plan_systolic_layer(l, s, ConvAlgorithm::im2col, Dataflow::os);
        INFO(l.name);
        if (l.kind == workload::LayerKind::Relu || l.kind == workload::LayerKind::Dropout) {
            CHECK(p.work == PlanWork::fused);
            CHECK(p.fused_into == l.inputs.at(0));
            CHECK(p.post_cycles == 0);
            CHECK(p.ddr_ifmap_bytes + p.ddr_ofmap_bytes == 0);
        }
        if (l.kind == workload::LayerKind::MaxPool) {
            const std::uint64_t in = std::uint64_t(l.input_shapes[0].elements());
            CHECK(p.work == PlanWork::post);
            CHECK(p.post_cycles == (in + 15) / 16);
            CHECK(p.ddr_ifmap_bytes == in * 2);
            CHECK(p.ddr_ofmap_bytes == std::uint64_t(l.output.elements()) * 2);
        }
    }
    const workload::Network g = load("googlenet");
    for (const auto& l : g.layers())
        if (l.kind == workload::LayerKind::Concat) {
            const SystolicLayerPlan p = plan_systolic_layer(l, s, ConvAlgorithm::im2col, Dataflow::os);
            CHECK(p.work == PlanWork::layout);
            CHECK(p.post_cycles == 0);
        }
    const workload::Network r = load("resnet18");
    int adds = 0;
    for (const auto& l : r.layers())
        if (l.kind == workload::LayerKind::Add) {
            const SystolicLayerPlan p = plan_systolic_layer(l, s, ConvAlgorithm::im2col, Dataflow::os);
            CHECK(p.work == PlanWork::post);
            CHECK(p.ddr_ifmap_bytes == 2 * 2 * std::uint64_t(l.output.elements()));  // two inputs, 2 bytes each
            ++adds;
        }
    CHECK(adds == 8);
}

TEST_CASE("parameters: defaults, keys, errors", "[systolic][params]")
{
    const SystolicOverlayParams d = parse("{}");
    CHECK(d.rows == 32);
    CHECK(d.cols == 32);
    CHECK(d.post_elements_per_cycle == 32);
    CHECK(d.buffer_words().ifmap == 32768);  // 64 KiB of 16-bit words
    CHECK(!d.preload);
    CHECK(d.refill == ReadRefill::back_to_back);
    const SystolicOverlayParams s = parse(
        "rows: 16\ncols: 8\ndata_bits: 8\nfrac_bits: 4\nmacs_per_dsp: 2\npreload: true\nrefill: on_swap\n"
        "buffers: {ifmap: 8KiB, filter: 4KiB, ofmap: 2KiB, memory: uram}\n");
    CHECK(s.buffer_words().ifmap == 8192);
    CHECK(s.buffer_words().ofmap == 2048);
    CHECK(s.buffers.memory == BufferMemory::uram);
    CHECK(s.refill == ReadRefill::on_swap);
    CHECK(s.post_elements_per_cycle == 8);
    CHECK_THROWS_WITH(parse("macs_per_dsp: 2\n"), Catch::Contains("data_bits ≤ 8"));
    CHECK_THROWS_WITH(parse("rows: 0\n"), Catch::Contains("rows"));
    CHECK_THROWS_WITH(parse("buffers: {ifmap: 16B}\n"), Catch::Contains("two array edges"));
    CHECK_THROWS_WITH(parse("refil: on_swap\n"), Catch::Contains("refill"));
    CHECK(systolic_dataflow_names() == std::vector<std::string>{"os", "ws", "is"});
}

TEST_CASE("resources in closed form", "[systolic][resources]")
{
    config::DeviceParams u200{"u200", 6840, 2160, 960};
    SystolicOverlayParams s;  // 32x32, 16 bit, 3 x 64 KiB
    SystolicResources r = systolic_resources(s, u200);
    CHECK(r.dsp == 1024);
    // each SRAM: two halves of 16384 x 16 bit = 2 x 8 BRAM36 (2K x 18 aspect: 8 x 1)
    CHECK(r.ifmap_mem == Approx(16.0));
    CHECK(r.bram36 == Approx(48.0));
    CHECK(r.uram == 0);
    CHECK(r.feasible);
    s.macs_per_dsp = 2;
    s.data_bits = 8;
    CHECK(systolic_resources(s, u200).dsp == 512);
    s = SystolicOverlayParams{};
    s.buffers.memory = BufferMemory::uram;  // 16384 x 16 per half: 4 words per 72-bit row, 1 URAM each
    r = systolic_resources(s, u200);
    CHECK(r.uram == 3 * 2 * 1);
    CHECK(r.bram36 == 0);
    CHECK(uram_for(4096, 72) == 1);
    CHECK(uram_for(4097, 73) == 4);   // wider than a row: side by side, 2 x 2
    CHECK(uram_for(16384, 16) == 1);  // 4 x 16 bit per row
    CHECK(uram_for(16385, 16) == 2);
    CHECK(uram_for(4096 * 9, 8) == 1);  // 9 x 8 bit per row
    CHECK(uram_for(0, 16) == 0);
    s = SystolicOverlayParams{};
    s.rows = s.cols = 128;
    r = systolic_resources(s, u200);
    CHECK(r.dsp == 16384);
    CHECK(!r.feasible);
    CHECK(r.reason == "DSP 16384 > 6840 available");
}

TEST_CASE("SCALE-Sim CSV reader: header-driven, errors name file:line and column", "[systolic][scalesim]")
{
    const std::string head = "gemm_N,case_id,array_rows,array_cols,dataflow,bandwidth_mode,user_bandwidth_words_per_cycle,"
                             "ifmap_sram_kB,filter_sram_kB,ofmap_sram_kB,gemm_M,gemm_K,total_cycles\n";
    const auto cases = parse_scalesim_cases(head + "37,a,16,8,ws,CALC,,64,64,64,100,23,1379\n\n", "x.csv");
    REQUIRE(cases.size() == 1);
    CHECK(cases[0].gemm == numerics::GemmDims{100, 37, 23});
    CHECK(cases[0].array.cols == 8);
    CHECK(cases[0].line == 2);
    CHECK(!cases[0].sram_ifmap_reads);
    CHECK_THROWS_WITH(parse_scalesim_cases(head + "37,a,16,8,ws,USER,,64,64,64,100,23,1379\n", "x.csv"),
                      "x.csv:2: column 'user_bandwidth_words_per_cycle': empty");
    CHECK_THROWS_WITH(parse_scalesim_cases(head + "37,a,16,8,xs,CALC,,64,64,64,100,23,1379\n", "x.csv"),
                      Catch::StartsWith("x.csv:2: column 'dataflow':"));
    CHECK_THROWS_WITH(parse_scalesim_cases(head + "3x,a,16,8,ws,CALC,,64,64,64,100,23,1379\n", "x.csv"),
                      "x.csv:2: column 'gemm_N': '3x' is not a whole number ≥ 0");
    CHECK_THROWS_WITH(parse_scalesim_cases("case_id\na\n", "y.csv"), Catch::StartsWith("y.csv:2: column 'bandwidth_mode'"));
    // Rows are addressed by case_id: a repeated id is an error naming both lines.
    CHECK_THROWS_WITH(parse_scalesim_cases(head + "37,a,16,8,ws,CALC,,64,64,64,100,23,1379\n"
                                                  "37,a,16,8,os,CALC,,64,64,64,100,23,1379\n", "x.csv"),
                      "x.csv:3: column 'case_id': 'a' repeats line 2");
    // An array edge beyond 65536 (or one that would wrap a 32-bit size) is refused, not truncated.
    CHECK_THROWS_WITH(parse_scalesim_cases(head + "37,a,4294967297,8,ws,CALC,,64,64,64,100,23,1379\n", "x.csv"),
                      "x.csv:2: column 'array_rows': must be between 1 and 65536");
    CHECK_THROWS_WITH(parse_scalesim_cases(head + "37,a,16,0,ws,CALC,,64,64,64,100,23,1379\n", "x.csv"),
                      "x.csv:2: column 'array_cols': must be between 1 and 65536");
    const char* path = std::getenv("SCALESIM_CASES");
    REQUIRE(path != nullptr);
    const auto all = load_scalesim_cases(path);
    CHECK(all.size() == 65);
    CHECK(std::count_if(all.begin(), all.end(), [](const ScalesimCase& c) { return c.mode == "USER"; }) == 4);
}
