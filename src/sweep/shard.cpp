// SPDX-License-Identifier: MIT
// Parsing of `--shard I/N` and the selection of a shard's points.
#include "sweep/shard.hpp"

#include <exception>

#include "util/error.hpp"

namespace specsim::sweep {

Shard parse_shard(const std::string& text)
{
    if (text.empty()) return {};
    const auto slash = text.find('/');
    try {
        if (slash != std::string::npos) {
            const Shard sh{std::stoul(text.substr(0, slash)), std::stoul(text.substr(slash + 1))};
            if (sh.count >= 1 && sh.index < sh.count) return sh;
        }
    } catch (const std::exception&) {
    }
    throw Error("--shard must be I/N with 0 <= I < N, got '" + text + "'");
}

std::vector<Point> select_shard(const std::vector<Point>& points, const Shard& shard)
{
    std::vector<Point> out;
    for (const auto& p : points)
        if (p.index % shard.count == shard.index) out.push_back(p);
    return out;
}

}  // namespace specsim::sweep
