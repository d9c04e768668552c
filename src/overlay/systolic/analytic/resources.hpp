// SPDX-License-Identifier: MIT
// FPGA resources of the systolic overlay: DSP slices of the P1×P2 array and the block RAMs
// (or UltraRAMs) of its three double-buffered SRAMs, against the device.
#pragma once

#include <cstdint>
#include <string>

#include "config/arch_params.hpp"
#include "overlay/common/fpga_memory.hpp"
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

/// Each SRAM is two halves (double buffer), each a memory of (size/2 words) × data_bits
/// mapped with fpga::bram36_for (or fpga::uram_for, words packed into the 72-bit rows).
/// An SRAM is read by a whole array edge per cycle; the banking that needs (P1 or P2
/// narrow banks, each rounded up to whole primitives) is not modelled, so for small SRAMs
/// the figure is below what synthesis would use. Logic, FIFOs and the output-path unit
/// are not counted.
SystolicResources systolic_resources(const SystolicOverlayParams& s, const config::DeviceParams& device);

using fpga::uram_for;  ///< (tests) the URAM mapping of overlay/common

}  // namespace specsim::systolic
