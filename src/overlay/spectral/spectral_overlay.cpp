// SPDX-License-Identifier: MIT
// The spectral overlay's Overlay implementation: plans every layer (tiling, sparsity
// pattern, read schedules, streaming block per dataflow) before simulation, then plays the
// plans on its SystemC top (overlay/spectral/hw); verify compares the datapath with the
// FFTW reference using the same pruned kernels.
#include "overlay/spectral/spectral_overlay.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include "numerics/conv_fft.hpp"
#include "numerics/metrics.hpp"
#include "numerics/random.hpp"
#include "overlay/spectral/analytic/params.hpp"
#include "overlay/spectral/analytic/resources.hpp"
#include "overlay/spectral/analytic/schedule_cache.hpp"
#include "overlay/spectral/analytic/spectral_plan.hpp"
#include "overlay/spectral/analytic/stat_group.hpp"
#include "overlay/spectral/hw/spectral_top.hpp"

namespace specsim::overlay {
namespace {

/// A spectral layer plan under one dataflow: the analytic plan (schedules shared between
/// the dataflows of a layer, the block differs) and which operand its block keeps.
struct SpectralPlan : LayerPlan {
    std::shared_ptr<const analytic::SpectralLayerPlan> plan;
    std::string reuse;  ///< analytic::reuse_of the block ("" if skipped)
    int stride_h = 1, stride_w = 1;
};

struct SpectralData : LayerData {
    std::shared_ptr<hw::LayerData> d;
};

bool is_conv(const workload::Layer& l) { return l.kind == workload::LayerKind::Conv; }

// Per layer, the elements its output path writes to DDR when layers run fused in it (the
// planner's rule, analytic::PassKind::fused: activations, batchnorm, dropout and pooling
// with one producer, when output_path_fused): the maps of that path which a layer outside
// it reads, or which are network outputs — VGG16's conv1_2 writes pool1, not its own
// 224×224 map. 0 for a layer with nothing fused into it (it writes its own output).
std::vector<std::uint64_t> fused_writes(const std::vector<workload::Layer>& layers, const analytic::SpectralOverlayParams& s)
{
    const std::size_t n = layers.size();
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < n; ++i) index.emplace(layers[i].name, i);
    std::vector<long> producer(n, -1);  // the layer a fused layer runs in the output path of
    for (std::size_t i = 0; i < n; ++i) {
        const workload::Layer& l = layers[i];
        const auto& fusable = analytic::output_path_kinds();
        const bool kind = std::find(fusable.begin(), fusable.end(), l.kind) != fusable.end();
        if (!s.output_path_fused || !kind || l.input_ids.size() != 1 || l.input_ids[0] < 0) continue;
        const auto it = index.find(l.inputs.at(0));
        if (it != index.end() && it->second < i) producer[i] = static_cast<long>(it->second);
    }
    std::vector<std::vector<std::size_t>> consumers(n);
    for (std::size_t i = 0; i < n; ++i)
        for (const std::string& in : layers[i].inputs) {
            const auto it = index.find(in);
            if (it != index.end()) consumers[it->second].push_back(i);
        }
    std::vector<std::uint64_t> acc(n, 0);
    std::vector<bool> has_fused(n, false);
    for (std::size_t x = 0; x < n; ++x) {
        std::size_t root = x;
        while (producer[root] >= 0) root = static_cast<std::size_t>(producer[root]);
        if (root != x) has_fused[root] = true;
        const bool read_outside = consumers[x].empty() ||
                                  std::any_of(consumers[x].begin(), consumers[x].end(), [&](std::size_t y) {
                                      return producer[y] != static_cast<long>(x);
                                  });
        if (read_outside) acc[root] += static_cast<std::uint64_t>(layers[x].output.elements());
    }
    for (std::size_t r = 0; r < n; ++r)
        if (!has_fused[r]) acc[r] = 0;
    return acc;
}

class Spectral final : public Overlay {
public:
    std::string type() const override { return "spectral"; }

    std::unique_ptr<config::OverlayParams> parse_params(config::MapReader& overlay) const override
    {
        return analytic::parse_spectral_params(overlay);
    }

    config::DataflowChoice dataflow_choice() const override
    {
        config::DataflowChoice c;
        c.names = {"kernel_reuse", "activation_reuse", "flexible"};
        c.def = "kernel_reuse";
        c.description = "streaming block policy: hold N′ kernels and stream tiles, hold P′ tiles and stream "
                        "kernels, or per layer the block of least traffic (least latency when transfers "
                        "cannot hide under compute)";
        c.overlay = type();  // no conv algorithm choice: run.algorithm is an error
        return c;
    }

    std::string summary(const config::ArchParams& a) const override
    {
        const auto& s = analytic::spectral_params(a);
        return "spectral K=" + std::to_string(s.fft_size) + " P'=" + std::to_string(s.tiles_parallel) +
               " N'=" + std::to_string(s.kernels_parallel) + " r=" + std::to_string(s.replicas);
    }

    std::vector<TableDataflow> table_dataflows() const override
    {
        return {{"kernel_reuse", "KR", "kernel reuse"},
                {"activation_reuse", "AR", "activation reuse"},
                {"flexible", "flex", "flexible"}};
    }

    TableText table_text() const override
    {
        return {"reuse",
                "KR = fixed kernel reuse, AR = fixed activation reuse, flex = flexible (per layer); block = Ns x Ps "
                "(kernels x tiles); MB = 1e6 bytes."};
    }

    const stats::StatGroup& stat_group() const override { return analytic::spectral_stat_group(); }

    Resources resources(const config::ArchParams& arch, const config::RunParams& run) const override
    {
        const analytic::SpectralResources r = analytic::spectral_resources(arch, run.reader);
        return {r.dsp, r.bram36, 0, r.feasible, r.reason};
    }

    Describe describe(const config::ArchParams& arch, const config::RunParams& run) const override
    {
        const auto& s = analytic::spectral_params(arch);
        return {run.reader, s.tiles_parallel * s.kernels_parallel, s.kernels_parallel};
    }

    std::vector<PlanPtr> plan(const std::vector<workload::Layer>& layers, const config::ArchParams& arch,
                              const config::RunParams& run, const std::vector<std::string>& dataflows,
                              PlanProfile& profile) const override
    {
        using Clock = std::chrono::steady_clock;
        const auto t0 = Clock::now();
        std::vector<PlanPtr> out;
        // The persistent schedule cache (docs/scheduler.md): results are the same without it.
        std::unique_ptr<analytic::ScheduleCache> cache;
        const std::string cache_dir = run.schedule_cache.empty() ? util::default_cache_dir() : run.schedule_cache;
        if (!run.no_cache && !cache_dir.empty())
            cache = std::make_unique<analytic::ScheduleCache>(cache_dir, run.schedule_cache_mb * 1000000);
        const std::vector<std::uint64_t> writes = fused_writes(layers, analytic::spectral_params(arch));
        for (std::size_t li = 0; li < layers.size(); ++li) {
            const workload::Layer& l = layers[li];
            std::unique_ptr<numerics::SparsityPattern> pattern;
            if (is_conv(l) && run.sparsity.source == "synthetic")
                pattern = std::make_unique<numerics::SparsityPattern>(analytic::synthetic_pattern(l, arch, run));
            config::RunParams first = run;
            first.dataflow = dataflows.front();
            auto base = std::make_shared<analytic::SpectralLayerPlan>(analytic::plan_spectral_layer(l, arch, first, pattern.get(), cache.get()));
            if (writes[li] && base->runs_conv()) {
                base->written_elements = writes[li];
                base->traffic = analytic::layer_traffic(*base, arch, base->block);
            } else if (writes[li] && base->runnable() && base->pass.write_bytes) {
                base->pass.write_bytes = writes[li] * ((analytic::spectral_params(arch).data_bits + 7) / 8);
            }
            profile.schedules += base->schedules.size() + base->arbiter.size() - static_cast<std::size_t>(base->cached_blocks);
            profile.schedules_cached += static_cast<std::uint64_t>(base->cached_blocks);
            for (std::size_t d = 0; d < dataflows.size(); ++d) {
                auto p = std::make_shared<SpectralPlan>();
                p->layer = l.name;
                p->kind = workload::kind_name(l.kind);
                p->skip_reason = base->skip_reason;
                p->dataflow = dataflows[d];
                if (d == 0 || !base->runs_conv()) {
                    p->plan = base;
                } else {  // the same schedules under another dataflow: another block
                    auto other = std::make_shared<analytic::SpectralLayerPlan>(*base);
                    other->block = analytic::choose_block(*other, arch, dataflows[d]);
                    other->traffic = analytic::layer_traffic(*other, arch, other->block);
                    p->plan = other;
                }
                if (p->plan->runs_conv()) p->reuse = analytic::reuse_of(*p->plan, arch, p->plan->block);
                if (is_conv(l)) {
                    p->stride_h = static_cast<int>(l.conv().stride.h);
                    p->stride_w = static_cast<int>(l.conv().stride.w);
                }
                out.push_back(p);
            }
        }
        if (cache) profile.warnings.insert(profile.warnings.end(), cache->warnings().begin(), cache->warnings().end());
        profile.seconds += std::chrono::duration<double>(Clock::now() - t0).count();
        return out;
    }

    std::string note(const LayerPlan& plan) const override { return static_cast<const SpectralPlan&>(plan).reuse; }

    DataPtr make_data(const workload::Layer& l, const LayerPlan& plan, const config::ArchParams& arch,
                      const config::RunParams& run, bool fixed) const override
    {
        const auto& sp = static_cast<const SpectralPlan&>(plan);
        const auto& s = analytic::spectral_params(arch);
        auto d = std::make_shared<hw::LayerData>();
        const auto& in = l.input_shapes.at(0);
        const auto& c = l.conv();
        // Real values: uniform input in [−1, 1), kernels on the plan's sparsity pattern.
        numerics::Rng rng(numerics::seed_for(run.seed, l.name + "/data"));
        d->input = numerics::Tensor4(1, in.c, in.h, in.w);
        for (Eigen::Index i = 0; i < d->input.size(); ++i) d->input.data()[i] = 2.0 * rng.uniform01() - 1.0;
        const int K = static_cast<int>(s.fft_size);
        if (run.sparsity.source == "synthetic") {
            const numerics::SparsityPattern pattern = analytic::synthetic_pattern(l, arch, run);
            d->kernels = numerics::synth_kernels(int(c.kernel.h), int(c.kernel.w), pattern,
                                                 numerics::seed_for(run.seed, l.name + "/weights"));
        } else {
            numerics::Tensor4 w(c.out_channels, in.c, c.kernel.h, c.kernel.w);
            for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = rng.normal();
            d->kernels = numerics::SpectralKernels::from_spatial(w, K);
        }
        d->stride_h = sp.stride_h;
        d->stride_w = sp.stride_w;
        d->fixed_point = fixed;
        d->data_format = numerics::FixedFormat{int(s.data_bits), int(s.frac_bits)};
        auto out = std::make_shared<SpectralData>();
        out->d = d;
        return out;
    }

    std::vector<stats::LayerStats> simulate(const std::vector<PlanPtr>& plans, const std::vector<DataPtr>& data,
                                            const config::ArchParams& arch, hw::TimingMode mode) const override
    {
        const hw::LayerProvider provider = [&](std::size_t j) {
            const auto& p = static_cast<const SpectralPlan&>(*plans[j]);
            hw::LayerWork w;
            w.plan = p.plan;
            w.dataflow = p.dataflow;
            w.kind = p.kind;
            w.stride_h = p.stride_h;
            w.stride_w = p.stride_w;
            if (j < data.size() && data[j]) w.data = static_cast<SpectralData&>(*data[j]).d;
            return w;
        };
        std::vector<stats::LayerStats> st = hw::simulate_spectral(plans.size(), provider, arch, mode);
        for (std::size_t j = 0; j < data.size() && j < plans.size(); ++j)
            if (data[j]) data[j]->output = static_cast<SpectralData&>(*data[j]).d->output;
        return st;
    }

    PlanPtr place(const LayerPlan& plan, const Placement& pl, const workload::Layer& layer,
                  const config::ArchParams& arch) const override
    {
        const auto& sp = dynamic_cast<const SpectralPlan&>(plan);
        auto out = std::make_shared<SpectralPlan>(sp);
        auto a = std::make_shared<analytic::SpectralLayerPlan>(*sp.plan);
        const bool all_on_chip = !pl.input_on_chip.empty() &&
                                 std::all_of(pl.input_on_chip.begin(), pl.input_on_chip.end(), [](bool b) { return b; });
        if (a->runs_conv()) {
            a->input_on_chip = all_on_chip;
            a->input_once = pl.input_once;
            a->output_on_chip = pl.output_on_chip;
            a->filters_resident = pl.filters_resident;
            a->traffic = analytic::layer_traffic(*a, arch, a->block);
        } else if (a->runnable() && (a->pass.kind == analytic::PassKind::stream || a->pass.kind == analytic::PassKind::fc)) {
            // A pass reads each input it does not find on chip, and writes unless the output stays.
            const std::uint64_t wb = (analytic::spectral_params(arch).data_bits + 7) / 8;
            std::uint64_t read = 0;
            for (std::size_t k = 0; k < layer.input_shapes.size(); ++k)
                if (k >= pl.input_on_chip.size() || !pl.input_on_chip[k])
                    read += static_cast<std::uint64_t>(layer.input_shapes[k].elements()) * wb;
            a->pass.read_bytes = read;
            if (pl.output_on_chip) a->pass.write_bytes = 0;
        }
        out->plan = a;
        return out;
    }

    std::int64_t stored_filter_bytes(const LayerPlan& plan, const config::ArchParams& arch) const override
    {
        const auto& a = *dynamic_cast<const SpectralPlan&>(plan).plan;
        if (a.runs_conv()) {
            const auto& s = analytic::spectral_params(arch);
            std::int64_t bytes = 0;
            for (int g = 0; g < a.kernel_groups; ++g)
                for (int m = 0; m < a.in_channels; ++m) {
                    const analytic::KernelStream k = analytic::kernel_stream(a, s, g, m);
                    bytes += static_cast<std::int64_t>(k.kernel_bytes + k.index_bytes);
                }
            return bytes;
        }
        return a.runnable() && a.pass.kind == analytic::PassKind::fc ? static_cast<std::int64_t>(a.pass.weight_bytes) : 0;
    }

    PartitionModel partition_model(const config::ArchParams& arch, const config::RunParams& run) const override
    {
        const analytic::SpectralOverlayParams& s = analytic::spectral_params(arch);
        const std::int64_t K = s.fft_size, word = (s.data_bits + 7) / 8;
        const std::int64_t nnz = run.sparsity.source == "dense" ? K * K
                                 : std::min<std::int64_t>(run.sparsity.nnz_per_kernel, K * K);
        PartitionModel m;
        m.fmap_bytes = word;
        m.fuse_pooling = s.output_path_fused;
        // As the planner runs them (analytic::PassKind::fused): LRN and softmax are passes of their own.
        m.output_path_kinds.clear();
        if (s.output_path_fused)
            for (const auto k : analytic::output_path_kinds())
                if (k != workload::LayerKind::MaxPool && k != workload::LayerKind::AvgPool) m.output_path_kinds.push_back(k);
        // A conv the engine runs produces one OaA tile row at a time: T = K − k + 1 rows.
        m.rows_per_step = [K](const workload::Layer& l) -> std::int64_t {
            if (l.kind != workload::LayerKind::Conv || l.conv().kernel.h > K) return 1;
            return K - l.conv().kernel.h + 1;
        };
        // Conv filters as the kernel buffers hold them: per (out, in) kernel nnz entries of a
        // complex value (2 × data_bits) and a bin index (index_bits); fc weights and biases
        // as words.
        m.filter_bytes = [K, word, nnz, bits = 2 * std::int64_t{s.data_bits} + s.index_bits](const workload::Layer& l) {
            if (l.kind != workload::LayerKind::Conv || l.conv().kernel.h > K || l.conv().kernel.w > K)
                return l.param_count() * word;
            const std::int64_t kernels = l.weights() / (l.conv().kernel.h * l.conv().kernel.w);
            return (kernels * nnz * bits + 7) / 8 + l.biases() * word;
        };
        m.note = "rows: conv in OaA tile rows (T = K - k + 1 per step), other layers one row; filters: " +
                 std::to_string(nnz) + " spectral entries of " + std::to_string(2 * s.data_bits + s.index_bits) +
                 " bits per kernel, fc weights as " + std::to_string(word) + "-byte words";
        return m;
    }

    VerifyText verify_text(const config::ArchParams& arch, bool fixed) const override
    {
        return {fixed ? std::to_string(analytic::spectral_params(arch).data_bits) + "-bit fixed point" : "double",
                "FFTW reference with the same pruned kernels", fixed ? "SNR ≥ 50 dB" : "max relative error ≤ 1e-9"};
    }

    LayerCheck check(const workload::Layer& l, const LayerPlan&, const LayerData& data, bool fixed) const override
    {
        const auto& d = *static_cast<const SpectralData&>(data).d;
        const auto ref = numerics::conv2d_fft(d.input, d.kernels, {}, analytic::conv2d_params(l.conv()));
        const auto m = numerics::compare(ref, data.output);
        LayerCheck c;
        c.layer = l.name;
        c.shape = l.input_shapes[0].str() + "->" + std::to_string(l.output.c);
        c.max_rel = m.max_rel;
        c.snr_db = m.snr_db;
        c.pass = fixed ? m.snr_db >= 50.0 : m.max_rel <= 1e-9;
        return c;
    }
};

}  // namespace

const Overlay& spectral_overlay()
{
    static const Spectral s;
    return s;
}

}  // namespace specsim::overlay
