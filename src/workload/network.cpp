// SPDX-License-Identifier: MIT
// Network graph construction: input resolution, shape inference and totals.
#include "workload/network.hpp"

#include "util/did_you_mean.hpp"
#include "util/error.hpp"

namespace specsim::workload {

Network::Network(std::string name, Shape input) : m_name(std::move(name)), m_input(input)
{
    if (input.c < 1 || input.h < 1 || input.w < 1)
        throw Error("network '" + m_name + "': input shape " + input.str() +
                    " must be at least 1x1x1");
}

std::optional<std::size_t> Network::index_of(const std::string& name) const
{
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        if (m_layers[i].name == name) return i;
    return std::nullopt;
}

const Layer& Network::find(const std::string& name) const
{
    if (auto i = index_of(name)) return m_layers[*i];
    std::vector<std::string> names;
    for (const Layer& l : m_layers) names.push_back(l.name);
    throw Error("network '" + m_name + "' has no layer '" + name + "'" +
                did_you_mean_suffix(name, names));
}

const Layer& Network::add(Layer layer)
{
    const std::string prefix = "layer '" + layer.name + "': ";
    if (layer.name.empty()) throw Error("layer " + std::to_string(m_layers.size()) + ": empty name");
    if (layer.name == input_name)
        throw Error(prefix + "the name '" + input_name + "' is reserved for the network input");
    if (index_of(layer.name)) throw Error(prefix + "duplicate layer name");

    if (layer.inputs.empty())
        layer.inputs.push_back(m_layers.empty() ? std::string(input_name) : m_layers.back().name);
    layer.input_ids.clear();
    layer.input_shapes.clear();
    for (const std::string& in : layer.inputs) {
        if (in == input_name) {
            layer.input_ids.push_back(-1);
            layer.input_shapes.push_back(m_input);
            continue;
        }
        const auto id = index_of(in);
        if (!id) {
            std::vector<std::string> names{input_name};
            for (const Layer& l : m_layers) names.push_back(l.name);
            throw Error(prefix + "input '" + in + "' is not an earlier layer" +
                        did_you_mean_suffix(in, names));
        }
        layer.input_ids.push_back(static_cast<int>(*id));
        layer.input_shapes.push_back(m_layers[*id].output);
    }

    try {
        layer.output = infer_output_shape(layer);
    } catch (const Error& e) {
        throw Error(prefix + e.what());
    }
    if (layer.output.c < 1 || layer.output.h < 1 || layer.output.w < 1)
        throw Error(prefix + "output shape " + layer.output.str() + " is empty");
    m_layers.push_back(std::move(layer));
    return m_layers.back();
}

Shape Network::output() const { return m_layers.empty() ? m_input : m_layers.back().output; }

std::vector<std::size_t> Network::consumers(std::size_t index) const
{
    std::vector<std::size_t> out;
    for (std::size_t i = index + 1; i < m_layers.size(); ++i)
        for (int id : m_layers[i].input_ids)
            if (id == static_cast<int>(index)) {
                out.push_back(i);
                break;
            }
    return out;
}

NetworkTotals Network::totals() const
{
    NetworkTotals t;
    for (const Layer& l : m_layers) {
        if (l.kind == LayerKind::Conv) {
            t.conv_macs += l.macs();
            ++t.conv_layers;
        } else if (l.kind == LayerKind::Fc) {
            t.fc_macs += l.macs();
            ++t.fc_layers;
        }
        t.weights += l.weights();
        t.biases += l.biases();
    }
    t.macs = t.conv_macs + t.fc_macs;
    t.params = t.weights + t.biases;
    return t;
}

}  // namespace specsim::workload
