// SPDX-License-Identifier: MIT
// The one unit parser: every accepted unit, rejections, and round trips through to_string.
#include <catch2/catch.hpp>

#include "config/units.hpp"
#include "util/did_you_mean.hpp"
#include "util/error.hpp"

using namespace specsim;

TEST_CASE("frequencies parse with SI prefixes", "[units]")
{
    CHECK(parse_frequency("200MHz").hz == Approx(200e6));
    CHECK(parse_frequency("1.2 GHz").hz == Approx(1.2e9));
    CHECK(parse_frequency("50kHz").hz == Approx(5e4));
    CHECK(parse_frequency("7Hz").hz == Approx(7));
    CHECK(parse_frequency("200MHz").period_s() == Approx(5e-9));
}

TEST_CASE("bandwidths parse in bytes and bits, decimal and binary", "[units]")
{
    CHECK(parse_bandwidth("19.2GB/s").bytes_per_s == Approx(19.2e9));
    CHECK(parse_bandwidth("8Gb/s").bytes_per_s == Approx(1e9));
    CHECK(parse_bandwidth("1GiB/s").bytes_per_s == Approx(1073741824.0));
    CHECK(parse_bandwidth("512 MB/s").bytes_per_s == Approx(512e6));
}

TEST_CASE("sizes are exact in bits", "[units]")
{
    CHECK(parse_data_size("36Kib").bits == 36u * 1024u);
    CHECK(parse_data_size("36Kib").bytes() == Approx(4608));
    CHECK(parse_data_size("4MiB").bits == 4ull * 1024 * 1024 * 8);
    CHECK(parse_data_size("64B").bits == 512u);
    CHECK(parse_data_size("1kB").bits == 8000u);
    CHECK(parse_data_size("3b").bits == 3u);
    CHECK_THROWS_WITH(parse_data_size("0.3b"), Catch::Contains("whole number of bits"));
}

TEST_CASE("times parse down to picoseconds", "[units]")
{
    CHECK(parse_duration("9ms").seconds == Approx(9e-3));
    CHECK(parse_duration("100ns").seconds == Approx(1e-7));
    CHECK(parse_duration("2.5us").seconds == Approx(2.5e-6));
    CHECK(parse_duration("833ps").seconds == Approx(833e-12));
    CHECK(parse_duration("1s").seconds == Approx(1));
}

TEST_CASE("bad quantities are rejected with the accepted units named", "[units]")
{
    CHECK_THROWS_AS(parse_frequency("200"), Error);
    CHECK_THROWS_WITH(parse_frequency("200"), Catch::Contains("needs a unit"));
    CHECK_THROWS_WITH(parse_frequency("200MHZ"), Catch::Contains("unknown frequency unit 'MHZ'"));
    CHECK_THROWS_WITH(parse_frequency("fast"), Catch::Contains("expected a frequency"));
    CHECK_THROWS_WITH(parse_bandwidth("-1GB/s"), Catch::Contains("non-negative"));
    CHECK_THROWS_WITH(parse_data_size("12 parsecs"), Catch::Contains("accepted: B, KiB"));
    CHECK_THROWS_AS(parse_duration("5 fortnights"), Error);
}

TEST_CASE("to_string picks a readable unit and parses back to the same value", "[units]")
{
    CHECK(to_string(Frequency{200e6}) == "200MHz");
    CHECK(to_string(Bandwidth{19.2e9}) == "19.2GB/s");
    CHECK(to_string(DataSize{36 * 1024}) == "4.5KiB");
    CHECK(to_string(DataSize{3}) == "3b");
    CHECK(to_string(Duration{9e-3}) == "9ms");
    for (const char* s : {"200MHz", "1.5GHz", "300kHz"})
        CHECK(parse_frequency(to_string(parse_frequency(s))).hz == Approx(parse_frequency(s).hz));
    for (const char* s : {"36Kib", "4MiB", "64B", "1kB"})
        CHECK(parse_data_size(to_string(parse_data_size(s))).bits == parse_data_size(s).bits);
}

TEST_CASE("did-you-mean finds near misses and nothing for unrelated words", "[units][dym]")
{
    const std::vector<std::string> keys = {"replicas", "kernels_parallel", "tiles_parallel", "fft_size"};
    CHECK(closest_match("replicass", keys) == "replicas");
    CHECK(closest_match("repilcas", keys) == "replicas");  // transposition
    CHECK(closest_match("fft_szie", keys) == "fft_size");
    CHECK(closest_match("kernels", keys) == "kernels_parallel");  // prefix
    CHECK(closest_match("banana", keys).empty());
    CHECK(edit_distance("abc", "acb") == 1);
    CHECK(edit_distance("", "abc") == 3);
}
