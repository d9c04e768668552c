// SPDX-License-Identifier: MIT
// Per-layer statistics of any overlay: the counters every overlay has, plus the overlay's
// own counter group (stats/stat_group.hpp). Plain integers, units in the names; derived
// figures (ms, GB/s, busy fractions) are the reporter's job. No SystemC here.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace specsim::stats {

/// Counts of integer samples by value (latencies in cycles): counts[v] = samples equal to v.
/// Histograms subtract (counter differences per layer) and add (totals) exactly, which
/// percentiles of raw samples would not.
struct Histogram {
    std::vector<std::uint64_t> counts;

    void add(std::uint64_t value, std::uint64_t n = 1)
    {
        if (value >= counts.size()) counts.resize(value + 1, 0);
        counts[value] += n;
    }
    void merge(const Histogram& o)
    {
        for (std::size_t v = 0; v < o.counts.size(); ++v)
            if (o.counts[v]) add(v, o.counts[v]);
    }
    /// This minus an earlier state of the same histogram (every count ≥ the earlier one).
    Histogram since(const Histogram& earlier) const
    {
        Histogram d = *this;
        for (std::size_t v = 0; v < earlier.counts.size() && v < d.counts.size(); ++v) d.counts[v] -= earlier.counts[v];
        return d;
    }
    std::uint64_t samples() const
    {
        std::uint64_t n = 0;
        for (const auto c : counts) n += c;
        return n;
    }
    std::uint64_t sum() const
    {
        std::uint64_t s = 0;
        for (std::size_t v = 0; v < counts.size(); ++v) s += v * counts[v];
        return s;
    }
    /// Nearest-rank percentile: the smallest sample value v such that at least
    /// ⌈p/100 · n⌉ of the n samples are ≤ v (p in 1..100; p = 50 is the median, p = 100
    /// the maximum). Always one of the samples, never interpolated; 0 when there are none.
    std::uint64_t percentile(std::uint32_t p) const
    {
        const std::uint64_t n = samples();
        if (n == 0) return 0;
        const std::uint64_t rank = std::max<std::uint64_t>(1, (std::uint64_t{p} * n + 99) / 100);
        std::uint64_t seen = 0;
        for (std::size_t v = 0; v < counts.size(); ++v) {
            seen += counts[v];
            if (seen >= rank) return v;
        }
        return counts.size() - 1;
    }
    bool operator==(const Histogram& o) const
    {
        const std::size_t n = std::max(counts.size(), o.counts.size());
        for (std::size_t v = 0; v < n; ++v)
            if ((v < counts.size() ? counts[v] : 0) != (v < o.counts.size() ? o.counts[v] : 0)) return false;
        return true;
    }
};

/// One DRAM bank's command counts (ddr.model ddr4), with its place in the organisation.
struct DdrBankCounts {
    std::uint32_t channel = 0, rank = 0, bankgroup = 0, bank = 0;
    std::uint64_t reads = 0, writes = 0, acts = 0, row_hits = 0;  ///< READ, WRITE, ACT commands; column commands to an open row
};

/// Per-bank counts summed element-wise (`into` grows to the longer list; the places of
/// equal indices are equal, both lists being channel-major over one organisation).
inline void add_banks(std::vector<DdrBankCounts>& into, const std::vector<DdrBankCounts>& more, bool subtract = false)
{
    if (into.size() < more.size()) {
        const std::size_t old = into.size();
        into.resize(more.size());
        for (std::size_t i = old; i < more.size(); ++i) {
            into[i] = more[i];
            into[i].reads = into[i].writes = into[i].acts = into[i].row_hits = 0;
        }
    }
    for (std::size_t i = 0; i < more.size(); ++i) {
        auto& a = into[i];
        const auto& b = more[i];
        if (subtract) {
            a.reads -= b.reads, a.writes -= b.writes, a.acts -= b.acts, a.row_hits -= b.row_hits;
        } else {
            a.reads += b.reads, a.writes += b.writes, a.acts += b.acts, a.row_hits += b.row_hits;
        }
    }
}

class StatGroup;

/// One layer's statistics: the counters every overlay has (plain members), and the
/// overlay's own counter group (`group` declares name, unit and description of every entry
/// of `values` and `texts`, in order). Derived figures are the reporter's job.
struct LayerStats {
    std::string layer;
    std::string kind;             ///< layer type ("conv", "fc", …)
    std::string skip_reason;      ///< non-empty: not run on the engine, counters are zero
    std::uint64_t cycles = 0;              ///< overlay cycles from layer start to last output written
    std::uint64_t compute_cycles = 0;      ///< cycles the PE array issued work
    std::uint64_t mac_ops = 0;             ///< multiply-accumulates performed (complex MACs on the spectral overlay)
    std::uint64_t pe_slots = 0;            ///< compute_cycles · PE lanes (issue slots offered)
    std::uint64_t pe_stall_cycles = 0;     ///< cycles the PE array waited for data
    std::uint64_t ddr_input_bytes = 0;     ///< DDR bytes read: input pixels (activations)
    std::uint64_t ddr_kernel_bytes = 0;    ///< DDR bytes read: kernels / weights
    std::uint64_t ddr_index_bytes = 0;     ///< DDR bytes read: sparse indices (0 for dense overlays)
    std::uint64_t ddr_output_bytes = 0;    ///< DDR bytes written: output pixels
    std::uint64_t ddr_busy_cycles = 0;     ///< overlay cycles with at least one DDR transfer in flight
    // DRAM and AXI figures of ddr.model ddr4 (all zero / empty with the other models),
    // summed over the channels; docs/ddr4.md "Front end".
    Histogram ddr_read_latency;            ///< DRAM read bursts by latency in DRAM cycles (acceptance → last data)
    std::uint64_t ddr_column_cmds = 0;     ///< READ and WRITE commands
    std::uint64_t ddr_row_hits = 0;        ///< column commands to an already open row
    std::uint64_t ddr_acts = 0;            ///< ACT commands
    std::uint64_t ddr_pres = 0;            ///< PRE commands (on demand and before refresh)
    std::uint64_t ddr_refs = 0;            ///< REF commands
    std::uint64_t axi_bursts = 0;          ///< AXI bursts the layer's transfers were split into
    Histogram axi_latency;                 ///< AXI bursts by latency in overlay cycles (issue → last data / accepted)
    std::vector<DdrBankCounts> ddr_banks;  ///< per DRAM bank, channel-major (empty with the simple model)
    std::int64_t segment = -1;             ///< cross-layer partition segment (run.partition); -1 = none (not summed: TOTAL has -1)

    /// The overlay's counter group (nullptr: none) and its values, in declaration order.
    const StatGroup* group = nullptr;
    std::vector<std::uint64_t> values;     ///< group->counters()
    std::vector<std::string> texts;        ///< group->texts()

    std::uint64_t ddr_read_bytes() const { return ddr_input_bytes + ddr_kernel_bytes + ddr_index_bytes; }
    std::uint64_t ddr_bytes() const { return ddr_read_bytes() + ddr_output_bytes; }

    /// Sets the group and sizes values/texts to its declarations (all zero / empty).
    void use_group(const StatGroup& g);
    /// A group counter by name; throws specsim::Error naming it if the group has none such.
    std::uint64_t& value(const std::string& name);
    std::uint64_t value(const std::string& name) const;
    std::string& text(const std::string& name);
    const std::string& text(const std::string& name) const;
};

/// Figures that hold for the whole run, for the reporter.
/// One segment of a run's cross-layer partition (run.partition): what the partitioning
/// analysis says it moves off chip, for the report to set beside the simulated bytes.
struct SegmentInfo {
    std::string first, last;               ///< first and last layer
    std::uint64_t closure_bytes = 0;       ///< dependence closure (line buffers + filters)
    bool fits = true;                      ///< closure ≤ capacity: run with full reuse
    std::uint64_t fmap_read_bytes = 0;     ///< analysis: feature maps read from DDR
    std::uint64_t fmap_write_bytes = 0;    ///< analysis: feature maps written to DDR
    std::uint64_t filter_bytes = 0;        ///< analysis: filters read from DDR
};

struct RunInfo {
    std::string experiment;
    std::string network;
    std::string arch;
    std::string device;
    double clock_hz = 0;
    std::uint64_t seed = 0;
    std::string timing;           ///< cycle | fast
    std::string overlay;          ///< arch.overlay.type
    std::string dataflow;
    std::string reader;           ///< spectral: sparse reader; "-" where an overlay has none
    std::uint32_t pe_lanes = 0;   ///< MAC lanes: P′ · N′ (spectral), P1 · P2 (systolic)
    std::uint32_t kernel_lanes = 0;  ///< lanes that hold different kernels: N′ (spectral), P2 (systolic)
    std::uint64_t dsp_used = 0, dsp_available = 0;
    double bram36_used = 0;
    std::uint64_t bram36_available = 0;
    std::uint64_t uram_used = 0, uram_available = 0;  ///< UltraRAM blocks (288 Kib)
    std::string config_hash;      ///< hash of the resolved config text
    std::string git_revision;     ///< of the specsim source, "unknown" outside a checkout
    std::string partition = "layer";          ///< run.partition: layer | optimal | file
    std::uint64_t partition_capacity_bytes = 0;
    std::vector<SegmentInfo> segments;        ///< empty when no partition was computed
};

}  // namespace specsim::stats
