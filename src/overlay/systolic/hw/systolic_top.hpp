// SPDX-License-Identifier: MIT
// SystemC model of the systolic-array overlay: DDR, one filler (DMA) process per SRAM
// operand (ifmap, filter, ofmap) and the array sequencer that drives a GemmEngine per GEMM
// and, when given data, computes each fold's tile of the GEMM as the simulated array
// finishes it. Elaborated once per process.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config/arch_params.hpp"
#include "hw/timing_mode.hpp"
#include "memory/ddr_counters.hpp"
#include "numerics/conv_lowering.hpp"
#include "numerics/fixed_point.hpp"
#include "numerics/tensor.hpp"
#include "overlay/systolic/analytic/params.hpp"
#include "overlay/systolic/analytic/plan.hpp"

namespace specsim::systolic {

/// Real values of one conv layer: its GEMMs as lowered, one LoweredConv per conv group
/// (group g reads input channels [g·C/G, (g+1)·C/G) and writes outputs [g·N/G, (g+1)·N/G);
/// A and B filled, C zero: the array fills C fold by fold), the bias and, for the
/// fixed-point datapath, the output format.
struct SystolicLayerData {
    std::vector<numerics::LoweredConv> lowered;
    std::vector<double> bias;           ///< empty or out_c
    bool fixed = false;                 ///< quantise bias and output to `format`
    numerics::FixedFormat format{};
};

/// GEMM `index` of the layer in plan order (group-major): group index / per-group count.
numerics::LoweredGemm& data_gemm(SystolicLayerData& data, std::size_t index);
const numerics::LoweredGemm& data_gemm(const SystolicLayerData& data, std::size_t index);
/// The layer's output (1, out_c, H, W): each group's assemble_conv with its bias slice,
/// stacked along the channels; bias and output quantised to `format` when `fixed`.
numerics::Tensor4 assemble_groups(const SystolicLayerData& data);

/// One layer to simulate.
struct LayerWork {
    std::shared_ptr<const SystolicLayerPlan> plan;
    SystolicOverlayParams params;
    std::shared_ptr<SystolicLayerData> data;  ///< null: timing only
};

/// What the simulation measured for one layer (cycles are overlay clock cycles).
struct LayerResult {
    std::string layer;
    std::uint64_t cycles = 0;           ///< layer start → outputs in DDR (incl. final drains)
    std::uint64_t array_cycles = 0;     ///< cycles the array advanced (Σ stall-free cycles)
    std::uint64_t stall_cycles = 0;     ///< cycles the array waited for an SRAM (read miss or ofmap full)
    std::uint64_t drain_cycles = 0;     ///< cycles after a GEMM's last array cycle until its ofmap was in DDR
    std::uint64_t folds = 0;            ///< Σ folds of the GEMMs
    std::uint64_t mac_ops = 0;          ///< Σ m·n·k
    std::uint64_t pe_slots = 0;         ///< array_cycles · rows · cols
    std::uint64_t ddr_input_bytes = 0, ddr_kernel_bytes = 0, ddr_output_bytes = 0;  ///< Memory counters
    std::uint64_t ddr_busy_cycles = 0;  ///< cycles with a DDR transfer in flight
    hw::DdrCounters ddr;                ///< every DDR counter of the layer (all ports; DRAM figures with ddr4)
    std::uint64_t sram_ifmap_reads = 0, sram_filter_reads = 0, sram_ofmap_writes = 0;  ///< words (sram_accesses)
    std::uint64_t dram_ifmap_words = 0, dram_filter_words = 0, dram_ofmap_words = 0;  ///< words the SRAMs moved
    std::uint64_t transform_cycles = 0; ///< Winograd transforms (plan)
    std::uint64_t post_cycles = 0;      ///< output-path pass (plan)
    std::uint64_t layout_cycles = 0;    ///< layout transformation pass before the GEMMs (measured)
    bool has_output = false;
    numerics::Tensor4 output;           ///< the datapath's output when data was given
};

/// Every counter equal (the output tensor is not compared).
bool same_counters(const LayerResult& a, const LayerResult& b);

/// How the three SRAM operands reach DDR: all through one Memory (`ddr` as configured),
/// or each through its own Memory with `ddr`'s parameters (three independent memory
/// interfaces, as SCALE-Sim's ifmap, filter and ofmap interfaces of B words/cycle each).
enum class MemoryPorts { shared, per_operand };

/// Elaborates the top, simulates `work` in order and returns one result per layer. Call
/// at most once per process (SystemC elaborates once). Errors inside the simulation
/// (a buffer too small, a data/plan mismatch) are rethrown here as specsim::Error.
std::vector<LayerResult> simulate_systolic(const std::vector<LayerWork>& work, const config::DdrParams& ddr,
                                           double clock_hz, hw::TimingMode mode);
std::vector<LayerResult> simulate_systolic(const std::vector<LayerWork>& work, const config::DdrParams& ddr,
                                           double clock_hz, hw::TimingMode mode, MemoryPorts ports);

}  // namespace specsim::systolic
