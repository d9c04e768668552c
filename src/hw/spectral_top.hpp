// SPDX-License-Identifier: MIT
// SystemC top of the spectral sparse overlay: DDR, input streamer + FFT units, kernel
// streamer, sparse-kernel reader + PE array, IFFT + writer, and the streaming controller
// that runs the layers one after another. Elaborated once per process (a SystemC rule).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "analytic/spectral_plan.hpp"
#include "config/arch_params.hpp"
#include "config/run_params.hpp"
#include "hw/timing_mode.hpp"
#include "hw/datapath.hpp"
#include "hw/stats.hpp"

namespace specsim::hw {

/// One layer to run: its plan (skipped layers have a skip_reason) and, when the datapath
/// should compute values, its data (nullptr: timing only).
struct LayerWork {
    std::shared_ptr<const analytic::SpectralLayerPlan> plan;
    std::string kind;
    int stride_h = 1, stride_w = 1;
    std::shared_ptr<LayerData> data;
};

/// Makes layer i's work when the controller reaches it (plans of big layers are large, so
/// only one is alive at a time).
using LayerProvider = std::function<LayerWork(std::size_t index)>;

/// Elaborates the top, simulates `count` layers in order and returns their statistics. May
/// be called once per process (SystemC elaborates once).
std::vector<LayerStats> simulate_spectral(std::size_t count, const LayerProvider& provider,
                                          const config::ArchParams& arch,
                                          const config::RunParams& run, TimingMode mode);

}  // namespace specsim::hw
