// SPDX-License-Identifier: MIT
// FPGA resource model of the spectral overlay: DSP slices and block RAMs per component,
// from the arch parameters, and whether the design fits the device.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/arch_params.hpp"
#include "overlay/common/fpga_memory.hpp"
#include "overlay/spectral/analytic/params.hpp"

namespace specsim::analytic {

/// The block RAM mapping shared by every overlay (overlay/common/fpga_memory.hpp).
using fpga::bram36_for;

/// One hardware component of the overlay.
struct ResourceItem {
    std::string name;         ///< e.g. "PE array", "kernel buffer"
    std::uint64_t count = 0;  ///< instances (complex MACs, FFT units, memories)
    std::uint64_t dsp = 0;    ///< DSP slices of all instances
    double bram36 = 0;        ///< BRAM36 units of all instances
    std::string detail;       ///< how the figures arise, e.g. "144 × 512×32 bit"
};

/// Resources of the spectral overlay against its device.
struct SpectralResources {
    std::vector<ResourceItem> items;
    std::uint64_t dsp = 0;          ///< total DSP slices
    double bram36 = 0;              ///< total BRAM36 units
    std::uint64_t dsp_available = 0;
    std::uint64_t bram36_available = 0;
    bool feasible = true;           ///< dsp ≤ device DSPs and bram36 ≤ device BRAM36s
    std::string reason;             ///< why not, when !feasible ("DSP 7000 > 6840 available")
};

/// DSPs: PE array P′·N′ complex MACs × dsp_per_cmul; P′ FFT and P′ IFFT units of
/// dsp_per_cmul·(points_per_cycle/2)·2·max(0, ⌈log2 K⌉ − 2) each. BRAM36: input replica
/// buffers P′·r banks × 2 halves of input_depth × 2·data_bits; kernel buffer N′ banks × 2
/// halves of kernel_depth × kernel_entry_bits; index table 2 halves of kernel_depth ×
/// index_row_bits; partial sums N′ banks of psum_depth × 2·acc_bits (single-buffered).
/// Logic, FFT delay lines and FIFOs are not modelled.
/// `reader` is run.reader: "offline" stores schedule entries and the index table; the
/// run-time arbiters ("in_order", "online") store (value, bin index) per non-zero and no
/// index table.
SpectralResources spectral_resources(const config::ArchParams& arch, const std::string& reader = "offline");

}  // namespace specsim::analytic
