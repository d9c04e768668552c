// SPDX-License-Identifier: MIT
// Parameters of the spectral sparse overlay (arch.overlay with type: spectral), parsed
// from the arch file's `overlay:` map; parse_spectral_params says what every key means.
#pragma once

#include <cstdint>
#include <memory>

#include "config/arch_params.hpp"
#include "config/yaml_reader.hpp"

namespace specsim::analytic {

/// A streaming 2-D FFT or IFFT unit.
struct FftUnitParams {
    std::uint32_t points_per_cycle = 8;  ///< complex points accepted per cycle per unit
    std::uint32_t latency_cycles = 0;    ///< pipeline latency, first point in → first out
};

/// On-chip buffer capacities of the spectral overlay, in entries per bank and per half of a
/// double buffer. The planner picks the streaming block (Ns, Ps) within them; the resource
/// model maps them onto BRAM36 primitives.
struct SpectralBufferParams {
    std::uint32_t input_depth = 512;   ///< bins per replica bank: (Ps/P′)·K² must fit
    std::uint32_t kernel_depth = 512;  ///< entries per kernel bank: (Ns/N′)·T must fit
    std::uint32_t psum_depth = 4096;   ///< partial sums per PE-lane bank: (Ns/N′)·Ps·K² must fit
    std::uint32_t acc_bits = 32;       ///< bits of one real component of a partial sum
    std::uint32_t psum_halves = 1;     ///< 1: IFFT after MACs (RTL FSM); 2: a block's IFFT overlaps the next block's MACs
};

/// The flexible-dataflow spectral sparse overlay (PAPERS.md §1).
struct SpectralOverlayParams : config::OverlayParams {
    std::uint32_t fft_size = 8;          ///< K: FFT size (K×K bins)
    std::uint32_t tiles_parallel = 9;    ///< P′: input tiles processed in parallel
    std::uint32_t kernels_parallel = 64; ///< N′: kernels (output channels) in parallel
    std::uint32_t replicas = 8;          ///< r: copies of each tile spectrum (read ports)
    std::uint32_t max_nnz = 16;          ///< kernel buffer slots per kernel per input channel
    std::uint32_t data_bits = 16;        ///< word length of one real component
    std::uint32_t frac_bits = 10;        ///< fraction bits of the fixed-point format
    std::uint32_t index_bits = 6;        ///< bits of one bin index in the index table
    std::uint32_t dsp_per_cmul = 3;      ///< DSPs per complex multiplier (3 or 4)
    std::uint32_t mac_latency_cycles = 4;///< PE pipeline: operands in → accumulator updated
    FftUnitParams fft;
    FftUnitParams ifft;
    SpectralBufferParams buffers;
    /// Layers that are not a convolution the engine runs (whole-network latency):
    bool output_path_fused = true;           ///< ReLU/tanh/BN/dropout and pooling in the output path (0 cycles) or own DDR passes
    std::uint32_t pass_elements_per_cycle = 64;  ///< the pass unit's throughput (elements/cycle)

    std::unique_ptr<config::OverlayParams> clone() const override
    {
        return std::make_unique<SpectralOverlayParams>(*this);
    }
};

/// Reads the spectral overlay's keys from `overlay:` (its `type` already read; the caller
/// calls done()).
std::unique_ptr<config::OverlayParams> parse_spectral_params(config::MapReader& overlay);

/// The spectral parameters of an arch; throws specsim::Error if its overlay is another type.
/// An ArchParams built in code without an overlay (tests) reads as the default spectral
/// overlay, and the mutable form installs one to change.
inline const SpectralOverlayParams& spectral_params(const config::ArchParams& arch)
{
    static const SpectralOverlayParams kDefault;
    if (!arch.overlay.get() && arch.overlay_type.empty()) return kDefault;
    return arch.overlay_as<SpectralOverlayParams>();
}
inline SpectralOverlayParams& spectral_params(config::ArchParams& arch)
{
    if (!arch.overlay.get() && arch.overlay_type.empty()) {
        arch.overlay_type = "spectral";
        arch.overlay = config::OverlayParamsHolder(std::make_unique<SpectralOverlayParams>());
    }
    return arch.overlay_as<SpectralOverlayParams>();
}

}  // namespace specsim::analytic
