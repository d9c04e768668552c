// SPDX-License-Identifier: MIT
// Derived figures from integer counters; all ratios computed in double from the counters,
// guarded against zero denominators.
#include "report/derived.hpp"

namespace specsim::report {
namespace {

// Tripwire: a counter added to LayerStats must also be summed here and written by the JSON
// and CSV columns in reporter.cpp.
static_assert(sizeof(hw::LayerStats) ==
                  3 * sizeof(std::string) + 2 * sizeof(std::uint32_t) + 25 * sizeof(std::uint64_t) +
                      2 * sizeof(hw::Histogram) + sizeof(std::vector<hw::DdrBankCounts>),
              "hw::LayerStats changed: update sum_stats() and the columns in reporter.cpp");

double ratio(double num, double den) { return den > 0 ? num / den : 0.0; }

double mb(std::uint64_t bytes) { return static_cast<double>(bytes) / kBytesPerMB; }

}  // namespace

double cycles_to_ms(std::uint64_t cycles, double clock_hz)
{
    return clock_hz > 0 ? static_cast<double>(cycles) / clock_hz * 1e3 : 0.0;
}

Derived derive(const hw::LayerStats& s, const hw::RunInfo& info)
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
    d.cycles_per_block = ratio(static_cast<double>(s.read_block_cycles), static_cast<double>(s.read_blocks));
    d.bound_per_block = ratio(static_cast<double>(s.read_block_bound), static_cast<double>(s.read_blocks));
    d.slot_eff = ratio(static_cast<double>(s.read_block_nonzeros),
                       static_cast<double>(s.read_block_cycles) * static_cast<double>(info.kernel_lanes));
    d.ddr_read_latency_mean = ratio(static_cast<double>(s.ddr_read_latency.sum()),
                                    static_cast<double>(s.ddr_read_latency.samples()));
    return d;
}

hw::LayerStats sum_stats(const std::vector<hw::LayerStats>& layers)
{
    hw::LayerStats t;
    t.layer = "TOTAL";
    for (const auto& s : layers) {
        t.cycles += s.cycles;
        t.compute_cycles += s.compute_cycles;
        t.mac_ops += s.mac_ops;
        t.pe_slots += s.pe_slots;
        t.bubbles += s.bubbles;
        t.read_conflicts += s.read_conflicts;
        t.pe_stall_cycles += s.pe_stall_cycles;
        t.fft_busy_cycles += s.fft_busy_cycles;
        t.ifft_busy_cycles += s.ifft_busy_cycles;
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
        hw::add_banks(t.ddr_banks, s.ddr_banks);
        t.read_blocks += s.read_blocks;
        t.read_block_cycles += s.read_block_cycles;
        t.read_block_bound += s.read_block_bound;
        t.read_block_nonzeros += s.read_block_nonzeros;
        t.read_blocks_unproven += s.read_blocks_unproven;
    }
    return t;
}

std::size_t count_skipped(const std::vector<hw::LayerStats>& layers)
{
    std::size_t n = 0;
    for (const auto& s : layers) n += s.skip_reason.empty() ? 0 : 1;
    return n;
}

}  // namespace specsim::report
