// SPDX-License-Identifier: MIT
// Layer kinds, shape inference and the per-layer figures (MACs, weights, biases).
#include "workload/layer.hpp"

#include <utility>

#include "util/error.hpp"

namespace specsim::workload {

namespace {

const std::vector<std::string> k_kind_names = {
    "conv", "fc", "maxpool", "avgpool", "concat", "add", "relu", "tanh",
    "lrn", "batchnorm", "dropout", "softmax",
};

std::string hw_text(std::int64_t h, std::int64_t w)
{
    return std::to_string(h) + "x" + std::to_string(w);
}

/// Output extent of a sliding window; the window must fit the padded input (checked by the
/// caller). ceil_mode drops a last window that would start in the trailing padding.
std::int64_t window_out(std::int64_t in, std::int64_t extent, std::int64_t stride,
                        std::int64_t pad_a, std::int64_t pad_b, bool ceil_mode)
{
    const std::int64_t span = in + pad_a + pad_b - extent;
    std::int64_t out = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
    if (ceil_mode && (out - 1) * stride >= in + pad_a) --out;
    return out;
}

void check_window(const Hw& extent, const Hw& stride, const Padding& pad, const Shape& in,
                  const char* what)
{
    if (extent.h < 1 || extent.w < 1) throw Error(std::string(what) + " must be at least 1x1");
    if (stride.h < 1 || stride.w < 1) throw Error("stride must be at least 1x1");
    if (pad.top < 0 || pad.left < 0 || pad.bottom < 0 || pad.right < 0)
        throw Error("padding must not be negative");
    const std::int64_t ph = in.h + pad.top + pad.bottom;
    const std::int64_t pw = in.w + pad.left + pad.right;
    if (extent.h > ph || extent.w > pw)
        throw Error(std::string(what) + " " + extent.str() + " is larger than the padded input " +
                    hw_text(ph, pw) + " (input " + in.str() + ", pad " + pad.str() + ")");
}

void expect_inputs(const Layer& layer, std::size_t min, std::size_t max)
{
    const std::size_t n = layer.input_shapes.size();
    if (n >= min && n <= max) return;
    std::string want = min == max ? std::to_string(min) : "at least " + std::to_string(min);
    throw Error(std::string(kind_name(layer.kind)) + " takes " + want + " input" +
                (min == 1 && max == 1 ? "" : "s") + ", got " + std::to_string(n));
}

Shape conv_shape(const Layer& layer)
{
    const ConvParams& p = layer.conv();
    const Shape& in = layer.input_shapes[0];
    if (p.out_channels < 1) throw Error("out_channels must be at least 1");
    if (p.groups < 1) throw Error("groups must be at least 1");
    if (p.dilation.h < 1 || p.dilation.w < 1) throw Error("dilation must be at least 1x1");
    if (in.c % p.groups != 0 || p.out_channels % p.groups != 0)
        throw Error("groups " + std::to_string(p.groups) + " must divide the input channels (" +
                    std::to_string(in.c) + ") and out_channels (" +
                    std::to_string(p.out_channels) + ")");
    const Hw eff{p.dilation.h * (p.kernel.h - 1) + 1, p.dilation.w * (p.kernel.w - 1) + 1};
    check_window(p.kernel, p.stride, p.pad, in, "kernel");
    check_window(eff, p.stride, p.pad, in, "dilated kernel");
    return {p.out_channels, window_out(in.h, eff.h, p.stride.h, p.pad.top, p.pad.bottom, false),
            window_out(in.w, eff.w, p.stride.w, p.pad.left, p.pad.right, false)};
}

Shape pool_shape(const Layer& layer)
{
    const PoolParams& p = layer.pool();
    const Shape& in = layer.input_shapes[0];
    if (p.global) return {in.c, 1, 1};
    check_window(p.kernel, p.stride, p.pad, in, "kernel");
    if (p.pad.top >= p.kernel.h || p.pad.bottom >= p.kernel.h || p.pad.left >= p.kernel.w ||
        p.pad.right >= p.kernel.w)
        throw Error("pooling pad " + p.pad.str() + " must be smaller than the kernel " +
                    p.kernel.str());
    return {in.c, window_out(in.h, p.kernel.h, p.stride.h, p.pad.top, p.pad.bottom, p.ceil_mode),
            window_out(in.w, p.kernel.w, p.stride.w, p.pad.left, p.pad.right, p.ceil_mode)};
}

Shape concat_shape(const Layer& layer)
{
    const Shape& first = layer.input_shapes[0];
    Shape out{0, first.h, first.w};
    for (std::size_t i = 0; i < layer.input_shapes.size(); ++i) {
        const Shape& s = layer.input_shapes[i];
        if (s.h != first.h || s.w != first.w)
            throw Error("concat input '" + layer.inputs[i] + "' is " + s.str() + " but '" +
                        layer.inputs[0] + "' is " + first.str() +
                        "; concatenated inputs must have the same height and width");
        out.c += s.c;
    }
    return out;
}

Shape add_shape(const Layer& layer)
{
    const Shape& first = layer.input_shapes[0];
    for (std::size_t i = 1; i < layer.input_shapes.size(); ++i)
        if (layer.input_shapes[i] != first)
            throw Error("add input '" + layer.inputs[i] + "' is " + layer.input_shapes[i].str() +
                        " but '" + layer.inputs[0] + "' is " + first.str() +
                        "; added inputs must have the same shape");
    return first;
}

}  // namespace

std::string Shape::str() const
{
    return std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w);
}

std::string Hw::str() const { return hw_text(h, w); }

std::string Padding::str() const
{
    if (symmetric() && top == left) return std::to_string(top);
    if (symmetric()) return hw_text(top, left);
    return std::to_string(top) + "," + std::to_string(left) + "," + std::to_string(bottom) +
           "," + std::to_string(right);
}

const char* kind_name(LayerKind kind) { return k_kind_names[static_cast<std::size_t>(kind)].c_str(); }

const std::vector<std::string>& kind_names() { return k_kind_names; }

LayerKind kind_from_name(const std::string& name)
{
    for (std::size_t i = 0; i < k_kind_names.size(); ++i)
        if (k_kind_names[i] == name) return static_cast<LayerKind>(i);
    throw Error("unknown layer type '" + name + "'");
}

std::int64_t Layer::macs() const
{
    if (kind == LayerKind::Conv) {
        const ConvParams& p = conv();
        return output.elements() * (input_shapes.at(0).c / p.groups) * p.kernel.h * p.kernel.w;
    }
    if (kind == LayerKind::Fc) return input_shapes.at(0).elements() * output.c;
    return 0;
}

std::int64_t Layer::weights() const
{
    switch (kind) {
    case LayerKind::Conv: {
        const ConvParams& p = conv();
        return p.out_channels * (input_shapes.at(0).c / p.groups) * p.kernel.h * p.kernel.w;
    }
    case LayerKind::Fc: return input_shapes.at(0).elements() * output.c;
    case LayerKind::BatchNorm: return output.c;
    default: return 0;
    }
}

std::int64_t Layer::biases() const
{
    switch (kind) {
    case LayerKind::Conv: return conv().bias ? output.c : 0;
    case LayerKind::Fc: return fc().bias ? output.c : 0;
    case LayerKind::BatchNorm: return output.c;
    default: return 0;
    }
}

Layer make_layer(std::string name, LayerKind kind, LayerParams params, std::vector<std::string> inputs)
{
    Layer l;
    l.name = std::move(name);
    l.kind = kind;
    l.params = std::move(params);
    l.inputs = std::move(inputs);
    return l;
}

Shape infer_output_shape(const Layer& layer)
{
    switch (layer.kind) {
    case LayerKind::Concat:
    case LayerKind::Add: expect_inputs(layer, 2, SIZE_MAX); break;
    default: expect_inputs(layer, 1, 1); break;
    }
    if (layer.inputs.size() != layer.input_shapes.size())
        throw Error("layer inputs and input shapes differ in number");
    switch (layer.kind) {
    case LayerKind::Conv: return conv_shape(layer);
    case LayerKind::Fc:
        if (layer.fc().out_features < 1) throw Error("out_features must be at least 1");
        return {layer.fc().out_features, 1, 1};
    case LayerKind::MaxPool:
    case LayerKind::AvgPool: return pool_shape(layer);
    case LayerKind::Concat: return concat_shape(layer);
    case LayerKind::Add: return add_shape(layer);
    default: return layer.input_shapes[0];
    }
}

}  // namespace specsim::workload
