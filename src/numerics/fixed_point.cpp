// SPDX-License-Identifier: MIT
// Fixed-point quantisation. Scaling by 2^frac_bits is exact in double, so the only
// rounding is std::round (half away from zero), and ≤ 32-bit raws are exact in double.
#include "numerics/fixed_point.hpp"

#include <cmath>
#include <string>

#include "util/error.hpp"

namespace specsim::numerics {

void validate(const FixedFormat& f)
{
    if (f.word_bits < 1 || f.word_bits > 32)
        throw Error("fixed-point word_bits must be in [1, 32], got " + std::to_string(f.word_bits));
    if (f.frac_bits < 0 || f.frac_bits >= f.word_bits)
        throw Error("fixed-point frac_bits must be in [0, word_bits) = [0, " +
                    std::to_string(f.word_bits) + "), got " + std::to_string(f.frac_bits));
}

std::int64_t min_raw(const FixedFormat& f)
{
    validate(f);
    return -(std::int64_t{1} << (f.word_bits - 1));
}

std::int64_t max_raw(const FixedFormat& f)
{
    validate(f);
    return (std::int64_t{1} << (f.word_bits - 1)) - 1;
}

double lsb(const FixedFormat& f)
{
    validate(f);
    return std::ldexp(1.0, -f.frac_bits);
}

double min_value(const FixedFormat& f) { return static_cast<double>(min_raw(f)) * lsb(f); }
double max_value(const FixedFormat& f) { return static_cast<double>(max_raw(f)) * lsb(f); }

std::int64_t to_raw(double x, const FixedFormat& f)
{
    validate(f);
    if (std::isnan(x)) throw Error("cannot quantise NaN to fixed point");
    const double lo = static_cast<double>(min_raw(f));
    const double hi = static_cast<double>(max_raw(f));
    const double r = std::round(std::ldexp(x, f.frac_bits));  // ±inf stays ±inf
    if (r <= lo) return min_raw(f);
    if (r >= hi) return max_raw(f);
    return static_cast<std::int64_t>(r);
}

double from_raw(std::int64_t raw, const FixedFormat& f)
{
    if (raw < min_raw(f) || raw > max_raw(f))
        throw Error("raw fixed-point value " + std::to_string(raw) + " out of range [" +
                    std::to_string(min_raw(f)) + ", " + std::to_string(max_raw(f)) + "] for Q" +
                    std::to_string(f.word_bits - f.frac_bits) + "." + std::to_string(f.frac_bits));
    return std::ldexp(static_cast<double>(raw), -f.frac_bits);
}

double quantize(double x, const FixedFormat& f) { return from_raw(to_raw(x, f), f); }

cplx quantize(cplx x, const FixedFormat& f) { return {quantize(x.real(), f), quantize(x.imag(), f)}; }

ComplexRaw to_raw(cplx x, const FixedFormat& f) { return {to_raw(x.real(), f), to_raw(x.imag(), f)}; }

cplx from_raw(ComplexRaw raw, const FixedFormat& f) { return {from_raw(raw.re, f), from_raw(raw.im, f)}; }

}  // namespace specsim::numerics
