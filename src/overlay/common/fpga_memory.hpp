// SPDX-License-Identifier: MIT
// On-chip memories of any overlay mapped onto Xilinx UltraScale+ primitives: block RAM
// (BRAM36 / BRAM18) and UltraRAM. Plain C++, shared by every overlay's resource model.
#pragma once

#include <cstdint>

namespace specsim::fpga {

/// BRAM36 units (a BRAM18 counts 0.5) of a depth × width_bits memory mapped onto Xilinx
/// block RAM primitives. One aspect ratio tiles the whole memory (what synthesis infers
/// for a simple memory): BRAM36 32K×1, 16K×2, 8K×4, 4K×9, 2K×18, 1K×36, 512×72 or BRAM18
/// 16K×1, 8K×2, 4K×4, 2K×9, 1K×18, 512×36, each as ⌈depth/d⌉·⌈width/w⌉ primitives; the
/// cheapest is returned. 0 for an empty memory. E.g. 64×32 → 0.5, 4096×64 → 8 (UG573).
double bram36_for(std::uint64_t depth, std::uint64_t width_bits);

/// UltraRAMs of a depth × width_bits memory. A URAM is 4096 × 72 bit with no other aspect
/// ratio (UG573), so narrow words are packed ⌊72 / width⌋ to a row (16-bit words: 4 per
/// row, 64 of the 72 bits): ⌈depth / (4096·⌊72/width⌋)⌉ URAMs; wider words take
/// ⌈width/72⌉ URAMs side by side per 4096 rows. 0 for an empty memory.
std::uint64_t uram_for(std::uint64_t depth, std::uint64_t width_bits);

}  // namespace specsim::fpga
