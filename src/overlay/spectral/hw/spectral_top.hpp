// SPDX-License-Identifier: MIT
// SystemC top of the spectral sparse overlay (docs/hw-model.md): DDR, input unit (READ
// INPUT + FFT + input replica buffers), kernel unit (READ KERNEL), PE array with the
// sparse-kernel reader (PROC CONV), IFFT unit (PROC IFFT + WRITE OUT) and the streaming
// controller, connected by sc_fifo token channels. Elaborated once per process.
#pragma once

#include <cstddef>
#include <vector>

#include "config/arch_params.hpp"
#include "overlay/spectral/hw/controller.hpp"
#include "stats/layer_stats.hpp"
#include "hw/timing_mode.hpp"

namespace specsim::hw {

/// Elaborates the top, simulates `count` layers in order and returns their statistics. May
/// be called once per process (SystemC elaborates once).
std::vector<stats::LayerStats> simulate_spectral(std::size_t count, const LayerProvider& provider,
                                          const config::ArchParams& arch, TimingMode mode);

}  // namespace specsim::hw
