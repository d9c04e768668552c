// SPDX-License-Identifier: MIT
// How one network layer runs on the systolic overlay: the GEMMs its convolution or fully
// connected layer lowers to (im2col, kn2row, Winograd; per group), or the output-path work
// of every other layer kind, with the cost model of each (docs/systolic-overlay.md):
//  * conv: numerics::lowered_gemms of the requested algorithm, once per group (groups > 1:
//    per-group GEMMs of C/groups channels and out_c/groups filters). Winograd on stride > 1,
//    1×1, k < 3 or non-square kernels, or dilation > 1, falls back to im2col (algorithm_note).
//  * fc: one GEMM, M = 1 (batch 1), N = out_features, K = C·H·W of its input.
//  * relu, tanh, batchnorm, dropout: applied in the producer's output path as its words
//    leave (a scale, shift and clamp per word): 0 cycles, no DDR traffic, fused_into = the
//    producer. The network input (no producer) gets a post pass instead.
//  * maxpool, avgpool, lrn, add, softmax: a post pass of ⌈max(elements in, elements out) /
//    post_elements_per_cycle⌉ cycles that reads its inputs from DDR and writes its output,
//    streaming (read, compute and write overlap).
//  * concat: 0 cycles — the producers write into their channel slices of one tensor.
//  * Winograd transforms: the weight transform is offline (G·g·Gᵀ stored in DDR); the input
//    and output transforms run on transform units taking `cols` tiles per cycle —
//    ⌈pieces·tiles·C / cols⌉ input tiles of (m+2)² and ⌈tiles·out_c / cols⌉ output tiles —
//    counted after the GEMMs, not overlapped with them (an upper bound).
//  * layout transformation (arch.overlay.layout_transforms: explicit): before the GEMMs of a
//    conv layer run with im2col or Winograd, a streaming DDR pass reads the input tensor
//    and writes the GEMMs' A operands (Σ M·K words: the expanded matrix, or the input
//    tiles); kn2row's GEMMs read shifted views of the tensor itself: no pass.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "numerics/conv_lowering.hpp"
#include "numerics/gemm_dims.hpp"
#include "overlay/systolic/analytic/fold_geometry.hpp"
#include "overlay/systolic/analytic/params.hpp"
#include "workload/layer.hpp"

namespace specsim::systolic {

/// What the layer does on the overlay.
enum class PlanWork {
    gemm,   ///< GEMMs on the array (conv, fc)
    fused,  ///< applied in the producer's output path: no cycles of its own
    post,   ///< a pass through the output-path unit, from DDR to DDR
    layout, ///< a layout change (concat): no cycles, no traffic
};
const char* to_string(PlanWork work);

struct SystolicLayerPlan {
    std::string layer;                  ///< layer name
    std::string kind;                   ///< layer type ("conv", "fc", …)
    std::string skip_reason;            ///< always empty: every layer kind runs
    PlanWork work = PlanWork::gemm;
    numerics::ConvAlgorithm algorithm = numerics::ConvAlgorithm::im2col;  ///< conv: the algorithm used
    std::string algorithm_note;         ///< why the requested algorithm was not used ("" = it was)
    Dataflow dataflow = Dataflow::os;
    std::vector<numerics::GemmDims> gemms;  ///< in execution order (group-major for groups > 1)
    std::uint32_t groups = 1;           ///< conv groups; gemms.size() / groups GEMMs per group
    std::uint64_t transform_cycles = 0; ///< Winograd input + output transforms (cycles)
    std::uint64_t post_cycles = 0;      ///< output-path pass (cycles); 0 unless work == post
    std::uint64_t layout_read_bytes = 0;   ///< layout transformation before the GEMMs: input tensor read
    std::uint64_t layout_write_bytes = 0;  ///< … and lowered operand written (0, 0: none)
    std::uint64_t ddr_ifmap_bytes = 0;  ///< analytic: compulsory ifmap (A / post input) bytes
    std::uint64_t ddr_filter_bytes = 0; ///< analytic: compulsory filter (B) bytes
    std::uint64_t ddr_ofmap_bytes = 0;  ///< analytic: compulsory output bytes
    std::uint64_t mac_ops = 0;          ///< Σ m·n·k of the GEMMs
    std::string fused_into;             ///< work == fused: the producer layer's name
    bool runnable() const { return skip_reason.empty(); }
};

/// The numerics conv parameters of a conv layer (stride, padding).
numerics::Conv2dParams conv_params_of(const workload::Layer& layer);

/// Plans one layer (see the file comment). Throws specsim::Error for a layer whose shapes
/// are invalid.
SystolicLayerPlan plan_systolic_layer(const workload::Layer& layer, const SystolicOverlayParams& params,
                                      numerics::ConvAlgorithm requested, Dataflow dataflow);

}  // namespace specsim::systolic
