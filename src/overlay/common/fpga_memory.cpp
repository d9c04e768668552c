// SPDX-License-Identifier: MIT
// BRAM and URAM mapping (model in fpga_memory.hpp).
#include "overlay/common/fpga_memory.hpp"

#include <algorithm>
#include <limits>

namespace specsim::fpga {
namespace {

struct Aspect {
    std::uint64_t depth, width;
    double cost;  // BRAM36 units
};

constexpr Aspect k_aspects[] = {
    {32768, 1, 1.0}, {16384, 2, 1.0}, {8192, 4, 1.0}, {4096, 9, 1.0}, {2048, 18, 1.0}, {1024, 36, 1.0},
    {512, 72, 1.0},  {16384, 1, 0.5}, {8192, 2, 0.5}, {4096, 4, 0.5}, {2048, 9, 0.5},  {1024, 18, 0.5},
    {512, 36, 0.5},
};

constexpr std::uint64_t kUramDepth = 4096, kUramWidth = 72;

std::uint64_t div_up(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }

}  // namespace

double bram36_for(std::uint64_t depth, std::uint64_t width_bits)
{
    if (depth == 0 || width_bits == 0) return 0.0;
    double best = std::numeric_limits<double>::infinity();
    for (const Aspect& a : k_aspects)
        best = std::min(best, static_cast<double>(div_up(depth, a.depth) * div_up(width_bits, a.width)) * a.cost);
    return best;
}

std::uint64_t uram_for(std::uint64_t depth, std::uint64_t width_bits)
{
    if (depth == 0 || width_bits == 0) return 0;
    if (width_bits <= kUramWidth) return div_up(depth, kUramDepth * (kUramWidth / width_bits));
    return div_up(depth, kUramDepth) * div_up(width_bits, kUramWidth);
}

}  // namespace specsim::fpga
