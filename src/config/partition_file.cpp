// SPDX-License-Identifier: MIT
// Strict reading of a partition file (format in partition_file.hpp).
#include "config/partition_file.hpp"

#include <algorithm>

#include "util/did_you_mean.hpp"

namespace specsim::config {

PartitionFile load_partition_file(const std::string& path)
{
    PartitionFile p;
    p.file = path;
    MapReader root(load_yaml_file(path, ""));
    MapReader map = root.map("partition", "a cross-layer partition (specsim partition --format yaml writes it)");
    map.opt<std::string>("network", "", "the network the partition was made for (informational)");
    map.opt<std::uint64_t>("capacity_bytes", 0, "the on-chip capacity it was made for (informational)");
    for (const Node& n : map.seq("segments", "one entry per segment, in network order")) {
        MapReader e(n);
        SegmentSpan s;
        s.first = e.get<std::string>("first", "the segment's first layer");
        s.last = e.get<std::string>("last", "the segment's last layer");
        s.where = n;
        e.done();
        p.segments.push_back(std::move(s));
    }
    map.done();
    root.done();
    if (p.segments.empty()) throw Error(path + ": partition.segments: a partition has at least one segment");
    return p;
}

std::vector<std::size_t> check_partition_file(const PartitionFile& p, const std::vector<std::string>& layer_names)
{
    auto index_of = [&](const std::string& name, const Node& where) {
        const auto it = std::find(layer_names.begin(), layer_names.end(), name);
        if (it != layer_names.end()) return static_cast<std::size_t>(it - layer_names.begin());
        const std::string guess = closest_match(name, layer_names);
        where.fail("layer '" + name + "' is not in the network" +
                   (guess.empty() ? std::string() : "; did you mean '" + guess + "'?"));
        return std::size_t{0};
    };
    std::vector<std::size_t> starts;
    std::size_t next = 0;
    for (const SegmentSpan& s : p.segments) {
        const std::size_t a = index_of(s.first, s.where), b = index_of(s.last, s.where);
        if (b < a) s.where.fail("segment " + s.first + ".." + s.last + ": its last layer comes before its first");
        if (a != next)
            s.where.fail("segment " + s.first + ".." + s.last + " should start at layer '" +
                         (next < layer_names.size() ? layer_names[next] : std::string("(none)")) +
                         "': segments cover every layer once, in network order");
        starts.push_back(a);
        next = b + 1;
    }
    if (next != layer_names.size())
        p.segments.back().where.fail("the segments end at '" + layer_names[next - 1] + "'; layer '" + layer_names[next] +
                                     "' and the ones after it are in no segment");
    return starts;
}

}  // namespace specsim::config
