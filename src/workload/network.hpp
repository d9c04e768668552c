// SPDX-License-Identifier: MIT
// A CNN as a graph of layers in topological order, built layer by layer with shape
// inference, plus the network-wide totals (MACs by layer type, parameters).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "workload/layer.hpp"

namespace specsim::workload {

/// Sums over all layers of a network, for one sample.
struct NetworkTotals {
    std::int64_t conv_macs = 0;
    std::int64_t fc_macs = 0;
    std::int64_t macs = 0;     ///< conv_macs + fc_macs
    std::int64_t weights = 0;  ///< Layer::weights() summed
    std::int64_t biases = 0;   ///< Layer::biases() summed
    std::int64_t params = 0;   ///< weights + biases
    int conv_layers = 0;
    int fc_layers = 0;
};

/// A directed acyclic graph of layers. Layers are kept in the order they were added, and
/// every layer may only read the network input or layers added before it, so that order is
/// a topological order.
class Network {
public:
    /// The name by which a layer's `inputs` refer to the network input. No layer may use it.
    static constexpr const char* input_name = "input";

    Network() = default;
    /// `input` is the shape of one sample (C×H×W); every extent must be at least 1.
    Network(std::string name, Shape input);

    const std::string& name() const { return m_name; }
    /// Where the architecture comes from (paper, model-zoo file); informational only.
    const std::string& source() const { return m_source; }
    void set_source(std::string source) { m_source = std::move(source); }
    const Shape& input() const { return m_input; }
    const std::vector<Layer>& layers() const { return m_layers; }
    std::size_t size() const { return m_layers.size(); }
    const Layer& layer(std::size_t index) const { return m_layers.at(index); }

    /// Index of the layer called `name`, if any.
    std::optional<std::size_t> index_of(const std::string& name) const;
    /// The layer called `name`; throws specsim::Error (with a did-you-mean) if there is none.
    const Layer& find(const std::string& name) const;

    /// Appends a layer: resolves its inputs (empty = the previous layer, or the network input
    /// for the first layer), infers its output shape and returns the stored layer. Throws
    /// specsim::Error "layer 'name': …" for an empty, reserved or duplicate name, an input
    /// that is not an earlier layer, or shapes that do not fit. The network is unchanged
    /// when it throws.
    const Layer& add(Layer layer);

    /// Output shape of the last layer (the network input when there are no layers).
    Shape output() const;
    /// Indices of the layers that read layer `index`'s output.
    std::vector<std::size_t> consumers(std::size_t index) const;

    NetworkTotals totals() const;

private:
    std::string m_name;
    std::string m_source;
    Shape m_input;
    std::vector<Layer> m_layers;
};

}  // namespace specsim::workload
