// SPDX-License-Identifier: MIT
// `specsim demo EXPERIMENT`: the numerics reference path on every conv layer of the
// experiment's network, on a reduced sample of each layer (channels and spatial size cut
// so the whole network runs in seconds): FFTW overlap-and-add against direct convolution,
// and the accuracy cost of the experiment's spectral pruning. Until the accelerator model
// lands, this is the main job the README runs.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include <fmt/core.h>

#include "overlay/spectral/analytic/spectral_plan.hpp"
#include "cli/commands.hpp"
#include "core/experiment.hpp"
#include "numerics/conv_direct.hpp"
#include "numerics/conv_fft.hpp"
#include "numerics/metrics.hpp"
#include "numerics/random.hpp"

namespace specsim::cli {
namespace {

struct DemoArgs {
    std::string experiment;
    int max_channels = 16;
    int max_size = 32;
};

numerics::Tensor4 random_tensor(int a, int b, int c, int d, numerics::Rng& rng)
{
    numerics::Tensor4 t(a, b, c, d);
    for (Eigen::Index i = 0; i < t.size(); ++i) t.data()[i] = rng.normal();
    return t;
}

int run_demo(const DemoArgs& args)
{
    const core::Experiment e = core::load_experiment(args.experiment);
    const int K = static_cast<int>(analytic::spectral_params(e.arch).fft_size);
    const int nnz = static_cast<int>(e.run.sparsity.nnz_per_kernel);
    fmt::print("numerics demo: {} on FFT size K={}, pruning to the top {} of {} bins per kernel\n",
               e.network.name(), K, nnz, K * K);
    fmt::print("each conv layer is sampled at ≤{} input and output channels and ≤{}×{} pixels\n\n",
               args.max_channels, args.max_size, args.max_size);
    fmt::print("{:<10} {:>20} {:>8} {:>18} {:>13} {:>13} {:>9}\n", "layer", "full shape", "GMAC",
               "sample", "fft-vs-direct", "pruned SNR", "ms");
    int failures = 0, layers = 0;
    double total_gmac = 0;
    for (const workload::Layer& l : e.network.layers()) {
        if (l.kind != workload::LayerKind::Conv) continue;
        const workload::ConvParams& c = l.conv();
        const workload::Shape& in = l.input_shapes.at(0);
        const double gmac = static_cast<double>(l.macs()) / 1e9;
        total_gmac += gmac;
        ++layers;
        std::string sample, err_text = "-", snr_text = "-";
        if (c.kernel.h > K || c.kernel.w > K || c.groups != 1 || c.dilation.h != 1 || c.dilation.w != 1) {
            sample = "skipped";
            err_text = fmt::format("k{}>K", c.kernel.str());
        } else {
            const auto t0 = std::chrono::steady_clock::now();
            numerics::Rng rng(numerics::seed_for(e.run.seed, l.name));
            const int ci = static_cast<int>(std::min<std::int64_t>(in.c, args.max_channels));
            const int co = static_cast<int>(std::min<std::int64_t>(c.out_channels, args.max_channels));
            const int h = static_cast<int>(std::min<std::int64_t>(in.h, args.max_size));
            const int w = static_cast<int>(std::min<std::int64_t>(in.w, args.max_size));
            const auto x = random_tensor(1, ci, h, w, rng);
            const auto wt = random_tensor(co, ci, static_cast<int>(c.kernel.h), static_cast<int>(c.kernel.w), rng);
            const numerics::Conv2dParams p = analytic::conv2d_params(c);
            const auto direct = numerics::conv2d_direct(x, wt, {}, p);
            auto spectra = numerics::SpectralKernels::from_spatial(wt, K);
            const auto dense = numerics::conv2d_fft(x, spectra, {}, p);
            spectra.prune_top_n(nnz);
            const auto pruned = numerics::conv2d_fft(x, spectra, {}, p);
            const auto err = numerics::compare(direct, dense);
            const auto prune = numerics::compare(direct, pruned);
            const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
            const bool ok = err.max_rel <= 1e-9;
            failures += ok ? 0 : 1;
            sample = fmt::format("{}x{}x{}->{}", ci, h, w, co);
            err_text = fmt::format("{:.1e}{}", err.max_rel, ok ? "" : " FAIL");
            snr_text = fmt::format("{:.1f} dB", prune.snr_db);
            fmt::print("{:<10} {:>20} {:>8.3f} {:>18} {:>13} {:>13} {:>9.1f}\n", l.name,
                       in.str() + "->" + std::to_string(c.out_channels), gmac, sample, err_text, snr_text, ms);
            continue;
        }
        fmt::print("{:<10} {:>20} {:>8.3f} {:>18} {:>13} {:>13} {:>9}\n", l.name,
                   in.str() + "->" + std::to_string(c.out_channels), gmac, sample, err_text, snr_text, "-");
    }
    fmt::print("\n{} conv layers, {:.3f} GMAC in total; FFT path {} the direct path within 1e-9 relative\n",
               layers, total_gmac, failures ? "DISAGREES with" : "agrees with");
    fmt::print("(pruned SNR: random Gaussian kernels pruned by magnitude; trained kernels keep far more energy)\n");
    return failures ? 1 : 0;
}

}  // namespace

void add_demo_command(CLI::App& app, CommandContext& ctx)
{
    auto args = std::make_shared<DemoArgs>();
    CLI::App* cmd = app.add_subcommand("demo", "Numerics demo: FFT vs direct convolution on every conv layer");
    cmd->add_option("experiment", args->experiment, "experiment YAML")->required();
    cmd->add_option("--max-channels", args->max_channels, "channels sampled per layer")->check(at_least_one);
    cmd->add_option("--max-size", args->max_size, "spatial size sampled per layer (pixels)")->check(at_least_one);
    cmd->callback([args, &ctx] { ctx.exit_code = run_demo(*args); });
}

}  // namespace specsim::cli
