// SPDX-License-Identifier: MIT
// Planning, simulation and verification of one experiment on the spectral overlay.
#include "core/run.hpp"

#include "core/build_info.hpp"
#include <algorithm>
#include <chrono>
#include <memory>

#include "overlay/spectral/analytic/resources.hpp"
#include "overlay/spectral/analytic/spectral_plan.hpp"
#include "config/experiment.hpp"
#include "overlay/spectral/hw/spectral_top.hpp"
#include "numerics/conv_fft.hpp"
#include "numerics/metrics.hpp"
#include "numerics/random.hpp"
#include "report/provenance.hpp"

namespace specsim::core {
namespace {

bool is_conv(const workload::Layer& l) { return l.kind == workload::LayerKind::Conv; }

// The layer as verify runs it: input cropped to max_spatial and channels cut to
// max_channels (0 = as in the network), output shape re-inferred.
workload::Layer reduced_layer(const workload::Layer& l, const RunOptions& opt)
{
    workload::Layer r = l;
    if (!is_conv(l)) return r;
    auto& in = r.input_shapes.at(0);
    auto& c = std::get<workload::ConvParams>(r.params);
    if (opt.max_spatial > 0) {
        in.h = std::min<std::int64_t>(in.h, opt.max_spatial);
        in.w = std::min<std::int64_t>(in.w, opt.max_spatial);
    }
    if (opt.max_channels > 0) {
        in.c = std::min<std::int64_t>(in.c, opt.max_channels);
        c.out_channels = std::min<std::int64_t>(c.out_channels, opt.max_channels);
    }
    r.output = workload::infer_output_shape(r);
    return r;
}

// Real values for one layer: uniform input in [−1, 1), kernels on the plan's pattern.
std::shared_ptr<hw::LayerData> make_data(const workload::Layer& l, const config::ArchParams& arch,
                                         const config::RunParams& run, const numerics::SparsityPattern* pattern,
                                         bool fixed)
{
    auto d = std::make_shared<hw::LayerData>();
    const auto& in = l.input_shapes.at(0);
    const auto& c = l.conv();
    numerics::Rng rng(numerics::seed_for(run.seed, l.name + "/data"));
    d->input = numerics::Tensor4(1, in.c, in.h, in.w);
    for (Eigen::Index i = 0; i < d->input.size(); ++i) d->input.data()[i] = 2.0 * rng.uniform01() - 1.0;
    const int K = static_cast<int>(arch.spectral.fft_size);
    if (pattern) {
        d->kernels = numerics::synth_kernels(int(c.kernel.h), int(c.kernel.w), *pattern,
                                             numerics::seed_for(run.seed, l.name + "/weights"));
    } else {
        numerics::Tensor4 w(c.out_channels, in.c, c.kernel.h, c.kernel.w);
        for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = rng.normal();
        d->kernels = numerics::SpectralKernels::from_spatial(w, K);
    }
    d->stride_h = static_cast<int>(c.stride.h);
    d->stride_w = static_cast<int>(c.stride.w);
    d->fixed_point = fixed;
    d->data_format = numerics::FixedFormat{int(arch.spectral.data_bits), int(arch.spectral.frac_bits)};
    return d;
}

}  // namespace

RunOutput run_spectral(const Experiment& e, const RunOptions& opt, const std::string& source_dir)
{
    RunOutput out;
    const auto& arch = e.arch;
    const auto& layers = e.network.layers();
    hw::RunInfo& info = out.info;
    info.experiment = e.tree.name;
    info.network = e.network.name();
    info.arch = arch.name;
    info.device = arch.device.name;
    info.clock_hz = arch.clock.hz;
    info.seed = e.run.seed;
    info.timing = opt.mode == hw::TimingMode::cycle ? "cycle" : "fast";
    info.dataflow = e.run.dataflow;
    info.reader = e.run.reader;
    info.pe_lanes = arch.spectral.tiles_parallel * arch.spectral.kernels_parallel;
    info.kernel_lanes = arch.spectral.kernels_parallel;
    const analytic::SpectralResources res = analytic::spectral_resources(arch, e.run.reader);
    info.dsp_used = res.dsp;
    info.dsp_available = arch.device.dsp;
    info.bram36_used = res.bram36;
    info.bram36_available = arch.device.bram36;
    info.config_hash = report::config_hash(config::resolved_body_yaml(e.tree));
    // The revision the binary was built from; the checkout's, when the build has none.
    info.git_revision = build_revision() != "unknown" ? build_revision() : report::git_revision(source_dir);
    if (!res.feasible) throw Error("design '" + arch.name + "' does not fit " + arch.device.name + ": " + res.reason);

    // Verify runs conv layers only; layer i of the network run is layer index[i].
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (!opt.compute_values || is_conv(layers[i])) index.push_back(i);
    out.dataflows = opt.dataflows.empty() ? std::vector<std::string>{e.run.dataflow} : opt.dataflows;
    if (opt.compute_values && out.dataflows.size() != 1) throw Error("verify runs one dataflow at a time");
    const std::size_t D = out.dataflows.size();
    std::vector<std::shared_ptr<hw::LayerData>> data(index.size());
    std::vector<workload::Layer> ran(index.size());

    using Clock = std::chrono::steady_clock;
    std::shared_ptr<const analytic::SpectralLayerPlan> base;  // plan of the layer being run
    const hw::LayerProvider provider = [&](std::size_t j) {
        const auto t0 = Clock::now();
        const std::size_t i = j / D;
        const std::string& dataflow = out.dataflows[j % D];
        if (j % D == 0) {
            const workload::Layer l = reduced_layer(layers[index[i]], opt);
            ran[i] = l;
            std::unique_ptr<numerics::SparsityPattern> pattern;
            if (is_conv(l) && e.run.sparsity.source == "synthetic")
                pattern = std::make_unique<numerics::SparsityPattern>(analytic::synthetic_pattern(l, arch, e.run));
            config::RunParams run = e.run;
            run.dataflow = dataflow;
            base = std::make_shared<analytic::SpectralLayerPlan>(analytic::plan_spectral_layer(l, arch, run, pattern.get()));
            out.profile.schedules += base->schedules.size() + base->arbiter.size();
            if (opt.compute_values && base->runnable()) data[i] = make_data(l, arch, e.run, pattern.get(), opt.fixed_point);
        }
        hw::LayerWork w;
        w.dataflow = dataflow;
        if (j % D == 0 || !base->runnable()) {
            w.plan = base;
        } else {  // the same schedules under another dataflow: another block
            auto p = std::make_shared<analytic::SpectralLayerPlan>(*base);
            p->block = analytic::choose_block(*p, arch, dataflow);
            p->traffic = analytic::layer_traffic(*p, arch, p->block);
            w.plan = p;
        }
        if (out.reuse.size() <= j) out.reuse.resize(j + 1);
        if (w.plan->runnable()) out.reuse[j] = analytic::reuse_of(*w.plan, arch, w.plan->block);
        const workload::Layer& l = ran[i];
        w.kind = workload::kind_name(l.kind);
        if (is_conv(l)) {
            w.stride_h = static_cast<int>(l.conv().stride.h);
            w.stride_w = static_cast<int>(l.conv().stride.w);
        }
        w.data = data[i];
        out.profile.plan_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
        return w;
    };
    const auto sim0 = Clock::now();
    out.layers = hw::simulate_spectral(index.size() * D, provider, arch, opt.mode);
    out.profile.simulate_seconds =
        std::chrono::duration<double>(Clock::now() - sim0).count() - out.profile.plan_seconds;

    if (opt.compute_values) {
        for (std::size_t i = 0; i < index.size(); ++i) {
            if (!data[i]) continue;
            const workload::Layer& l = ran[i];
            const auto ref = numerics::conv2d_fft(data[i]->input, data[i]->kernels, {}, analytic::conv2d_params(l.conv()));
            const auto m = numerics::compare(ref, data[i]->output);
            LayerCheck c;
            c.layer = l.name;
            c.shape = l.input_shapes[0].str() + "->" + std::to_string(l.output.c);
            c.max_rel = m.max_rel;
            c.snr_db = m.snr_db;
            c.pass = opt.fixed_point ? m.snr_db >= 50.0 : m.max_rel <= 1e-9;
            out.checks.push_back(c);
        }
    }
    return out;
}

}  // namespace specsim::core
