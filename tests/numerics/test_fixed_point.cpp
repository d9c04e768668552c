// SPDX-License-Identifier: MIT
// Fixed-point quantisation: error bound, rounding of ties, saturation, raw round-trips.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "numerics/fixed_point.hpp"
#include "numerics/random.hpp"
#include "util/error.hpp"

using namespace specsim::numerics;

TEST_CASE("format validation", "[fixed]")
{
    CHECK_NOTHROW(validate(FixedFormat{16, 8}));
    CHECK_NOTHROW(validate(FixedFormat{1, 0}));
    CHECK_NOTHROW(validate(FixedFormat{32, 31}));
    CHECK_THROWS_WITH(validate(FixedFormat{0, 0}), Catch::Contains("word_bits"));
    CHECK_THROWS_WITH(validate(FixedFormat{33, 0}), Catch::Contains("word_bits"));
    CHECK_THROWS_WITH(validate(FixedFormat{16, 16}), Catch::Contains("frac_bits"));
    CHECK_THROWS_WITH(validate(FixedFormat{16, -1}), Catch::Contains("frac_bits"));
    CHECK_THROWS_AS(quantize(1.0, FixedFormat{40, 3}), specsim::Error);
}

TEST_CASE("quantisation error is at most half an LSB in range", "[fixed]")
{
    Rng rng(7);
    for (const FixedFormat f : {FixedFormat{16, 8}, FixedFormat{16, 14}, FixedFormat{8, 0},
                                FixedFormat{32, 20}, FixedFormat{12, 11}, FixedFormat{2, 1}}) {
        const double lo = min_value(f), hi = max_value(f);
        const double bound = std::ldexp(1.0, -(f.frac_bits + 1));
        int failures = 0;
        for (int k = 0; k < 20000; ++k) {
            const double x = lo + (hi - lo) * rng.uniform01();
            const double q = quantize(x, f);
            if (!(std::fabs(q - x) <= bound)) ++failures;
            if (!(q >= lo && q <= hi)) ++failures;
        }
        INFO("Q word " << f.word_bits << " frac " << f.frac_bits);
        CHECK(failures == 0);
        CHECK(quantize(hi, f) == hi);
        CHECK(quantize(lo, f) == lo);
    }
}

TEST_CASE("ties round away from zero", "[fixed]")
{
    const FixedFormat f{16, 2};  // LSB 0.25
    CHECK(quantize(0.125, f) == 0.25);
    CHECK(quantize(-0.125, f) == -0.25);
    CHECK(quantize(0.375, f) == 0.5);
    CHECK(quantize(-0.375, f) == -0.5);
    CHECK(quantize(0.1, f) == 0.0);
    CHECK(to_raw(1.0, f) == 4);
}

TEST_CASE("saturation at the range ends", "[fixed]")
{
    const FixedFormat f{8, 4};  // raw [-128, 127], values [-8, 7.9375]
    CHECK(min_raw(f) == -128);
    CHECK(max_raw(f) == 127);
    CHECK(max_value(f) == 7.9375);
    CHECK(min_value(f) == -8.0);
    CHECK(quantize(7.97, f) == 7.9375);  // would round to 8.0, saturates
    CHECK(quantize(100.0, f) == 7.9375);
    CHECK(quantize(-8.03, f) == -8.0);
    CHECK(quantize(-1e300, f) == -8.0);
    CHECK(quantize(std::numeric_limits<double>::infinity(), f) == 7.9375);
    CHECK(to_raw(-std::numeric_limits<double>::infinity(), f) == -128);
    CHECK_THROWS_AS(to_raw(std::nan(""), f), specsim::Error);
    const FixedFormat w32{32, 0};
    CHECK(to_raw(1e12, w32) == 2147483647);
    CHECK(to_raw(-1e12, w32) == -2147483648LL);
}

TEST_CASE("raw integers round-trip", "[fixed]")
{
    for (const FixedFormat f : {FixedFormat{16, 8}, FixedFormat{1, 0}, FixedFormat{32, 31}, FixedFormat{5, 2}}) {
        const std::int64_t lo = min_raw(f), hi = max_raw(f);
        const std::int64_t step = std::max<std::int64_t>(1, (hi - lo) / 5000);
        for (std::int64_t r = lo; r <= hi; r += step) CHECK(to_raw(from_raw(r, f), f) == r);
        CHECK(to_raw(from_raw(hi, f), f) == hi);
        CHECK_THROWS_AS(from_raw(hi + 1, f), specsim::Error);
        CHECK_THROWS_AS(from_raw(lo - 1, f), specsim::Error);
    }
}

TEST_CASE("complex quantisation handles both parts", "[fixed]")
{
    const FixedFormat f{16, 8};
    const cplx q = quantize(cplx(0.30, -0.71), f);
    CHECK(q.real() == 77.0 / 256);
    CHECK(q.imag() == -182.0 / 256);
    const ComplexRaw r = to_raw(cplx(200.0, -0.5), f);
    CHECK(r.re == 32767);
    CHECK(r.im == -128);
    CHECK(from_raw(r, f) == cplx(32767.0 / 256, -0.5));
}
