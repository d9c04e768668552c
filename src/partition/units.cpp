// SPDX-License-Identifier: MIT
// Grouping layers into units: output-path layers join their producer.
#include "partition/units.hpp"

#include <algorithm>

#include "util/error.hpp"

namespace specsim::partition {

namespace {

bool output_path_kind(workload::LayerKind k, const UnitOptions& opt)
{
    if (k == workload::LayerKind::MaxPool || k == workload::LayerKind::AvgPool) return opt.fuse_pooling;
    return std::find(opt.output_path_kinds.begin(), opt.output_path_kinds.end(), k) != opt.output_path_kinds.end();
}

}  // namespace

std::vector<Unit> make_units(const workload::Network& net, const UnitOptions& opt)
{
    std::vector<Unit> units;
    const auto& layers = net.layers();
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const auto& l = layers[i];
        const bool joins = !units.empty() && output_path_kind(l.kind, opt) && l.input_ids.size() == 1 &&
                           l.input_ids[0] == static_cast<int>(i) - 1 && net.consumers(i - 1).size() == 1;
        if (joins)
            units.back().last = i;
        else
            units.push_back(Unit{i, i, l.name});
    }
    return units;
}

std::size_t unit_of(const std::vector<Unit>& units, std::size_t layer)
{
    auto it = std::upper_bound(units.begin(), units.end(), layer,
                               [](std::size_t l, const Unit& u) { return l < u.first; });
    if (it == units.begin()) throw Error("layer index " + std::to_string(layer) + " is in no unit");
    return static_cast<std::size_t>(std::prev(it) - units.begin());
}

}  // namespace specsim::partition
