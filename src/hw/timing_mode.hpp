// SPDX-License-Identifier: MIT
// The two timing granularities (docs/architecture.md): identical results, different cost.
#pragma once

#include <string>

#include "util/error.hpp"

namespace specsim::hw {

enum class TimingMode { cycle, fast };

inline TimingMode parse_timing_mode(const std::string& s)
{
    if (s == "cycle") return TimingMode::cycle;
    if (s == "fast") return TimingMode::fast;
    throw Error("timing mode must be cycle or fast, got '" + s + "'");
}

}  // namespace specsim::hw
