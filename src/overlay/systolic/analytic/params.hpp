// SPDX-License-Identifier: MIT
// Parameters of the systolic-array overlay (arch.overlay with type: systolic): the P1×P2
// array, its word format, its three double-buffered SRAMs and its output path, parsed
// strictly from YAML. No SystemC here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config/arch_params.hpp"
#include "config/units.hpp"
#include "config/yaml_reader.hpp"
#include "overlay/systolic/analytic/gemm_engine.hpp"

namespace specsim::systolic {

/// Which on-chip memory holds the three SRAMs.
enum class BufferMemory { bram, uram };

/// Total size of each SRAM (both halves of its double buffer).
struct SystolicBufferParams {
    DataSize ifmap{64ULL * 1024 * 8};   ///< ifmap SRAM, both halves (default 64 KiB)
    DataSize filter{64ULL * 1024 * 8};  ///< filter SRAM, both halves (default 64 KiB)
    DataSize ofmap{64ULL * 1024 * 8};   ///< ofmap SRAM, both halves (default 64 KiB)
    BufferMemory memory = BufferMemory::bram;   ///< BRAM36 or URAM primitives
};

/// The systolic overlay (PAPERS.md §5: one P1×P2 array running im2col, kn2row and
/// Winograd GEMMs under os/ws/is dataflows). Held by ArchParams::overlay when
/// arch.overlay.type is systolic.
struct SystolicOverlayParams : config::OverlayParams {
    std::uint32_t rows = 32;                ///< P1: array rows (SCALE-Sim ArrayHeight)
    std::uint32_t cols = 32;                ///< P2: array columns (SCALE-Sim ArrayWidth)
    std::uint32_t data_bits = 16;           ///< bits of one operand word
    std::uint32_t frac_bits = 8;            ///< fraction bits of the fixed-point format
    std::uint32_t macs_per_dsp = 1;         ///< 1, or 2 = two int8 MACs per DSP (data_bits ≤ 8)
    SystolicBufferParams buffers;
    bool preload = false;                   ///< true: SCALE-Sim's free first fill of each read SRAM
    ReadRefill refill = ReadRefill::back_to_back;  ///< read-SRAM refill policy (gemm_engine.hpp)
    bool stationary_in_order = true;        ///< ws filter / is ifmap blocks fetched in order (EngineOptions)
    /// Transfer granularity in words (EngineOptions::line_words). Not a YAML key:
    /// check-scalesim sets SCALE-Sim's interface width B; the overlay moves whole words.
    std::uint64_t line_words = 1;
    std::uint32_t post_elements_per_cycle = 32;    ///< output-path unit throughput (elements/cycle)
    /// true: a conv layer first re-lays out its input in DDR into what its algorithm's GEMMs
    /// read (im2col: the expanded A matrix; Winograd: the input tiles), DYNAMAP's layout
    /// transformation; false: the lowered operands are taken to be in DDR already.
    bool layout_transforms = false;

    ArrayShape array() const { return ArrayShape{rows, cols}; }
    std::uint64_t word_bytes() const { return (data_bits + 7) / 8; }  ///< bytes per word in DDR and SRAM
    /// SRAM sizes in words (bytes / word_bytes), as the GemmEngine takes them.
    BufferWords buffer_words() const;

    std::unique_ptr<config::OverlayParams> clone() const override
    {
        return std::make_unique<SystolicOverlayParams>(*this);
    }
};

/// The systolic parameters of an arch whose overlay.type is systolic (throws
/// specsim::Error naming the type otherwise).
const SystolicOverlayParams& systolic_params(const config::ArchParams& arch);

/// Reads the keys of an `overlay:` map with type systolic (the caller has read `type` and
/// calls done() on the map itself): rows, cols, data_bits, frac_bits, macs_per_dsp,
/// buffers {ifmap, filter, ofmap, memory}, preload, refill, post_elements_per_cycle.
/// Throws ConfigError at the offending key for out-of-range values.
SystolicOverlayParams parse_systolic_params(config::MapReader& overlay);

/// run.dataflow names this overlay accepts ("os", "ws", "is"; parse with parse_dataflow).
const std::vector<std::string>& systolic_dataflow_names();

}  // namespace specsim::systolic
