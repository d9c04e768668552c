// SPDX-License-Identifier: MIT
// The one place where derived figures (ms, MB, GB/s, busy fractions) are computed from the
// common integer counters of stats::LayerStats and the run-wide stats::RunInfo. Totals are sums of
// counters with the figures derived from the sums, never averages of per-layer ratios.
#pragma once

#include <vector>

#include "stats/layer_stats.hpp"

namespace specsim::report {

/// Decimal units used throughout the reports.
inline constexpr double kBytesPerMB = 1e6;   ///< MB = 10^6 bytes
inline constexpr double kBytesPerGB = 1e9;   ///< GB = 10^9 bytes

/// Figures derived from the common counters of one LayerStats (or from the totals); an
/// overlay's own figures are declared in its StatGroup. Every division by zero
/// (no clock, no cycles, no lanes, no slots) yields 0.
struct Derived {
    double time_ms = 0;          ///< cycles / clock_hz · 1e3   [ms]
    double ddr_input_mb = 0;     ///< DDR bytes read for input pixels / 1e6   [MB]
    double ddr_kernel_mb = 0;    ///< DDR bytes read for kernel buffer entries / 1e6   [MB]
    double ddr_index_mb = 0;     ///< DDR bytes read for index table rows / 1e6   [MB]
    double ddr_output_mb = 0;    ///< DDR bytes written for output pixels / 1e6   [MB]
    double ddr_total_mb = 0;     ///< sum of the four kinds   [MB]
    double bandwidth_gbps = 0;   ///< all DDR bytes / layer time / 1e9   [GB/s]
    double dsp_busy_frac = 0;    ///< mac_ops / (cycles · pe_lanes): PE array useful work
                                 ///< over the layer's whole time   [0..1]
    double pe_issue_eff = 0;     ///< mac_ops / pe_slots: useful fraction of issued slots [0..1]
    double ddr_busy_frac = 0;    ///< ddr_busy_cycles / cycles   [0..1]
    double pe_stall_frac = 0;    ///< pe_stall_cycles / cycles   [0..1]
    double ddr_read_latency_mean = 0;  ///< mean DRAM read burst latency (ddr4)   [DRAM cycles]
};

/// Seconds of `cycles` at `clock_hz` as milliseconds; 0 when clock_hz ≤ 0.
double cycles_to_ms(std::uint64_t cycles, double clock_hz);

/// Derived figures of one layer (or of a totals struct from sum_stats()).
Derived derive(const stats::LayerStats& s, const stats::RunInfo& info);

/// Sums every counter over `layers` (skipped layers contribute their zero counters), the
/// overlay group's counters as their declarations say (Total::sum summed, others 0).
/// The result is named "TOTAL", has an empty kind and skip reason.
stats::LayerStats sum_stats(const std::vector<stats::LayerStats>& layers);

/// Cycles of the conv layers alone (what published conv latencies usually are).
std::uint64_t conv_cycles(const std::vector<stats::LayerStats>& layers);

/// Number of layers with a non-empty skip reason.
std::size_t count_skipped(const std::vector<stats::LayerStats>& layers);

}  // namespace specsim::report
