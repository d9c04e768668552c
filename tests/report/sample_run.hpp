// SPDX-License-Identifier: MIT
// A hand-computed three-layer run (two conv layers and a skipped pool) shared by the
// reporter tests; the expected figures are worked out in the comments.
#pragma once

#include <vector>

#include "overlay/spectral/analytic/stat_group.hpp"
#include "stats/layer_stats.hpp"

namespace specsim::report::test {

inline stats::RunInfo sample_info()
{
    stats::RunInfo i;
    i.experiment = "demo3_u200";
    i.network = "tiny3";
    i.arch = "u200_spectral";
    i.device = "xcu200";
    i.clock_hz = 200e6;
    i.seed = 42;
    i.timing = "fast";
    i.dataflow = "auto";
    i.reader = "in_order";
    i.pe_lanes = 64;
    i.dsp_used = 1200;
    i.dsp_available = 6840;
    i.bram36_used = 812.5;
    i.bram36_available = 2160;
    i.config_hash = "0123456789abcdef";
    i.git_revision = "a1b2c3d4e5f6-dirty";
    return i;
}

inline std::vector<stats::LayerStats> sample_layers()
{
    // conv1: 2e6 cycles at 200 MHz = 10 ms; 20 MB / 10 ms = 2 GB/s;
    //        DSP busy 64e6 / (2e6 · 64) = 0.5; issue efficiency 64e6 / 80e6 = 0.8.
    stats::LayerStats c1;
    c1.use_group(analytic::spectral_stat_group());
    c1.layer = "conv1";
    c1.kind = "conv";
    c1.value("block_ns") = 16;
    c1.value("block_ps") = 8;
    c1.cycles = 2'000'000;
    c1.compute_cycles = 1'250'000;
    c1.mac_ops = 64'000'000;
    c1.pe_slots = 80'000'000;
    c1.value("bubbles") = 1'234'567;
    c1.value("read_conflicts") = 4'321;
    c1.pe_stall_cycles = 500'000;
    c1.value("fft_busy_cycles") = 900'000;
    c1.value("ifft_busy_cycles") = 800'000;
    c1.ddr_input_bytes = 10'000'000;
    c1.ddr_kernel_bytes = 6'000'000;
    c1.ddr_index_bytes = 1'000'000;
    c1.ddr_output_bytes = 3'000'000;
    c1.ddr_busy_cycles = 1'000'000;

    stats::LayerStats p1;
    p1.use_group(analytic::spectral_stat_group());
    p1.layer = "pool1";
    p1.kind = "pool";
    p1.skip_reason = "pooling is not run on the spectral engine";

    // conv2: 3e6 cycles = 15 ms; 45 MB / 15 ms = 3 GB/s; DSP busy 144e6 / (3e6 · 64) = 0.75.
    stats::LayerStats c2;
    c2.use_group(analytic::spectral_stat_group());
    c2.layer = "conv2";
    c2.kind = "conv";
    c2.value("block_ns") = 8;
    c2.value("block_ps") = 16;
    c2.cycles = 3'000'000;
    c2.compute_cycles = 2'500'000;
    c2.mac_ops = 144'000'000;
    c2.pe_slots = 160'000'000;
    c2.value("bubbles") = 0;
    c2.value("read_conflicts") = 98'765;
    c2.pe_stall_cycles = 250'000;
    c2.value("fft_busy_cycles") = 1'100'000;
    c2.value("ifft_busy_cycles") = 1'000'000;
    c2.ddr_input_bytes = 5'000'000;
    c2.ddr_kernel_bytes = 35'000'000;
    c2.ddr_index_bytes = 2'000'000;
    c2.ddr_output_bytes = 3'000'000;
    c2.ddr_busy_cycles = 2'400'000;
    // TOTAL: 5e6 cycles = 25 ms; 65 MB / 25 ms = 2.6 GB/s (mean of ratios would say 2.5);
    //        DSP busy 208e6 / (5e6 · 64) = 0.65 (mean of ratios would say 0.625).
    return {c1, p1, c2};
}

}  // namespace specsim::report::test
