// SPDX-License-Identifier: MIT
// The sparse-kernel reader: per PE-array pass (kernel group g, input channel m, tile group
// q) it issues r bin reads per cycle to the input replicas and one replica select per
// kernel lane. Offline mode plays the compiler's schedule row by row; in-order and online
// modes arbitrate at run time (ReadArbiter, window 1 or w) and stall on read conflicts. It counts what
// each mode costs: bubbles (lane-cycles without a non-zero) and conflict cycles.
#pragma once

#include <cstdint>
#include <functional>

#include <systemc>

#include "overlay/spectral/analytic/spectral_plan.hpp"
#include "hw/clocking.hpp"

namespace specsim::hw {

struct SparseReaderStats {
    std::uint64_t cycles = 0;          ///< cycles the reader issued (Σ T)
    std::uint64_t nonzeros = 0;        ///< non-zeros delivered to the lanes
    std::uint64_t bubbles = 0;         ///< lane-cycles with valid = 0
    std::uint64_t read_conflicts = 0;  ///< in-order: cycles with > r distinct bins requested
    std::uint64_t passes = 0;
};

class SparseReader : public sc_core::sc_module {
public:
    /// Called for every non-zero the reader delivers: (lane, entry index, bin). In offline
    /// mode the entries of one schedule row arrive together, before the row's cycle ends.
    using Deliver = std::function<void(int lane, int entry, int bin)>;

    SparseReader(sc_core::sc_module_name name, const OverlayClock& clk, int replicas, int kernels_parallel);

    /// Runs one pass for group g at channel m of `plan` in the calling SC_THREAD and
    /// returns its cycles T. `deliver` may be empty (timing only).
    std::uint64_t pass(const analytic::SpectralLayerPlan& plan, int g, int m, const Deliver& deliver);

    SparseReaderStats stats;

private:
    std::uint64_t offline_pass(const analytic::ReadSchedule& s, const Deliver& deliver);
    std::uint64_t arbiter_pass(const analytic::SpectralLayerPlan& plan, int g, int m, int lanes,
                                const Deliver& deliver);

    const OverlayClock& m_clk;
    int m_replicas, m_np;
};

}  // namespace specsim::hw
