// SPDX-License-Identifier: MIT
// The partitioning dynamic program, its baselines and the brute-force check.
#include "partition/partitioner.hpp"

#include <algorithm>
#include <limits>

#include "util/error.hpp"

namespace specsim::partition {

namespace {

Segment make_segment(const Problem& p, std::size_t u0, std::size_t u1)
{
    Segment s;
    s.first_unit = u0;
    s.last_unit = u1;
    s.first_layer = p.units[u0].first;
    s.last_layer = p.units[u1].last;
    s.closure = closure(*p.net, s.first_layer, s.last_layer, p.opt);
    s.traffic = segment_traffic(*p.net, s.first_layer, s.last_layer, p.opt);
    for (std::size_t i = s.first_layer; i <= s.last_layer; ++i) s.macs += p.net->layer(i).macs();
    s.fits = s.closure.bytes() <= p.capacity_bytes;
    if (p.ddr_bytes_per_second > 0) s.ddr_ms = 1e3 * static_cast<double>(s.traffic.total()) / p.ddr_bytes_per_second;
    return s;
}

void check(const Problem& p)
{
    if (!p.net) throw Error("partition: no network");
    if (p.units.empty()) throw Error("partition: network '" + p.net->name() + "' has no layers");
    if (p.capacity_bytes < 0) throw Error("partition: negative capacity");
}

}  // namespace

Partition evaluate(const Problem& p, const std::vector<std::size_t>& starts, std::string scheme)
{
    check(p);
    if (starts.empty() || starts.front() != 0)
        throw Error("partition: the first segment must start at the first unit");
    for (std::size_t k = 1; k < starts.size(); ++k)
        if (starts[k] <= starts[k - 1] || starts[k] >= p.units.size())
            throw Error("partition: segment starts must increase and lie within the " +
                        std::to_string(p.units.size()) + " units");
    Partition part;
    part.scheme = std::move(scheme);
    for (std::size_t k = 0; k < starts.size(); ++k) {
        const std::size_t end = k + 1 < starts.size() ? starts[k + 1] - 1 : p.units.size() - 1;
        Segment s = make_segment(p, starts[k], end);
        part.traffic.fmap_read_bytes += s.traffic.fmap_read_bytes;
        part.traffic.fmap_write_bytes += s.traffic.fmap_write_bytes;
        part.traffic.filter_bytes += s.traffic.filter_bytes;
        part.max_closure_bytes = std::max(part.max_closure_bytes, s.closure.bytes());
        part.ddr_ms += s.ddr_ms;
        part.segments.push_back(std::move(s));
    }
    return part;
}

Partition optimal(const Problem& p)
{
    check(p);
    const std::size_t n = p.units.size();
    constexpr std::int64_t inf = std::numeric_limits<std::int64_t>::max();
    // opt[j]: least traffic of units [0, j); segs[j]: its segment count; from[j]: where its
    // last segment starts.
    std::vector<std::int64_t> opt(n + 1, inf);
    std::vector<std::size_t> segs(n + 1, 0), from(n + 1, 0);
    opt[0] = 0;
    for (std::size_t j = 1; j <= n; ++j) {
        for (std::size_t i = j; i-- > 0;) {  // last segment = units [i, j − 1], growing backwards
            const std::size_t l0 = p.units[i].first, l1 = p.units[j - 1].last;
            if (i + 1 < j && closure(*p.net, l0, l1, p.opt).bytes() > p.capacity_bytes)
                break;  // a closure only grows as the segment grows: no earlier start fits
            const std::int64_t cost = opt[i] + segment_traffic(*p.net, l0, l1, p.opt).total();
            if (cost < opt[j] || (cost == opt[j] && segs[i] + 1 <= segs[j])) {
                opt[j] = cost;
                segs[j] = segs[i] + 1;
                from[j] = i;
            }
        }
    }
    std::vector<std::size_t> starts;
    for (std::size_t j = n; j > 0; j = from[j]) starts.push_back(from[j]);
    std::reverse(starts.begin(), starts.end());
    return evaluate(p, starts, "optimal");
}

Partition layer_by_layer(const Problem& p)
{
    check(p);
    std::vector<std::size_t> starts(p.units.size());
    for (std::size_t k = 0; k < starts.size(); ++k) starts[k] = k;
    return evaluate(p, starts, "layer");
}

Partition fixed_groups(const Problem& p, std::size_t group)
{
    check(p);
    if (group < 1) throw Error("partition: a fixed group holds at least one unit");
    std::vector<std::size_t> starts;
    for (std::size_t k = 0; k < p.units.size(); k += group) {
        const std::size_t end = std::min(k + group, p.units.size()) - 1;
        const bool fits = closure(*p.net, p.units[k].first, p.units[end].last, p.opt).bytes() <= p.capacity_bytes;
        for (std::size_t u = k; u <= end; ++u)
            if (u == k || !fits) starts.push_back(u);
    }
    return evaluate(p, starts, "fixed" + std::to_string(group));
}

Partition brute_force(const Problem& p)
{
    check(p);
    const std::size_t n = p.units.size();
    if (n > 20) throw Error("partition: brute force is for networks of at most 20 units (this one has " +
                            std::to_string(n) + ")");
    std::int64_t best = std::numeric_limits<std::int64_t>::max();
    std::size_t best_segs = 0;
    std::vector<std::size_t> best_starts;
    for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << (n - 1)); ++mask) {
        std::vector<std::size_t> starts{0};
        for (std::size_t c = 0; c + 1 < n; ++c)
            if (mask >> c & 1) starts.push_back(c + 1);
        std::int64_t traffic = 0;
        bool ok = true;
        for (std::size_t k = 0; k < starts.size() && ok; ++k) {
            const std::size_t u1 = k + 1 < starts.size() ? starts[k + 1] - 1 : n - 1;
            const std::size_t l0 = p.units[starts[k]].first, l1 = p.units[u1].last;
            if (u1 > starts[k] && closure(*p.net, l0, l1, p.opt).bytes() > p.capacity_bytes) ok = false;
            else traffic += segment_traffic(*p.net, l0, l1, p.opt).total();
        }
        if (ok && (traffic < best || (traffic == best && starts.size() < best_segs))) {
            best = traffic;
            best_segs = starts.size();
            best_starts = starts;
        }
    }
    return evaluate(p, best_starts, "brute_force");
}

std::int64_t full_reuse_capacity(const Problem& p)
{
    check(p);
    return closure(*p.net, p.units.front().first, p.units.back().last, p.opt).bytes();
}

}  // namespace specsim::partition
