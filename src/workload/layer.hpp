// SPDX-License-Identifier: MIT
// One layer of a CNN: its kind, per-kind parameters, the names and shapes of its inputs,
// its output shape, and the figures derived from them (MACs, weight and bias counts).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace specsim::workload {

/// Activation shape C×H×W of one sample (the batch size is a run option, not part of the
/// network). Fully connected outputs are C×1×1.
struct Shape {
    std::int64_t c = 0;
    std::int64_t h = 0;
    std::int64_t w = 0;

    std::int64_t elements() const { return c * h * w; }
    std::string str() const;  ///< "3x224x224"
    bool operator==(const Shape& o) const { return c == o.c && h == o.h && w == o.w; }
    bool operator!=(const Shape& o) const { return !(*this == o); }
};

/// A pair of extents along height and width (kernel, stride, dilation).
struct Hw {
    std::int64_t h = 1;
    std::int64_t w = 1;
    std::string str() const;  ///< "3x3"
};

/// Zero padding added on each side of the input.
struct Padding {
    std::int64_t top = 0;
    std::int64_t left = 0;
    std::int64_t bottom = 0;
    std::int64_t right = 0;
    bool symmetric() const { return top == bottom && left == right; }
    std::string str() const;  ///< "1", "1x2" (h x w) or "t,l,b,r"
};

/// The layer types a network file can name (`type:` key).
enum class LayerKind {
    Conv,       ///< 2-D convolution (groups, dilation, asymmetric padding)
    Fc,         ///< fully connected; flattens its C×H×W input
    MaxPool,
    AvgPool,
    Concat,     ///< concatenation along channels; H and W must match
    Add,        ///< elementwise sum; shapes must match
    Relu,
    Tanh,
    Lrn,        ///< local response normalisation across channels
    BatchNorm,  ///< inference-time batch normalisation with affine scale and shift
    Dropout,
    Softmax,
};

/// The YAML spelling of a kind ("conv", "fc", "maxpool", …).
const char* kind_name(LayerKind kind);
/// All YAML spellings, in enum order.
const std::vector<std::string>& kind_names();
/// Inverse of kind_name(); throws specsim::Error for an unknown name.
LayerKind kind_from_name(const std::string& name);

struct ConvParams {
    std::int64_t out_channels = 0;
    Hw kernel;
    Hw stride;
    Padding pad;
    Hw dilation;
    std::int64_t groups = 1;  ///< input and output channels split into this many groups
    bool bias = true;
};

struct FcParams {
    std::int64_t out_features = 0;
    bool bias = true;
};

/// Max or average pooling. `global` pools the whole plane (kernel = input H×W).
struct PoolParams {
    Hw kernel;
    Hw stride;
    Padding pad;
    bool ceil_mode = false;  ///< round the output size up (Caffe's rule), else down
    bool global = false;
};

/// Cross-channel LRN: b = a / (k + alpha/size · Σ a²)^beta over `size` channels.
struct LrnParams {
    std::int64_t size = 5;
    double alpha = 1e-4;
    double beta = 0.75;
    double k = 1.0;
};

struct BatchNormParams {
    double eps = 1e-5;
};

struct DropoutParams {
    double p = 0.5;  ///< drop probability during training; identity at inference
};

/// Per-kind parameters; std::monostate for kinds without any (concat, add, relu, …).
using LayerParams = std::variant<std::monostate, ConvParams, FcParams, PoolParams, LrnParams,
                                 BatchNormParams, DropoutParams>;

/// One node of the network graph. `name`, `kind`, `params` and (optionally) `inputs` are
/// set by whoever builds the layer; Network::add() resolves the inputs and fills in the
/// rest.
struct Layer {
    std::string name;
    LayerKind kind = LayerKind::Relu;
    LayerParams params;
    /// Names of the producing layers (Network::input_name for the network input). Empty
    /// when building = the previous layer, or the network input for the first layer.
    std::vector<std::string> inputs;

    // Filled in by Network::add().
    std::vector<int> input_ids;       ///< index of each input layer, -1 = network input
    std::vector<Shape> input_shapes;  ///< shape of each input
    Shape output;

    /// Per-kind parameters; each throws std::bad_variant_access for a layer of another kind.
    const ConvParams& conv() const { return std::get<ConvParams>(params); }
    const FcParams& fc() const { return std::get<FcParams>(params); }
    const PoolParams& pool() const { return std::get<PoolParams>(params); }
    const LrnParams& lrn() const { return std::get<LrnParams>(params); }

    bool is_pool() const { return kind == LayerKind::MaxPool || kind == LayerKind::AvgPool; }

    /// Multiply-accumulates for one sample. Conv: H_out·W_out·C_out·(C_in/groups)·k_h·k_w;
    /// fc: inputs·outputs; every other kind 0.
    std::int64_t macs() const;
    /// Trainable multiplicative weights: conv and fc kernels, batchnorm scale (C).
    std::int64_t weights() const;
    /// Trainable additive terms: conv and fc biases (when enabled), batchnorm shift (C).
    std::int64_t biases() const;
    std::int64_t param_count() const { return weights() + biases(); }
};

/// A layer ready for Network::add(): name, kind, parameters and (optionally) input names.
Layer make_layer(std::string name, LayerKind kind, LayerParams params = {},
                 std::vector<std::string> inputs = {});

/// Output shape of `layer` given its `inputs` and `input_shapes` (already resolved).
/// Throws specsim::Error (without location or layer name) when the shapes do not fit:
/// wrong input count, add of different shapes, concat of different H×W, channels not
/// divisible by groups, a kernel larger than the padded input.
Shape infer_output_shape(const Layer& layer);

}  // namespace specsim::workload
