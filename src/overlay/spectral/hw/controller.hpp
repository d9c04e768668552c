// SPDX-License-Identifier: MIT
// The streaming controller of the public RTL: for each layer it fills the layer context,
// starts READ INPUT / READ KERNEL (input and kernel units), PROC CONV (PE array) and
// PROC IFFT + WRITE OUT (IFFT unit), which then walk the (Ns, Ps) blocks on their own —
// DONE CONV is the PE array handing over the partial sums — and waits for the layer's last
// write. Layers the engine cannot run are recorded with their skip reason and take no time.
// Each layer's statistics are the units' counter differences over the layer.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <vector>

#include <systemc>

#include "memory/memory.hpp"
#include "overlay/spectral/hw/ifft_unit.hpp"
#include "overlay/spectral/hw/input_unit.hpp"
#include "overlay/spectral/hw/kernel_unit.hpp"
#include "overlay/spectral/hw/layer_context.hpp"
#include "overlay/spectral/hw/pe_array.hpp"
#include "stats/layer_stats.hpp"

namespace specsim::hw {

/// Makes layer i's work when the controller reaches it (plans of big layers are large, so
/// only one is alive at a time).
using LayerProvider = std::function<LayerWork(std::size_t index)>;

/// The units whose counters make up a layer's statistics.
struct OverlayUnits {
    Memory& ddr;
    InputUnit& input;
    KernelUnit& kernels;
    PeArray& pe;
    IfftUnit& ifft;
};

class StreamingController : public sc_core::sc_module {
public:
    sc_core::sc_fifo_out<int> start_input, start_kernels, start_pe, start_ifft;
    sc_core::sc_fifo_in<int> layer_done;

    SC_HAS_PROCESS(StreamingController);
    StreamingController(sc_core::sc_module_name name, std::size_t count, const LayerProvider& provider,
                        LayerContext& ctx, const OverlayClock& clk, OverlayUnits units);

    std::vector<stats::LayerStats> layers;  ///< one per layer, in order
    std::exception_ptr error;        ///< set when making or running a layer threw

private:
    void run();
    void run_layer(const LayerWork& w, stats::LayerStats& st);
    /// A layer that is not a convolution on the engine (analytic::PassKind): its DDR
    /// transfers and compute cycles, overlapped; 0 cycles when fused or a layout change.
    void run_pass(const LayerWork& w, stats::LayerStats& st);

    std::size_t m_count;
    const LayerProvider& m_provider;
    LayerContext& m_ctx;
    const OverlayClock& m_clk;
    OverlayUnits m_units;
};

}  // namespace specsim::hw
