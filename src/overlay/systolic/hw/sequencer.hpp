// SPDX-License-Identifier: MIT
// The array sequencer: per layer, per GEMM of its plan, a GemmEngine that says which SRAM
// transfers to start and how many array cycles can run; the sequencer starts the transfers
// on the fillers, advances the array (fast: one wait up to the next event; cycle: one wait
// per cycle — identical counts), counts stall cycles, and with data computes each fold's
// C tile (numerics::gemm_tile) as the array completes that fold. Post-processing layers
// stream their tensor through DDR while the output-path unit runs.
#pragma once

#include <array>
#include <exception>
#include <vector>

#include <systemc>

#include "hw/clocking.hpp"
#include "memory/memory.hpp"
#include "overlay/systolic/hw/filler.hpp"
#include "overlay/systolic/hw/systolic_top.hpp"

namespace specsim::systolic {

class ArraySequencer : public sc_core::sc_module {
public:
    SC_HAS_PROCESS(ArraySequencer);
    ArraySequencer(sc_core::sc_module_name name, const std::vector<LayerWork>& work, const hw::OverlayClock& clk,
                   std::vector<hw::Memory*> ddr, std::array<OperandFiller*, 3> fillers, sc_core::sc_event& any_done);

    std::vector<LayerResult> results;
    std::exception_ptr error;

private:
    void run();
    void run_layer(const LayerWork& w, LayerResult& r);
    void run_gemm(const LayerWork& w, std::size_t index, LayerResult& r);
    void run_post(const LayerWork& w);
    /// A streaming pass: reads `read_bytes` (ifmap port), writes `write_bytes` (ofmap port)
    /// and computes `compute_cycles`, overlapped; ends when the slowest is done.
    void stream(std::uint64_t read_bytes, std::uint64_t write_bytes, std::uint64_t compute_cycles);
    /// Lets same-instant completions land, then reports them to `engine` (if any).
    void settle();
    void wait_transfers();

    const std::vector<LayerWork>& m_work;
    const hw::OverlayClock& m_clk;
    std::vector<hw::Memory*> m_ddr;  // one, or one per operand
    hw::DdrCounters counters() const;  // summed over m_ddr
    std::array<OperandFiller*, 3> m_fill;
    sc_core::sc_event& m_any_done;
};

}  // namespace specsim::systolic
