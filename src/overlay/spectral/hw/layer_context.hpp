// SPDX-License-Identifier: MIT
// What every unit of the spectral overlay reads while a layer runs: the layer's plan, its
// block order, the datapath (when values are computed) and the two input buffer halves.
// The streaming controller owns it and fills it before it starts the units on a layer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "overlay/spectral/analytic/spectral_plan.hpp"
#include "config/arch_params.hpp"
#include "overlay/spectral/analytic/params.hpp"
#include "overlay/spectral/hw/blocks.hpp"
#include "overlay/spectral/hw/datapath.hpp"

namespace specsim::hw {

/// One layer to run: its plan (skipped layers have a skip_reason) and, when the datapath
/// should compute values, its data (nullptr: timing only).
struct LayerWork {
    std::shared_ptr<const analytic::SpectralLayerPlan> plan;
    std::string dataflow = "kernel_reuse";  ///< block visiting order (plan.block is the block)
    std::string kind;
    int stride_h = 1, stride_w = 1;
    std::shared_ptr<LayerData> data;
};

struct LayerContext {
    const analytic::SpectralOverlayParams* overlay = nullptr;
    const LayerWork* work = nullptr;
    const analytic::SpectralLayerPlan* plan = nullptr;
    std::vector<Block> blocks;                    ///< in the dataflow's visiting order
    SpectralDatapath* datapath = nullptr;         ///< nullptr: timing only
    InputSlot slots[2];                           ///< input replica buffer halves (values)

    /// Bytes of one pixel on the DDR bus (data_bits rounded up to bytes).
    std::uint64_t pixel_bytes() const { return (overlay->data_bits + 7) / 8; }
};

}  // namespace specsim::hw
