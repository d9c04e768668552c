// SPDX-License-Identifier: MIT
// Derived figures on hand-computed stats, totals as sums of counters, zero guards and the
// canonical number formatting.
#include <catch2/catch.hpp>

#include "report/derived.hpp"
#include "report/number_format.hpp"
#include "sample_run.hpp"

using namespace specsim;
using namespace specsim::report;

TEST_CASE("derived figures of one layer", "[derived]")
{
    const auto info = test::sample_info();
    const auto layers = test::sample_layers();
    const Derived d = derive(layers[0], info);
    CHECK(d.time_ms == Approx(10.0));  // 2,000,000 cycles at 200 MHz
    CHECK(d.ddr_input_mb == Approx(10.0));
    CHECK(d.ddr_kernel_mb == Approx(6.0));
    CHECK(d.ddr_index_mb == Approx(1.0));
    CHECK(d.ddr_output_mb == Approx(3.0));
    CHECK(d.ddr_total_mb == Approx(20.0));
    CHECK(d.bandwidth_gbps == Approx(2.0));  // 20e6 bytes / 10 ms
    CHECK(d.dsp_busy_frac == Approx(0.5));   // 64e6 / (2e6 · 64)
    CHECK(d.pe_issue_eff == Approx(0.8));    // 64e6 / 80e6
    CHECK(d.ddr_busy_frac == Approx(0.5));
    CHECK(d.pe_stall_frac == Approx(0.25));

    const Derived d2 = derive(layers[2], info);
    CHECK(d2.time_ms == Approx(15.0));
    CHECK(d2.bandwidth_gbps == Approx(3.0));
    CHECK(d2.dsp_busy_frac == Approx(0.75));
    CHECK(d2.pe_issue_eff == Approx(0.9));
}

TEST_CASE("a skipped layer derives to zeros", "[derived]")
{
    const Derived d = derive(test::sample_layers()[1], test::sample_info());
    CHECK(d.time_ms == 0);
    CHECK(d.ddr_total_mb == 0);
    CHECK(d.bandwidth_gbps == 0);
    CHECK(d.dsp_busy_frac == 0);
    CHECK(d.pe_issue_eff == 0);
}

TEST_CASE("zero denominators give zero, not NaN or inf", "[derived]")
{
    auto info = test::sample_info();
    auto s = test::sample_layers()[0];
    info.clock_hz = 0;
    info.pe_lanes = 0;
    s.pe_slots = 0;
    Derived d = derive(s, info);
    CHECK(d.time_ms == 0);
    CHECK(d.bandwidth_gbps == 0);
    CHECK(d.dsp_busy_frac == 0);
    CHECK(d.pe_issue_eff == 0);
    s.cycles = 0;
    d = derive(s, test::sample_info());
    CHECK(d.bandwidth_gbps == 0);
    CHECK(d.ddr_busy_frac == 0);
    CHECK(d.ddr_total_mb == Approx(20.0));  // bytes without time still count
    CHECK(cycles_to_ms(200, 200e6) == Approx(1e-3));
}

TEST_CASE("totals are sums of counters, figures derived from the sums", "[derived]")
{
    const auto info = test::sample_info();
    const auto layers = test::sample_layers();
    const stats::LayerStats t = sum_stats(layers);
    CHECK(t.layer == "TOTAL");
    CHECK(t.cycles == 5'000'000);
    CHECK(t.compute_cycles == 3'750'000);
    CHECK(t.mac_ops == 208'000'000);
    CHECK(t.pe_slots == 240'000'000);
    CHECK(t.value("bubbles") == 1'234'567);
    CHECK(t.value("read_conflicts") == 103'086);
    CHECK(t.pe_stall_cycles == 750'000);
    CHECK(t.value("fft_busy_cycles") == 2'000'000);
    CHECK(t.value("ifft_busy_cycles") == 1'800'000);
    CHECK(t.ddr_input_bytes == 15'000'000);
    CHECK(t.ddr_kernel_bytes == 41'000'000);
    CHECK(t.ddr_index_bytes == 3'000'000);
    CHECK(t.ddr_output_bytes == 6'000'000);
    CHECK(t.ddr_busy_cycles == 3'400'000);
    CHECK(count_skipped(layers) == 1);

    const Derived d = derive(t, info);
    CHECK(d.time_ms == Approx(25.0));
    CHECK(d.ddr_total_mb == Approx(65.0));
    CHECK(d.bandwidth_gbps == Approx(2.6));  // not the mean of 2 and 3
    CHECK(d.dsp_busy_frac == Approx(0.65));  // not the mean of 0.5 and 0.75
    CHECK(d.pe_issue_eff == Approx(208.0 / 240.0));
}

TEST_CASE("number formatting is grouped, canonical and locale-free", "[derived]")
{
    CHECK(group_thousands(0) == "0");
    CHECK(group_thousands(999) == "999");
    CHECK(group_thousands(1000) == "1,000");
    CHECK(group_thousands(1234567) == "1,234,567");
    CHECK(group_thousands(18446744073709551615ULL) == "18,446,744,073,709,551,615");
    CHECK(fixed_grouped(1234.5, 1) == "1,234.5");
    CHECK(fixed_grouped(0.004, 2) == "0.00");
    CHECK(fixed_grouped(-1234567.891, 2) == "-1,234,567.89");
    CHECK(canonical(10.0) == "10");
    CHECK(canonical(0.1 + 0.2) == "0.3");
    CHECK(canonical(-0.0) == "0");
    CHECK(canonical(1.0 / 3.0) == "0.333333333");
    CHECK(canonical(2.5e-8) == "2.5e-08");
    CHECK(canonical_value(0.1 + 0.2) == 0.3);
}
