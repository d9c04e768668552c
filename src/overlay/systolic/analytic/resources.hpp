// SPDX-License-Identifier: MIT
// FPGA resources of the systolic overlay: DSP slices of the P1×P2 array and the block RAMs
// (or UltraRAMs) of its three double-buffered SRAMs, against the device.
#pragma once

#include <cstdint>
#include <string>

#include "config/arch_params.hpp"
#include "overlay/systolic/analytic/params.hpp"

namespace specsim::systolic {

struct SystolicResources {
    std::uint64_t dsp = 0;        ///< ⌈rows·cols / macs_per_dsp⌉ DSP slices
    double bram36 = 0;            ///< BRAM36 units of the SRAMs (memory: bram), BRAM18 = 0.5
    std::uint64_t uram = 0;       ///< URAM blocks of the SRAMs (memory: uram)
    double ifmap_mem = 0, filter_mem = 0, ofmap_mem = 0;  ///< per SRAM, in its primitive's units
    bool feasible = true;         ///< dsp, bram36 and uram within the device
    std::string reason;           ///< why not ("DSP 8192 > 6840 available")
};

/// URAMs (288 Kib, 4096 deep × 72 bit, no other aspect ratio) of a depth × width memory:
/// ⌈depth/4096⌉·⌈width/72⌉; 0 for an empty memory.
std::uint64_t uram_for(std::uint64_t depth, std::uint64_t width_bits);

/// Each SRAM is two halves (double buffer), each a memory of (size/2 words) × data_bits
/// mapped with analytic::bram36_for (or uram_for). An SRAM is read by a whole array edge
/// per cycle, so its width is really an edge of words; banking across `rows`/`cols` ports
/// is not modelled (the capacity figure is what the buffer sizes cost at minimum).
/// Logic, FIFOs and the output-path unit are not counted.
SystolicResources systolic_resources(const SystolicOverlayParams& s, const config::DeviceParams& device);

}  // namespace specsim::systolic
