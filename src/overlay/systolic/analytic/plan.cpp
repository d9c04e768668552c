// SPDX-License-Identifier: MIT
// Layer → SystolicLayerPlan: lowering shapes, algorithm fallback, and the cost model of the
// output-path work (see plan.hpp).
#include "overlay/systolic/analytic/plan.hpp"

#include "overlay/common/conv_params.hpp"

#include <algorithm>

#include "util/error.hpp"

namespace specsim::systolic {
namespace {

using numerics::ConvAlgorithm;
using workload::LayerKind;

std::uint64_t div_up(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }

std::uint64_t input_elements(const workload::Layer& l)
{
    std::uint64_t n = 0;
    for (const auto& s : l.input_shapes) n += static_cast<std::uint64_t>(s.elements());
    return n;
}

void plan_conv(const workload::Layer& l, const SystolicOverlayParams& s, ConvAlgorithm requested,
               SystolicLayerPlan& p)
{
    const workload::ConvParams& c = l.conv();
    const workload::Shape& in = l.input_shapes.at(0);
    const int groups = static_cast<int>(c.groups);
    const int in_c = static_cast<int>(in.c) / groups, out_c = static_cast<int>(c.out_channels) / groups;
    const int k_h = static_cast<int>(c.kernel.h), k_w = static_cast<int>(c.kernel.w);
    const numerics::Conv2dParams cp = conv_params_of(l);
    ConvAlgorithm a = requested;
    std::string why = numerics::unsupported_reason(a, k_h, k_w, cp);
    if (why.empty() && (c.dilation.h != 1 || c.dilation.w != 1) && a != ConvAlgorithm::im2col)
        why = "dilation > 1 is lowered by im2col only";
    if (!why.empty()) {
        p.algorithm_note = std::string(numerics::to_string(a)) + " not possible (" + why + "): im2col";
        a = ConvAlgorithm::im2col;
    }
    p.algorithm = a;
    p.groups = static_cast<std::uint32_t>(groups);
    std::vector<numerics::GemmDims> per_group;
    if (c.dilation.h == 1 && c.dilation.w == 1) {
        per_group = numerics::lowered_gemms(a, in_c, static_cast<int>(in.h), static_cast<int>(in.w), out_c, k_h,
                                            k_w, cp);
    } else {  // dilated im2col: one GEMM, the output size from the layer's own shape rules
        per_group.push_back({static_cast<std::uint64_t>(l.output.h * l.output.w), static_cast<std::uint64_t>(out_c),
                             static_cast<std::uint64_t>(k_h) * k_w * in_c});
    }
    for (int g = 0; g < groups; ++g) p.gemms.insert(p.gemms.end(), per_group.begin(), per_group.end());
    if (a == ConvAlgorithm::winograd2 || a == ConvAlgorithm::winograd4) {
        const std::uint64_t m = a == ConvAlgorithm::winograd2 ? 2 : 4;
        const std::uint64_t tiles = div_up(static_cast<std::uint64_t>(l.output.h), m) *
                                    div_up(static_cast<std::uint64_t>(l.output.w), m);
        const std::uint64_t pieces = div_up(static_cast<std::uint64_t>(k_h), 3) * div_up(static_cast<std::uint64_t>(k_w), 3);
        p.transform_cycles = div_up(pieces * tiles * static_cast<std::uint64_t>(in.c), s.cols) +
                             div_up(tiles * static_cast<std::uint64_t>(c.out_channels), s.cols);
    }
}

}  // namespace

const char* to_string(PlanWork work)
{
    switch (work) {
        case PlanWork::gemm: return "gemm";
        case PlanWork::fused: return "fused";
        case PlanWork::post: return "post";
        case PlanWork::layout: return "layout";
    }
    return "?";
}

numerics::Conv2dParams conv_params_of(const workload::Layer& layer) { return overlay::conv2d_params(layer.conv()); }

SystolicLayerPlan plan_systolic_layer(const workload::Layer& l, const SystolicOverlayParams& s,
                                      numerics::ConvAlgorithm requested, Dataflow dataflow)
{
    SystolicLayerPlan p;
    p.layer = l.name;
    p.kind = workload::kind_name(l.kind);
    p.dataflow = dataflow;
    const std::uint64_t wb = s.word_bytes();
    const std::uint64_t out_elems = static_cast<std::uint64_t>(l.output.elements());
    switch (l.kind) {
        case LayerKind::Conv: plan_conv(l, s, requested, p); break;
        case LayerKind::Fc:
            p.gemms.push_back(numerics::fully_connected_gemm(1, static_cast<int>(input_elements(l)),
                                                             static_cast<int>(l.fc().out_features)));
            break;
        case LayerKind::Relu:
        case LayerKind::Tanh:
        case LayerKind::BatchNorm:
        case LayerKind::Dropout:
            if (l.input_ids.size() == 1 && l.input_ids[0] >= 0) {
                p.work = PlanWork::fused;
                p.fused_into = l.inputs.at(0);
                break;
            }
            [[fallthrough]];  // on the network input: a pass of its own
        case LayerKind::MaxPool:
        case LayerKind::AvgPool:
        case LayerKind::Lrn:
        case LayerKind::Add:
        case LayerKind::Softmax:
            p.work = PlanWork::post;
            p.post_cycles = div_up(std::max(input_elements(l), out_elems), s.post_elements_per_cycle);
            p.ddr_ifmap_bytes = input_elements(l) * wb;
            p.ddr_ofmap_bytes = out_elems * wb;
            break;
        case LayerKind::Concat: p.work = PlanWork::layout; break;
    }
    if (l.kind == LayerKind::Conv && s.layout_transforms && p.algorithm != ConvAlgorithm::kn2row) {
        p.layout_read_bytes = input_elements(l) * wb;
        for (const auto& g : p.gemms) p.layout_write_bytes += g.m * g.k * wb;
    }
    for (const auto& g : p.gemms) {
        p.mac_ops += g.macs();
        p.ddr_ifmap_bytes += g.m * g.k * wb;
        p.ddr_filter_bytes += g.k * g.n * wb;
        p.ddr_ofmap_bytes += g.m * g.n * wb;
    }
    return p;
}

}  // namespace specsim::systolic
