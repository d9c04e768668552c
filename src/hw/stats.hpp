// SPDX-License-Identifier: MIT
// Per-layer statistics of the spectral overlay model: plain integer counters, each with its
// unit in the name. Derived figures (ms, GB/s, busy fractions) are the reporter's job.
// No SystemC here, so the reporter and tests need no kernel.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace specsim::hw {

struct LayerStats {
    std::string layer;
    std::string kind;             ///< layer type ("conv", "fc", …)
    std::string skip_reason;      ///< non-empty: not run on the engine, counters are zero
    std::uint32_t block_ns = 0;   ///< streaming block: kernels
    std::uint32_t block_ps = 0;   ///< streaming block: tiles
    std::uint64_t cycles = 0;              ///< overlay cycles from layer start to last output written
    std::uint64_t compute_cycles = 0;      ///< cycles the PE array issued (Σ T per pass)
    std::uint64_t mac_ops = 0;             ///< complex multiply-accumulates performed
    std::uint64_t pe_slots = 0;            ///< compute_cycles · P′ · N′ (issue slots offered)
    std::uint64_t bubbles = 0;             ///< kernel slots with valid = 0, times tile groups
    std::uint64_t read_conflicts = 0;      ///< in-order reader: cycles with > r distinct bins
    std::uint64_t pe_stall_cycles = 0;     ///< cycles the PE array waited for data
    std::uint64_t fft_busy_cycles = 0;     ///< cycles the FFT units were transforming
    std::uint64_t ifft_busy_cycles = 0;    ///< cycles the IFFT units were transforming
    std::uint64_t ddr_input_bytes = 0;     ///< DDR bytes read: input pixels
    std::uint64_t ddr_kernel_bytes = 0;    ///< DDR bytes read: kernel buffer entries
    std::uint64_t ddr_index_bytes = 0;     ///< DDR bytes read: index table rows
    std::uint64_t ddr_output_bytes = 0;    ///< DDR bytes written: output pixels
    std::uint64_t ddr_busy_cycles = 0;     ///< overlay cycles with at least one DDR transfer in flight
    // Read scheduling per (kernel group, input channel) block, counted once per block (not
    // per tile group): from the layer's plan.
    std::uint64_t read_blocks = 0;         ///< (kernel group, input channel) blocks
    std::uint64_t read_block_cycles = 0;   ///< Σ T over the blocks (schedule or arbiter)
    std::uint64_t read_block_bound = 0;    ///< Σ proven lower bound on T over the blocks
    std::uint64_t read_block_nonzeros = 0; ///< Σ non-zeros over the blocks
    std::uint64_t read_blocks_unproven = 0;///< exact scheduler: blocks whose budget ran out

    std::uint64_t ddr_read_bytes() const { return ddr_input_bytes + ddr_kernel_bytes + ddr_index_bytes; }
    std::uint64_t ddr_bytes() const { return ddr_read_bytes() + ddr_output_bytes; }
};

/// Figures that hold for the whole run, for the reporter.
struct RunInfo {
    std::string experiment;
    std::string network;
    std::string arch;
    std::string device;
    double clock_hz = 0;
    std::uint64_t seed = 0;
    std::string timing;           ///< cycle | fast
    std::string dataflow;
    std::string reader;
    std::uint32_t pe_lanes = 0;   ///< P′ · N′
    std::uint32_t kernel_lanes = 0;  ///< N′
    std::uint64_t dsp_used = 0, dsp_available = 0;
    double bram36_used = 0;
    std::uint64_t bram36_available = 0;
    std::string config_hash;      ///< hash of the resolved config text
    std::string git_revision;     ///< of the specsim source, "unknown" outside a checkout
};

}  // namespace specsim::hw
