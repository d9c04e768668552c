// SPDX-License-Identifier: MIT
// YAML loader for network files: common layer keys, then the keys of the layer's type, then
// MapReader::done(), so a key that does not belong to the type is rejected with a hint.
#include "workload/network_yaml.hpp"

#include <exception>
#include <map>
#include <utility>

#include "util/did_you_mean.hpp"

namespace specsim::workload {

namespace {

using config::MapReader;
using config::Node;

/// Reads the keys of one map. A missing required key is remembered and reported only after
/// done() has looked for unknown keys, so a misspelt required key ("kernal") is reported as
/// an unknown key with a did-you-mean rather than as missing.
class Keys {
public:
    explicit Keys(MapReader& r) : r(r) {}
    MapReader& r;

    /// Runs `read` (which reads `key`); if the key is absent, defers the error and returns {}.
    template <class F> auto required(const std::string& key, F read) -> decltype(read())
    {
        try {
            return read();
        } catch (const ConfigError&) {
            if (r.has(key)) throw;
            if (!m_missing) m_missing = std::current_exception();
            return {};
        }
    }

    void done()
    {
        r.done();
        if (m_missing) std::rethrow_exception(m_missing);
    }

private:
    std::exception_ptr m_missing;
};

std::int64_t positive(const Node& n)
{
    const auto v = n.as<std::int64_t>();
    if (v < 1) n.fail("must be at least 1, got " + std::to_string(v));
    return v;
}

std::int64_t positive_key(MapReader& r, const std::string& key, const char* doc)
{
    const auto v = r.get<std::int64_t>(key, doc);
    if (v < 1) r.fail(key, "must be at least 1, got " + std::to_string(v));
    return v;
}

/// An extent pair written as `3` or `[3, 5]`; `def` < 1 means required.
Hw read_hw(MapReader& r, const std::string& key, std::int64_t def, const char* doc)
{
    if (r.has(key) && r.at(key).is_seq()) {
        const Node n = r.child(key, doc);
        const auto items = n.items();
        if (items.size() != 2) n.fail("expected an integer or [height, width]");
        return {positive(items[0]), positive(items[1])};
    }
    const std::int64_t v = def < 1 ? r.get<std::int64_t>(key, doc)
                                   : r.opt<std::int64_t>(key, def, doc);
    if (v < 1) r.fail(key, "must be at least 1, got " + std::to_string(v));
    return {v, v};
}

/// Padding written as `1`, `[ph, pw]` or `[top, left, bottom, right]`.
Padding read_pad(MapReader& r)
{
    const char* doc = "zero padding: int (all sides), [h, w] or [top, left, bottom, right]";
    std::vector<std::int64_t> v;
    if (r.has("pad") && r.at("pad").is_seq()) {
        const Node n = r.child("pad", doc);
        const auto items = n.items();
        if (items.size() != 2 && items.size() != 4)
            n.fail("expected an integer, [h, w] or [top, left, bottom, right]");
        for (const Node& i : items) {
            v.push_back(i.as<std::int64_t>());
            if (v.back() < 0) i.fail("padding must not be negative");
        }
    } else {
        v.push_back(r.opt<std::int64_t>("pad", 0, doc));
        if (v[0] < 0) r.fail("pad", "padding must not be negative");
    }
    if (v.size() == 1) return {v[0], v[0], v[0], v[0]};
    if (v.size() == 2) return {v[0], v[1], v[0], v[1]};
    return {v[0], v[1], v[2], v[3]};
}

const char* const k_kernel_doc = "conv/pool: window size, int or [height, width]";
const char* const k_stride_doc = "conv/pool: step, int or [height, width] (pool default: kernel)";
const char* const k_bias_doc = "conv/fc: whether the layer adds a learned bias";

ConvParams read_conv(Keys& k)
{
    MapReader& r = k.r;
    ConvParams p;
    p.out_channels = k.required("out_channels", [&] {
        return positive_key(r, "out_channels", "conv: number of output channels");
    });
    p.kernel = k.required("kernel", [&] { return read_hw(r, "kernel", 0, k_kernel_doc); });
    p.stride = read_hw(r, "stride", 1, k_stride_doc);
    p.pad = read_pad(r);
    p.dilation = read_hw(r, "dilation", 1, "conv: spacing of kernel taps, int or [height, width]");
    p.groups = r.opt<std::int64_t>("groups", 1, "conv: channel groups (must divide input and output channels)");
    if (p.groups < 1) r.fail("groups", "must be at least 1");
    p.bias = r.opt<bool>("bias", true, k_bias_doc);
    return p;
}

PoolParams read_pool(Keys& k)
{
    MapReader& r = k.r;
    PoolParams p;
    p.global = r.opt<bool>("global", false, "pool: pool each whole channel plane to 1x1");
    if (p.global) {
        for (const char* key : {"kernel", "stride", "pad", "ceil_mode"})
            if (r.has(key)) r.fail(key, "not allowed with global: true");
        return p;
    }
    p.kernel = k.required("kernel", [&] { return read_hw(r, "kernel", 0, k_kernel_doc); });
    if (p.kernel.h == p.kernel.w || r.has("stride"))
        p.stride = read_hw(r, "stride", p.kernel.h, k_stride_doc);
    else
        p.stride = p.kernel;
    p.pad = read_pad(r);
    p.ceil_mode = r.opt<bool>("ceil_mode", false, "pool: round the output size up (Caffe) instead of down");
    return p;
}

double read_real(MapReader& r, const char* key, double def, double lo, double hi, const char* doc)
{
    const double v = r.opt<double>(key, def, doc);
    if (!(v >= lo && v <= hi))
        r.fail(key, "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return v;
}

LrnParams read_lrn(MapReader& r)
{
    LrnParams p;
    p.size = r.opt<std::int64_t>("size", 5, "lrn: number of channels summed over");
    if (p.size < 1) r.fail("size", "must be at least 1");
    p.alpha = read_real(r, "alpha", 1e-4, 0, 1e9, "lrn: scale of the sum of squares");
    p.beta = read_real(r, "beta", 0.75, 0, 1e9, "lrn: exponent");
    p.k = read_real(r, "k", 1.0, 0, 1e9, "lrn: additive constant");
    return p;
}

/// `inputs:` as a list of names or one name; each name with its node for error locations.
std::vector<std::pair<std::string, Node>> read_inputs(MapReader& r)
{
    const char* doc = "names of the layers this one reads (or 'input'); default: the previous layer";
    std::vector<std::pair<std::string, Node>> out;
    if (!r.has("inputs")) {
        r.seq_opt("inputs", doc);
        return out;
    }
    const Node n = r.child("inputs", doc);
    if (n.is_scalar()) {
        out.emplace_back(n.as<std::string>(), n);
        return out;
    }
    if (!n.is_seq()) n.fail("expected a layer name or a list of layer names");
    for (const Node& i : n.items()) out.emplace_back(i.as<std::string>(), i);
    if (out.empty()) n.fail("an empty list of inputs; omit the key to read the previous layer");
    return out;
}

Layer read_layer(MapReader& r, std::vector<std::pair<std::string, Node>>& inputs)
{
    Keys k(r);
    Layer l;
    l.name = k.required("name", [&] { return r.get<std::string>("name", "layer name, unique in the network"); });
    if (!r.has("type")) {  // the type decides which keys are known: look for a typo of it first
        for (auto it = r.node().yaml().begin(); it != r.node().yaml().end(); ++it)
            if (closest_match(it->first.Scalar(), {"type"}) == "type") {
                const Node key(it->first, r.node().file_ptr(), r.node().path());
                throw ConfigError(key.loc(), r.node().path() + "." + it->first.Scalar(),
                                  "unknown key; did you mean 'type'?");
            }
    }
    const std::string type = r.choice("type", kind_names(), "",
        "layer type: conv, fc, maxpool, avgpool, concat, add, relu, tanh, lrn, batchnorm, dropout, softmax");
    l.kind = kind_from_name(type);
    inputs = read_inputs(r);
    switch (l.kind) {
    case LayerKind::Conv: l.params = read_conv(k); break;
    case LayerKind::Fc: {
        FcParams p;
        p.out_features = k.required("out_features", [&] {
            return positive_key(r, "out_features", "fc: number of outputs");
        });
        p.bias = r.opt<bool>("bias", true, k_bias_doc);
        l.params = p;
        break;
    }
    case LayerKind::MaxPool:
    case LayerKind::AvgPool: l.params = read_pool(k); break;
    case LayerKind::Lrn: l.params = read_lrn(r); break;
    case LayerKind::BatchNorm:
        l.params = BatchNormParams{read_real(r, "eps", 1e-5, 0, 1, "batchnorm: added to the variance")};
        break;
    case LayerKind::Dropout:
        l.params = DropoutParams{read_real(r, "p", 0.5, 0, 1, "dropout: drop probability in training")};
        break;
    default: break;
    }
    k.done();
    return l;
}

}  // namespace

Network parse_network(const config::Node& root)
{
    MapReader r(root);
    const auto name = r.get<std::string>("name", "network name, used in reports");
    const auto source = r.opt<std::string>("source", "", "where the architecture comes from; informational");
    MapReader in = r.map("input", "shape of one input sample (the batch size is a run option)");
    Keys k(in);
    const auto dim = [&](const char* key, const char* doc) {
        return k.required(key, [&] { return positive_key(in, key, doc); });
    };
    Shape shape;
    shape.c = dim("channels", "input channels");
    shape.h = dim("height", "input height in pixels");
    shape.w = dim("width", "input width in pixels");
    k.done();
    const auto items = r.seq("layers", "the layers in topological order");
    r.done();
    if (items.empty()) r.fail("layers", "a network needs at least one layer");

    Network net(name, shape);
    net.set_source(source);
    std::map<std::string, std::size_t> all;  // every layer name → first index, for "defined later"
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].is_map() && items[i].yaml()["name"] && items[i].yaml()["name"].IsScalar())
            all.emplace(items[i].yaml()["name"].Scalar(), i);

    for (std::size_t i = 0; i < items.size(); ++i) {
        MapReader lr(items[i]);
        std::vector<std::pair<std::string, Node>> inputs;
        Layer layer = read_layer(lr, inputs);
        const std::string who = "layer '" + layer.name + "': ";
        if (layer.name == Network::input_name)
            lr.fail("name", who + "the name 'input' is reserved for the network input");
        if (const auto prev = net.index_of(layer.name))
            lr.fail("name", who + "duplicate layer name (first used by layers[" +
                                std::to_string(*prev) + "])");
        for (const auto& [in_name, node] : inputs) {
            if (in_name == Network::input_name || net.index_of(in_name)) {
                layer.inputs.push_back(in_name);
                continue;
            }
            if (in_name == layer.name) node.fail(who + "a layer cannot read its own output");
            const auto later = all.find(in_name);
            if (later != all.end())
                node.fail(who + "input '" + in_name + "' is defined later (layers[" +
                          std::to_string(later->second) + "]); list layers in topological order");
            std::vector<std::string> earlier{Network::input_name};
            for (const Layer& l : net.layers()) earlier.push_back(l.name);
            node.fail(who + "unknown input '" + in_name + "'" + did_you_mean_suffix(in_name, earlier));
        }
        try {
            net.add(std::move(layer));
        } catch (const ConfigError&) {
            throw;
        } catch (const Error& e) {
            items[i].fail(e.what());
        }
    }
    return net;
}

Network load_network_file(const std::string& path)
{
    return parse_network(config::load_yaml_file(path, "network"));
}

}  // namespace specsim::workload
