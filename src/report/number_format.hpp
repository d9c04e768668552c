// SPDX-License-Identifier: MIT
// Locale-independent number formatting shared by the table, JSON and CSV writers, so every
// output of the same figures is byte-identical from run to run.
#pragma once

#include <cstdint>
#include <string>

namespace specsim::report {

/// Integer with thousands separators: 1234567 → "1,234,567".
std::string group_thousands(std::uint64_t n);

/// Fixed decimals with thousands separators in the integer part: (1234.5, 1) → "1,234.5".
std::string fixed_grouped(double x, int decimals);

/// The canonical text of a floating figure in JSON and CSV: 9 significant digits, shortest
/// form ("10", "0.25", "1.23456789e-07"); non-finite values become "0".
std::string canonical(double x);

/// `x` rounded to what canonical() prints, as a double (for JSON numbers).
double canonical_value(double x);

}  // namespace specsim::report
