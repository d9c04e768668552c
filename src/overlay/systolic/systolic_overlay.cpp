// SPDX-License-Identifier: MIT
// The systolic overlay's Overlay implementation: plans every layer (the GEMMs of its
// run.algorithm, or its output-path work) before simulation, plays the plans on the
// SystemC top (overlay/systolic/hw), and for verify lowers real inputs and weights so the
// simulated array computes each fold's values, compared with the direct convolution.
#include "overlay/systolic/systolic_overlay.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "config/layer_mapping.hpp"
#include "numerics/channel_groups.hpp"
#include "numerics/conv_direct.hpp"
#include "numerics/metrics.hpp"
#include "numerics/random.hpp"
#include "overlay/systolic/analytic/params.hpp"
#include "overlay/systolic/analytic/plan.hpp"
#include "overlay/systolic/analytic/resources.hpp"
#include "overlay/systolic/analytic/stat_group.hpp"
#include "overlay/systolic/hw/systolic_top.hpp"

namespace specsim::overlay {
namespace {

namespace k = systolic::systolic_stat;

/// Fixed-point pass floor (dB). Measured on 16-bit words: im2col/kn2row ≈ 54 dB, Winograd
/// F2 ≈ 55 dB and F4 ≈ 50 dB with the weight-side format chosen per layer
/// (tests/numerics/test_lowering.cpp); 40 dB leaves room for deeper layers' larger sums.
constexpr double kFixedSnrFloorDb = 40.0;

struct SystolicPlan : LayerPlan {
    std::shared_ptr<const systolic::SystolicLayerPlan> plan;
};

/// A conv layer's values: per group, the input channels and weights (the reference
/// convolves these), and the lowered GEMMs the simulated array fills.
struct SystolicData : LayerData {
    std::vector<numerics::Tensor4> inputs, weights;  ///< per group
    std::vector<double> bias;                        ///< out_c
    numerics::Conv2dParams params;
    std::shared_ptr<systolic::SystolicLayerData> d;
};

numerics::Tensor4 uniform_tensor(numerics::Rng& rng, Eigen::Index n, Eigen::Index c, Eigen::Index h, Eigen::Index w)
{
    numerics::Tensor4 t(n, c, h, w);
    for (Eigen::Index i = 0; i < t.size(); ++i) t.data()[i] = 2.0 * rng.uniform01() - 1.0;
    return t;
}

/// The weight-side (B) format of a layer: as many fraction bits as its largest |B| allows
/// (a per-layer weight scale, as quantised accelerators store weights). Winograd's G·g·Gᵀ
/// shrinks weights (F4: down to g/576), so the activation format would starve them.
numerics::FixedFormat weight_format(const std::vector<numerics::LoweredConv>& lowered, int bits)
{
    double max_abs = 0;
    for (const auto& lc : lowered)
        for (const auto& g : lc.gemms) max_abs = std::max(max_abs, g.b.cwiseAbs().maxCoeff());
    int int_bits = 1;  // the sign bit
    if (max_abs >= 1.0) int_bits += static_cast<int>(std::ceil(std::log2(max_abs + 1e-12)));
    return numerics::FixedFormat{bits, std::max(0, bits - int_bits)};
}

class Systolic final : public Overlay {
public:
    std::string type() const override { return "systolic"; }

    std::unique_ptr<config::OverlayParams> parse_params(config::MapReader& overlay) const override
    {
        return std::make_unique<systolic::SystolicOverlayParams>(systolic::parse_systolic_params(overlay));
    }

    config::DataflowChoice dataflow_choice() const override
    {
        config::DataflowChoice c;
        c.names = systolic::systolic_dataflow_names();
        c.def = "os";
        c.description = "systolic dataflow: os (output stationary: outputs stay in the PEs), ws (weight stationary: "
                        "filters stay), is (input stationary: ifmap windows stay)";
        for (const numerics::ConvAlgorithm a : numerics::all_conv_algorithms()) c.algorithms.push_back(numerics::to_string(a));
        c.algorithm_def = "im2col";
        c.algorithm_description = "systolic overlay: how every conv layer is lowered to GEMMs — im2col, kn2row, "
                                  "Winograd F(2x2,3x3) or F(4x4,3x3); layers an algorithm cannot run (Winograd: "
                                  "stride > 1, 1x1, non-square) fall back to im2col, noted per layer";
        c.overlay = type();
        return c;
    }

    std::string summary(const config::ArchParams& a) const override
    {
        const auto& s = systolic::systolic_params(a);
        return "systolic " + std::to_string(s.rows) + "x" + std::to_string(s.cols) + " " +
               std::to_string(s.data_bits) + "-bit, SRAM ifmap/filter/ofmap " +
               std::to_string(s.buffers.ifmap.bits / 8 / 1024) + "/" + std::to_string(s.buffers.filter.bits / 8 / 1024) +
               "/" + std::to_string(s.buffers.ofmap.bits / 8 / 1024) + " KiB";
    }

    std::vector<TableDataflow> table_dataflows() const override
    {
        return {{"os", "OS", "output stationary"}, {"ws", "WS", "weight stationary"}, {"is", "IS", "input stationary"}};
    }

    TableText table_text() const override
    {
        // No note column: the group's own "alg" column already shows each variant's algorithm.
        return {"",
                "OS / WS / IS = output / weight / input stationary; alg = convolution algorithm as run "
                "(fc: gemm); MB = 1e6 bytes."};
    }

    const stats::StatGroup& stat_group() const override { return systolic::systolic_stat_group(); }

    Resources resources(const config::ArchParams& arch, const config::RunParams&) const override
    {
        const systolic::SystolicResources r = systolic::systolic_resources(systolic::systolic_params(arch), arch.device);
        return {r.dsp, r.bram36, r.uram, r.feasible, r.reason};
    }

    Describe describe(const config::ArchParams& arch, const config::RunParams&) const override
    {
        const auto& s = systolic::systolic_params(arch);
        return {"-", s.rows * s.cols, s.cols};
    }

    std::vector<PlanPtr> plan(const std::vector<workload::Layer>& layers, const config::ArchParams& arch,
                              const config::RunParams& run, const std::vector<std::string>& dataflows,
                              PlanProfile& profile) const override
    {
        using Clock = std::chrono::steady_clock;
        const auto t0 = Clock::now();
        const auto& s = systolic::systolic_params(arch);
        const numerics::ConvAlgorithm algorithm =
            run.algorithm.empty() ? numerics::ConvAlgorithm::im2col : numerics::parse_conv_algorithm(run.algorithm);
        std::vector<PlanPtr> out;
        for (const workload::Layer& l : layers)
            for (const std::string& requested : dataflows) {
                // run.mapping: the layer's own algorithm, and its own dataflow when one
                // dataflow is planned (`specsim table` compares the dataflows it asks for).
                const config::LayerChoice* mapped = run.mapping ? run.mapping->find(l.name) : nullptr;
                const numerics::ConvAlgorithm alg =
                    mapped ? numerics::parse_conv_algorithm(mapped->algorithm) : algorithm;
                const std::string df = mapped && dataflows.size() == 1 ? mapped->dataflow : requested;
                auto p = std::make_shared<SystolicPlan>();
                p->plan = std::make_shared<systolic::SystolicLayerPlan>(
                    systolic::plan_systolic_layer(l, s, alg, systolic::parse_dataflow(df)));
                p->layer = l.name;
                p->kind = workload::kind_name(l.kind);
                p->skip_reason = p->plan->skip_reason;
                p->dataflow = df;
                out.push_back(p);
            }
        profile.seconds += std::chrono::duration<double>(Clock::now() - t0).count();
        return out;
    }

    std::string note(const LayerPlan& plan) const override { return algorithm_text(*as_plan(plan).plan); }

    DataPtr make_data(const workload::Layer& l, const LayerPlan& plan, const config::ArchParams& arch,
                      const config::RunParams& run, bool fixed) const override
    {
        const systolic::SystolicLayerPlan& p = *as_plan(plan).plan;
        if (l.kind != workload::LayerKind::Conv || p.work != systolic::PlanWork::gemm)
            throw Error("systolic verify: layer '" + l.name + "' is not a convolution");
        const workload::ConvParams& c = l.conv();
        if (c.dilation.h != 1 || c.dilation.w != 1)
            throw Error("systolic verify: layer '" + l.name + "' is dilated; the direct reference has dilation 1");
        const auto& s = systolic::systolic_params(arch);
        const auto& in = l.input_shapes.at(0);
        const Eigen::Index groups = static_cast<Eigen::Index>(c.groups);
        const Eigen::Index in_g = in.c / groups, out_g = c.out_channels / groups;
        // Real values: input, weights and bias uniform in [−1, 1), seeded per layer.
        numerics::Rng rng(numerics::seed_for(run.seed, l.name + "/data"));
        const numerics::Tensor4 x = uniform_tensor(rng, 1, in.c, in.h, in.w);
        const numerics::Tensor4 w = uniform_tensor(rng, c.out_channels, in_g, c.kernel.h, c.kernel.w);
        auto out = std::make_shared<SystolicData>();
        for (Eigen::Index i = 0; i < c.out_channels; ++i) out->bias.push_back(2.0 * rng.uniform01() - 1.0);
        out->params = systolic::conv_params_of(l);
        out->d = std::make_shared<systolic::SystolicLayerData>();
        for (Eigen::Index g = 0; g < groups; ++g) {
            out->inputs.push_back(numerics::channel_slice(x, 1, g * in_g, (g + 1) * in_g));
            out->weights.push_back(numerics::channel_slice(w, 0, g * out_g, (g + 1) * out_g));
            out->d->lowered.push_back(numerics::lower_conv(out->inputs.back(), out->weights.back(), out->params, p.algorithm));
        }
        out->d->bias = out->bias;
        if (fixed) {  // activations and outputs in the overlay's format, weights in the layer's own
            const numerics::FixedFormat qa{static_cast<int>(s.data_bits), static_cast<int>(s.frac_bits)};
            const numerics::FixedFormat qb = weight_format(out->d->lowered, static_cast<int>(s.data_bits));
            for (Eigen::Index g = 0; g < groups; ++g)
                out->d->lowered[g] = numerics::lower_conv(out->inputs[g], out->weights[g], out->params, p.algorithm, qa, qb);
            out->d->fixed = true;
            out->d->format = qa;
        }
        return out;
    }

    std::vector<stats::LayerStats> simulate(const std::vector<PlanPtr>& plans, const std::vector<DataPtr>& data,
                                            const config::ArchParams& arch, hw::TimingMode mode) const override
    {
        const auto& s = systolic::systolic_params(arch);
        std::vector<systolic::LayerWork> work;
        for (std::size_t j = 0; j < plans.size(); ++j) {
            systolic::LayerWork w{as_plan(*plans[j]).plan, s, nullptr};
            if (j < data.size() && data[j]) w.data = static_cast<SystolicData&>(*data[j]).d;
            work.push_back(std::move(w));
        }
        const std::vector<systolic::LayerResult> res = systolic::simulate_systolic(work, arch.ddr, arch.clock.hz, mode);
        std::vector<stats::LayerStats> out;
        for (std::size_t j = 0; j < res.size(); ++j) {
            out.push_back(to_stats(*plans[j], res[j]));
            if (j < data.size() && data[j] && res[j].has_output) data[j]->output = res[j].output;
        }
        return out;
    }

    PartitionModel partition_model(const config::ArchParams& arch, const config::RunParams&) const override
    {
        PartitionModel m;
        m.fmap_bytes = static_cast<std::int64_t>(systolic::systolic_params(arch).word_bytes());
        m.note = "rows: one output row per step; filters: parameters x " + std::to_string(m.fmap_bytes) + "-byte words";
        return m;
    }

    VerifyText verify_text(const config::ArchParams& arch, bool fixed) const override
    {
        return {fixed ? std::to_string(systolic::systolic_params(arch).data_bits) + "-bit fixed point" : "double",
                "direct convolution (numerics reference) with the same weights",
                fixed ? "SNR ≥ " + std::to_string(static_cast<int>(kFixedSnrFloorDb)) + " dB"
                      : "max relative error ≤ 1e-9"};
    }

    LayerCheck check(const workload::Layer& l, const LayerPlan& plan, const LayerData& data, bool fixed) const override
    {
        const auto& d = static_cast<const SystolicData&>(data);
        std::vector<numerics::Tensor4> parts;
        const std::size_t per = d.bias.size() / d.inputs.size();
        for (std::size_t g = 0; g < d.inputs.size(); ++g) {
            const std::vector<double> bias(d.bias.begin() + g * per, d.bias.begin() + (g + 1) * per);
            parts.push_back(numerics::conv2d_direct(d.inputs[g], d.weights[g], bias, d.params));
        }
        const auto m = numerics::compare(numerics::stack_channels(parts), data.output);
        LayerCheck c;
        c.layer = l.name;
        c.shape = l.input_shapes[0].str() + "->" + std::to_string(l.output.c) + " " +
                  numerics::to_string(as_plan(plan).plan->algorithm);
        c.max_rel = m.max_rel;
        c.snr_db = m.snr_db;
        c.pass = fixed ? m.snr_db >= kFixedSnrFloorDb : m.max_rel <= 1e-9;
        return c;
    }

private:
    static const SystolicPlan& as_plan(const LayerPlan& p) { return static_cast<const SystolicPlan&>(p); }

    static std::string algorithm_text(const systolic::SystolicLayerPlan& p)
    {
        if (p.work != systolic::PlanWork::gemm) return "-";
        if (p.kind != "conv") return "gemm";
        return numerics::to_string(p.algorithm);
    }

    static stats::LayerStats to_stats(const LayerPlan& plan, const systolic::LayerResult& r)
    {
        const systolic::SystolicLayerPlan& p = *as_plan(plan).plan;
        stats::LayerStats s;
        s.layer = plan.layer;
        s.kind = plan.kind;
        s.skip_reason = plan.skip_reason;
        s.cycles = r.cycles;
        s.compute_cycles = r.array_cycles;
        s.mac_ops = r.mac_ops;
        s.pe_slots = r.pe_slots;
        s.pe_stall_cycles = r.stall_cycles;
        hw::fill_ddr_stats(s, r.ddr);
        s.use_group(systolic::systolic_stat_group());
        s.text(k::kAlgorithm) = algorithm_text(p);
        s.text(k::kWork) = systolic::to_string(p.work);
        s.text(k::kAlgorithmNote) = p.algorithm_note;
        s.text(k::kFusedInto) = p.fused_into;
        s.text(k::kDataflow) = systolic::to_string(p.dataflow);
        s.value(k::kGemms) = p.gemms.size();
        s.value(k::kFolds) = r.folds;
        s.value(k::kDrainCycles) = r.drain_cycles;
        s.value(k::kTransformCycles) = r.transform_cycles;
        s.value(k::kPostCycles) = r.post_cycles;
        s.value(k::kSramIfmapReads) = r.sram_ifmap_reads;
        s.value(k::kSramFilterReads) = r.sram_filter_reads;
        s.value(k::kSramOfmapWrites) = r.sram_ofmap_writes;
        s.value(k::kDramIfmapWords) = r.dram_ifmap_words;
        s.value(k::kDramFilterWords) = r.dram_filter_words;
        s.value(k::kDramOfmapWords) = r.dram_ofmap_words;
        s.value(k::kLayoutCycles) = r.layout_cycles;
        return s;
    }
};

}  // namespace

const Overlay& systolic_overlay()
{
    static const Systolic s;
    return s;
}

}  // namespace specsim::overlay
