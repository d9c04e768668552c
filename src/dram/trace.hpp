// SPDX-License-Identifier: MIT
// Memory traces in the reference's text format ("0xADDR READ|WRITE CYCLE" per line), the
// reference's trace generators (../shared/reference/dramsim3/README.md §6), and a driver
// that runs a trace through one Controller the way the reference's driver does: each cycle
// tick once, then offer at most the next request whose cycle has come (file order; a full
// queue blocks the rest).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dram/controller.hpp"

namespace specsim::dram {

struct TraceRequest {
    std::uint64_t addr = 0;
    bool write = false;
    std::uint64_t cycle = 0;
};

/// Parses the text format; throws specsim::Error naming the line of a malformed entry.
std::vector<TraceRequest> read_trace(const std::string& path);

/// The reference's cases by name: a_seq_rd, b_seq_wr, c_rand_rd_4G, d_mix_2r1w,
/// e1_stride_256K, h_lowint_rand_rd_gap100 (n requests each; the reference uses 65536).
std::vector<TraceRequest> reference_trace(const std::string& name, std::size_t n = 65536);

/// A synthetic stream: `n` 64 B reads (or `write_every`-th a write when > 0), one every
/// `gap` cycles, sequential from 0 or uniformly random in [0, 4 GiB) (splitmix64, `seed`).
std::vector<TraceRequest> synthetic_trace(bool sequential, std::uint64_t gap, std::size_t n, std::uint64_t seed = 1,
                                          std::uint32_t write_every = 0);

struct TraceResult {
    std::uint64_t requests = 0, bytes = 0;
    std::uint64_t complete_cycle = 0;  ///< end of the last data burst
    double bandwidth_GBps = 0;         ///< bytes / (complete_cycle · tCK)
    double read_latency_mean = 0;      ///< DRAM cycles, acceptance → last data beat
    double read_latency_p50 = 0, read_latency_p99 = 0;
    double row_hit_rate = 0;           ///< row hits / column commands
    ControllerStats stats;
};

/// Runs the trace on spec.org.channels controllers (requests routed by the mapping's
/// channel field). Per-bank statistics are channel-major. `reference_mode`: the
/// controllers scan every queue every cycle and no cycle is skipped (the plain rule the
/// event-driven fast path is tested against; same results, slower).
TraceResult run_trace(const Ddr4Spec& spec, const std::vector<TraceRequest>& trace, const ControllerParams& p,
                      bool reference_mode = false);
inline TraceResult run_trace(const Ddr4Spec& spec, const std::vector<TraceRequest>& trace)
{
    return run_trace(spec, trace, spec.controller);
}

}  // namespace specsim::dram
