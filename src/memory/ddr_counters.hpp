// SPDX-License-Identifier: MIT
// What the off-chip memory models count, without SystemC: bytes by kind of data, busy
// cycles and the DDR4 model's DRAM and AXI figures; per-layer differences and their
// transfer into a layer's common statistics.
#pragma once

#include <cstdint>
#include <vector>

#include "stats/layer_stats.hpp"

namespace specsim::hw {

using stats::add_banks;
using stats::DdrBankCounts;
using stats::Histogram;

/// The kinds of data the overlay moves; counters and per-kind ports are indexed by them.
enum class DdrKind { input, kernel, index, output };
constexpr std::size_t kDdrKinds = 4;

/// Counters since the start of the simulation; the owner takes per-layer differences.
struct DdrCounters {
    std::uint64_t bytes[4] = {0, 0, 0, 0};  ///< by DdrKind
    std::uint64_t busy_cycles = 0;          ///< overlay cycles with a transfer in flight
    // ddr.model ddr4 only (zero / empty with the other models), summed over the channels:
    std::uint64_t axi_bursts = 0;           ///< AXI bursts the requests were split into
    Histogram axi_latency;                  ///< AXI bursts by latency, overlay cycles (issue → complete)
    Histogram dram_read_latency;            ///< DRAM read bursts by latency, DRAM cycles (the
                                            ///< controllers' ControllerStats::read_latency samples)
    std::uint64_t dram_column_cmds = 0;     ///< ControllerStats read_cmds + write_cmds
    std::uint64_t dram_row_hits = 0, dram_acts = 0, dram_pres = 0, dram_refs = 0;  ///< ControllerStats
    std::vector<DdrBankCounts> banks;       ///< per bank, channel-major (ControllerStats bank_*); exact at layer boundaries
};

/// now − then, field by field (`then` an earlier state of the same counters).
DdrCounters counters_since(const DdrCounters& now, const DdrCounters& then);
/// into += more, field by field (several memories of one overlay).
void add_counters(DdrCounters& into, const DdrCounters& more);
/// A layer's DDR figures (counters_since its start) into its common statistics: bytes by
/// kind, busy cycles, DRAM and AXI counts and latencies, per-bank counts.
void fill_ddr_stats(stats::LayerStats& st, const DdrCounters& layer);

}  // namespace specsim::hw
