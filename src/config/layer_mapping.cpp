// SPDX-License-Identifier: MIT
// Strict reading of a per-layer mapping file (format in layer_mapping.hpp).
#include "config/layer_mapping.hpp"

#include <algorithm>

#include "util/did_you_mean.hpp"

namespace specsim::config {

const LayerChoice* LayerMapping::find(const std::string& layer) const
{
    for (const auto& c : layers)
        if (c.layer == layer) return &c;
    return nullptr;
}

LayerMapping load_layer_mapping(const std::string& path, const DataflowChoice& choices)
{
    LayerMapping m;
    m.file = path;
    MapReader root(load_yaml_file(path, ""));
    MapReader map = root.map("mapping", "a per-layer mapping (specsim map writes it)");
    map.opt<std::string>("network", "", "the network the mapping was made for (informational)");
    map.opt<std::string>("cost", "", "the cost model the mapping was made with (informational)");
    for (const Node& n : map.seq("layers", "one entry per mapped layer")) {
        MapReader e(n);
        LayerChoice c;
        c.layer = e.get<std::string>("layer", "network layer name");
        c.algorithm = e.choice("algorithm", choices.algorithms, "", "conv algorithm for this layer");
        c.dataflow = e.choice("dataflow", choices.names, "", "dataflow for this layer");
        c.where = n;
        e.done();
        if (m.find(c.layer)) n.fail("layer '" + c.layer + "' is mapped twice");
        m.layers.push_back(std::move(c));
    }
    map.done();
    root.done();
    return m;
}

void check_mapped_layers(const LayerMapping& m, const std::vector<std::string>& layer_names,
                         const std::vector<std::string>& mappable,
                         const std::function<std::string(const std::string&)>& kind_of)
{
    for (const auto& c : m.layers) {
        if (std::find(layer_names.begin(), layer_names.end(), c.layer) != layer_names.end()) {
            if (std::find(mappable.begin(), mappable.end(), c.layer) == mappable.end())
                c.where.fail("layer '" + c.layer + "' is a " + kind_of(c.layer) +
                             " layer; a mapping names conv and fc layers");
            continue;
        }
        const std::string guess = closest_match(c.layer, layer_names);
        c.where.fail("layer '" + c.layer + "' is not in the network" +
                     (guess.empty() ? std::string() : "; did you mean '" + guess + "'?"));
    }
}

}  // namespace specsim::config
