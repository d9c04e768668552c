// SPDX-License-Identifier: MIT
// The registration list of overlays.
#include "overlay/registry.hpp"

#include "overlay/spectral/spectral_overlay.hpp"
#include "overlay/systolic/systolic_overlay.hpp"
#include "util/did_you_mean.hpp"

namespace specsim::overlay {
namespace {

// One line per overlay.
const std::vector<const Overlay*>& registered()
{
    static const std::vector<const Overlay*> all = {
        &spectral_overlay(),
        &systolic_overlay(),
    };
    return all;
}

}  // namespace

const Overlay& find_overlay(const std::string& type)
{
    for (const Overlay* o : registered())
        if (o->type() == type) return *o;
    std::string known;
    for (const auto& t : overlay_types()) known += (known.empty() ? "" : ", ") + t;
    const std::string guess = closest_match(type, overlay_types());
    throw Error("unknown overlay type '" + type + "'" + (guess.empty() ? "" : "; did you mean '" + guess + "'?") +
                " (known: " + known + ")");
}

std::vector<std::string> overlay_types()
{
    std::vector<std::string> t;
    for (const Overlay* o : registered()) t.push_back(o->type());
    return t;
}

config::OverlayParser overlay_parser()
{
    return {overlay_types(),
            [](const std::string& type, config::MapReader& overlay) { return find_overlay(type).parse_params(overlay); }};
}

config::ArchParams parse_arch(const config::Node& root) { return config::parse_arch(root, overlay_parser()); }

}  // namespace specsim::overlay
