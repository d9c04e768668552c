// SPDX-License-Identifier: MIT
// Signed two's-complement fixed-point formats (e.g. the 16-bit datapath of PAPERS.md §1):
// round-half-away-from-zero quantisation with saturation, raw integer conversion.
#pragma once

#include <cstdint>

#include "numerics/tensor.hpp"

namespace specsim::numerics {

/// Signed fixed-point format: word_bits total bits (sign included), frac_bits of them
/// fractional. Value = raw · 2^−frac_bits with raw in [−2^(word_bits−1), 2^(word_bits−1) − 1].
/// Valid: 1 ≤ word_bits ≤ 32, 0 ≤ frac_bits < word_bits.
struct FixedFormat {
    int word_bits = 16;
    int frac_bits = 8;
};

/// Throws specsim::Error naming the bad field unless the format is valid.
void validate(const FixedFormat& f);

std::int64_t min_raw(const FixedFormat& f);  ///< −2^(word_bits−1)
std::int64_t max_raw(const FixedFormat& f);  ///< 2^(word_bits−1) − 1
double lsb(const FixedFormat& f);            ///< 2^−frac_bits (value of one raw step)
double min_value(const FixedFormat& f);      ///< min_raw · lsb
double max_value(const FixedFormat& f);      ///< max_raw · lsb

/// Raw integer of the nearest representable value: round(x · 2^frac_bits) with ties away
/// from zero, saturated to [min_raw, max_raw] (±inf saturate too). Throws specsim::Error
/// for NaN or an invalid format.
std::int64_t to_raw(double x, const FixedFormat& f);

/// raw · 2^−frac_bits; throws specsim::Error if raw is outside [min_raw, max_raw].
double from_raw(std::int64_t raw, const FixedFormat& f);

/// from_raw(to_raw(x)). For min_value ≤ x ≤ max_value, |quantize(x) − x| ≤ 2^−(frac_bits+1).
double quantize(double x, const FixedFormat& f);

/// Quantises real and imaginary parts independently (a complex word is 2 × word_bits).
cplx quantize(cplx x, const FixedFormat& f);

/// Raw integers of the real and imaginary parts.
struct ComplexRaw {
    std::int64_t re = 0;
    std::int64_t im = 0;
};
ComplexRaw to_raw(cplx x, const FixedFormat& f);
cplx from_raw(ComplexRaw raw, const FixedFormat& f);

}  // namespace specsim::numerics
