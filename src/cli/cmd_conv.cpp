// SPDX-License-Identifier: MIT
// `specsim conv`: runs one convolution (direct or FFTW overlap-and-add) on .npy tensors and
// writes the float64 NCHW result atomically; a reference tool for datapath comparisons.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "numerics/conv_direct.hpp"
#include "numerics/conv_fft.hpp"
#include "numerics/npy.hpp"
#include "util/error.hpp"

namespace specsim::cli {
namespace {

struct ConvOptions {
    std::string input, weights, bias, out;
    std::vector<int> stride{1};
    std::vector<int> pad{0};
    std::string method = "fft";
    int fft_size = 8;
};

numerics::Conv2dParams make_params(const ConvOptions& o)
{
    numerics::Conv2dParams p;
    if (o.stride.size() == 1) {
        p.stride_h = p.stride_w = o.stride[0];
    } else if (o.stride.size() == 2) {
        p.stride_h = o.stride[0];
        p.stride_w = o.stride[1];
    } else {
        throw Error("--stride takes S or SH,SW, got " + std::to_string(o.stride.size()) + " values");
    }
    if (o.pad.size() == 1) {
        p.pad_top = p.pad_left = p.pad_bottom = p.pad_right = o.pad[0];
    } else if (o.pad.size() == 2) {
        p.pad_top = p.pad_bottom = o.pad[0];
        p.pad_left = p.pad_right = o.pad[1];
    } else if (o.pad.size() == 4) {
        p.pad_top = o.pad[0];
        p.pad_left = o.pad[1];
        p.pad_bottom = o.pad[2];
        p.pad_right = o.pad[3];
    } else {
        throw Error("--pad takes P, PH,PW or top,left,bottom,right, got " +
                    std::to_string(o.pad.size()) + " values");
    }
    return p;
}

void run_conv(const ConvOptions& o)
{
    const numerics::Conv2dParams params = make_params(o);
    const numerics::Tensor4 x = numerics::read_tensor4(o.input, "input (NCHW)");
    const numerics::Tensor4 w = numerics::read_tensor4(o.weights, "weights (OIHW)");
    std::vector<double> bias;
    if (!o.bias.empty()) bias = numerics::read_vector(o.bias, "bias");
    numerics::check_conv_shapes(x, w, bias, params);
    if (o.method == "fft" && (w.dimension(2) > o.fft_size || w.dimension(3) > o.fft_size))
        throw Error("kernel " + std::to_string(w.dimension(2)) + "x" + std::to_string(w.dimension(3)) +
                    " is larger than --fft-size " + std::to_string(o.fft_size));

    const auto t0 = std::chrono::steady_clock::now();
    const numerics::Tensor4 y = o.method == "direct"
                                    ? numerics::conv2d_direct(x, w, bias, params)
                                    : numerics::conv2d_fft(x, w, bias, params, o.fft_size);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    numerics::write_tensor4(o.out, y);
    const std::string method = o.method == "fft" ? fmt::format("fft (K={})", o.fft_size) : "direct";
    fmt::print("conv: output ({}, {}, {}, {}) float64 -> {}, method {}, {:.3f} ms\n", y.dimension(0),
               y.dimension(1), y.dimension(2), y.dimension(3), o.out, method, ms);
}

}  // namespace

void add_conv_command(CLI::App& app, CommandContext& ctx)
{
    (void)ctx;  // conv has no check to fail: errors are exceptions (exit 2)
    auto opts = std::make_shared<ConvOptions>();
    CLI::App* sub = app.add_subcommand(
        "conv", "Run one 2-D convolution (PyTorch/ONNX Conv semantics) on .npy tensors");
    sub->add_option("--input", opts->input, "Input activations, NCHW .npy (float32 or float64)")
        ->required();
    sub->add_option("--weights", opts->weights, "Weights, OIHW .npy (float32 or float64)")->required();
    sub->add_option("--bias", opts->bias, "Optional bias, 1-D .npy of length O");
    sub->add_option("--stride", opts->stride, "Stride: S or SH,SW (pixels)")->delimiter(',');
    sub->add_option("--pad", opts->pad, "Zero padding: P, PH,PW or top,left,bottom,right (pixels)")
        ->delimiter(',');
    sub->add_option("--method", opts->method, "Convolution algorithm (default fft)")
        ->check(CLI::IsMember({"direct", "fft"}));
    sub->add_option("--fft-size", opts->fft_size, "FFT size K for --method fft (default 8)")
        ->check(CLI::Range(1, 4096));
    sub->add_option("--out", opts->out, "Output .npy (float64, NCHW), written atomically")->required();
    sub->callback([opts]() { run_conv(*opts); });
}

}  // namespace specsim::cli
