// SPDX-License-Identifier: MIT
// Arithmetic on DdrCounters and their transfer into LayerStats.
#include "memory/ddr_counters.hpp"

namespace specsim::hw {

DdrCounters counters_since(const DdrCounters& now, const DdrCounters& then)
{
    DdrCounters d = now;
    for (std::size_t k = 0; k < kDdrKinds; ++k) d.bytes[k] -= then.bytes[k];
    d.busy_cycles -= then.busy_cycles;
    d.axi_bursts -= then.axi_bursts;
    d.axi_latency = now.axi_latency.since(then.axi_latency);
    d.dram_read_latency = now.dram_read_latency.since(then.dram_read_latency);
    d.dram_column_cmds -= then.dram_column_cmds;
    d.dram_row_hits -= then.dram_row_hits;
    d.dram_acts -= then.dram_acts;
    d.dram_pres -= then.dram_pres;
    d.dram_refs -= then.dram_refs;
    add_banks(d.banks, then.banks, /*subtract=*/true);
    return d;
}

void add_counters(DdrCounters& into, const DdrCounters& more)
{
    for (std::size_t k = 0; k < kDdrKinds; ++k) into.bytes[k] += more.bytes[k];
    into.busy_cycles += more.busy_cycles;
    into.axi_bursts += more.axi_bursts;
    into.axi_latency.merge(more.axi_latency);
    into.dram_read_latency.merge(more.dram_read_latency);
    into.dram_column_cmds += more.dram_column_cmds;
    into.dram_row_hits += more.dram_row_hits;
    into.dram_acts += more.dram_acts;
    into.dram_pres += more.dram_pres;
    into.dram_refs += more.dram_refs;
    add_banks(into.banks, more.banks);
}

void fill_ddr_stats(stats::LayerStats& st, const DdrCounters& d)
{
    st.ddr_input_bytes = d.bytes[int(DdrKind::input)];
    st.ddr_kernel_bytes = d.bytes[int(DdrKind::kernel)];
    st.ddr_index_bytes = d.bytes[int(DdrKind::index)];
    st.ddr_output_bytes = d.bytes[int(DdrKind::output)];
    st.ddr_busy_cycles = d.busy_cycles;
    st.ddr_read_latency = d.dram_read_latency;
    st.ddr_column_cmds = d.dram_column_cmds;
    st.ddr_row_hits = d.dram_row_hits;
    st.ddr_acts = d.dram_acts;
    st.ddr_pres = d.dram_pres;
    st.ddr_refs = d.dram_refs;
    st.axi_bursts = d.axi_bursts;
    st.axi_latency = d.axi_latency;
    st.ddr_banks = d.banks;
}

}  // namespace specsim::hw
