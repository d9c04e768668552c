// SPDX-License-Identifier: MIT
// Derived figures from integer counters; all ratios computed in double from the counters,
// guarded against zero denominators.
#include "report/derived.hpp"

#include "stats/stat_group.hpp"

namespace specsim::report {
namespace {

// Tripwire: a common counter added to LayerStats must also be summed here and written by
// the JSON and CSV columns in reporter.cpp (an overlay's own counters are declared in its
// StatGroup and summed from the declarations).
static_assert(sizeof(stats::LayerStats) ==
                  3 * sizeof(std::string) + 16 * sizeof(std::uint64_t) + 2 * sizeof(stats::Histogram) +
                      sizeof(std::vector<stats::DdrBankCounts>) + sizeof(const stats::StatGroup*) +
                      sizeof(std::vector<std::uint64_t>) + sizeof(std::vector<std::string>) + sizeof(std::int64_t),
              "stats::LayerStats changed: update sum_stats() and the columns in reporter.cpp");

double ratio(double num, double den) { return den > 0 ? num / den : 0.0; }

double mb(std::uint64_t bytes) { return static_cast<double>(bytes) / kBytesPerMB; }

}  // namespace

double cycles_to_ms(std::uint64_t cycles, double clock_hz)
{
    return clock_hz > 0 ? static_cast<double>(cycles) / clock_hz * 1e3 : 0.0;
}

Derived derive(const stats::LayerStats& s, const stats::RunInfo& info)
{
    Derived d;
    const double cycles = static_cast<double>(s.cycles);
    d.time_ms = cycles_to_ms(s.cycles, info.clock_hz);
    d.ddr_input_mb = mb(s.ddr_input_bytes);
    d.ddr_kernel_mb = mb(s.ddr_kernel_bytes);
    d.ddr_index_mb = mb(s.ddr_index_bytes);
    d.ddr_output_mb = mb(s.ddr_output_bytes);
    d.ddr_total_mb = mb(s.ddr_bytes());
    // bytes / (cycles / clock_hz): from the counters directly, not from the rounded ms.
    d.bandwidth_gbps = info.clock_hz > 0
                           ? ratio(static_cast<double>(s.ddr_bytes()) * info.clock_hz, cycles) / kBytesPerGB
                           : 0.0;
    d.dsp_busy_frac = ratio(static_cast<double>(s.mac_ops), cycles * static_cast<double>(info.pe_lanes));
    d.pe_issue_eff = ratio(static_cast<double>(s.mac_ops), static_cast<double>(s.pe_slots));
    d.ddr_busy_frac = ratio(static_cast<double>(s.ddr_busy_cycles), cycles);
    d.pe_stall_frac = ratio(static_cast<double>(s.pe_stall_cycles), cycles);
    d.ddr_read_latency_mean = ratio(static_cast<double>(s.ddr_read_latency.sum()),
                                    static_cast<double>(s.ddr_read_latency.samples()));
    return d;
}

stats::LayerStats sum_stats(const std::vector<stats::LayerStats>& layers)
{
    stats::LayerStats t;
    t.layer = "TOTAL";
    // The overlay's own counters: summed where declared Total::sum, zero otherwise.
    const stats::StatGroup* group = nullptr;
    for (const auto& s : layers)
        if (!group) group = s.group;
    if (group) t.use_group(*group);
    for (const auto& s : layers) {
        if (group && s.group == group)
            for (std::size_t i = 0; i < s.values.size(); ++i)
                if (group->counters()[i].total == stats::Total::sum) t.values[i] += s.values[i];
        t.cycles += s.cycles;
        t.compute_cycles += s.compute_cycles;
        t.mac_ops += s.mac_ops;
        t.pe_slots += s.pe_slots;
        t.pe_stall_cycles += s.pe_stall_cycles;
        t.ddr_input_bytes += s.ddr_input_bytes;
        t.ddr_kernel_bytes += s.ddr_kernel_bytes;
        t.ddr_index_bytes += s.ddr_index_bytes;
        t.ddr_output_bytes += s.ddr_output_bytes;
        t.ddr_busy_cycles += s.ddr_busy_cycles;
        t.ddr_read_latency.merge(s.ddr_read_latency);
        t.ddr_column_cmds += s.ddr_column_cmds;
        t.ddr_row_hits += s.ddr_row_hits;
        t.ddr_acts += s.ddr_acts;
        t.ddr_pres += s.ddr_pres;
        t.ddr_refs += s.ddr_refs;
        t.axi_bursts += s.axi_bursts;
        t.axi_latency.merge(s.axi_latency);
        stats::add_banks(t.ddr_banks, s.ddr_banks);
    }
    return t;
}

std::size_t count_skipped(const std::vector<stats::LayerStats>& layers)
{
    std::size_t n = 0;
    for (const auto& s : layers) n += s.skip_reason.empty() ? 0 : 1;
    return n;
}

std::uint64_t conv_cycles(const std::vector<stats::LayerStats>& layers)
{
    std::uint64_t n = 0;
    for (const auto& s : layers)
        if (s.kind == "conv") n += s.cycles;
    return n;
}

}  // namespace specsim::report
