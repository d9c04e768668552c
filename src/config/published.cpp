// SPDX-License-Identifier: MIT
#include "config/published.hpp"

namespace specsim::config {

PublishedFigures parse_published(const Node& experiment_root)
{
    PublishedFigures p;
    if (!experiment_root.is_map()) return p;
    const YAML::Node& y = experiment_root.yaml();
    const YAML::Node pub = y["published"];  // const lookup: does not insert
    if (!pub || pub.IsNull() || (pub.IsMap() && pub.size() == 0)) return p;  // absent (map_opt adds {})
    MapReader top(experiment_root);
    MapReader r = top.map_opt("published", "published figures to compare with in tables");
    p.present = true;
    p.source = r.get<std::string>("source", "where the figures come from (paper, section)");
    p.latency_s = r.opt<Duration>("latency", "0s", "published end-to-end latency of the network (0 = not given)").seconds;
    p.baseline_latency_s =
        r.opt<Duration>("baseline_latency", "0s", "latency of the paper's baseline design (0 = not given)").seconds;
    p.transfer_reduction_pct = r.opt<double>("transfer_reduction_percent", 0.0,
                                             "published DDR transfer reduction of the flexible dataflow, percent");
    r.done();
    return p;
}

}  // namespace specsim::config
