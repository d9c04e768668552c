// SPDX-License-Identifier: MIT
// Stall-free geometry of one GEMM on a P1×P2 systolic array, exactly as SCALE-Sim v2 counts
// it: which GEMM sizes are spread over rows/columns or streamed in time, folds, cycles per
// fold, mapping efficiency, compute utilisation and SRAM access counts (docs/systolic-timing.md).
#pragma once

#include "numerics/gemm_dims.hpp"

#include <cstdint>
#include <string>

namespace specsim::systolic {

/// Output-, weight- or input-stationary dataflow.
enum class Dataflow { os, ws, is };

/// "os" | "ws" | "is"; throws specsim::Error otherwise.
Dataflow parse_dataflow(const std::string& name);
const char* to_string(Dataflow dataflow);

/// Array size in processing elements: rows = P1 (SCALE-Sim ArrayHeight), cols = P2 (ArrayWidth).
struct ArrayShape {
    std::uint32_t rows = 0;
    std::uint32_t cols = 0;
};

/// Fold structure of a GEMM. Sr/Sc/T: the GEMM sizes spread over the array rows, the array
/// columns, and streamed in time (os: M,N,K; ws: K,N,M; is: K,M,N).
struct FoldGeometry {
    std::uint64_t spread_rows = 0;   ///< Sr
    std::uint64_t spread_cols = 0;   ///< Sc
    std::uint64_t streamed = 0;      ///< T
    std::uint64_t row_folds = 0;     ///< ceil(Sr / rows)
    std::uint64_t col_folds = 0;     ///< ceil(Sc / cols)
    std::uint64_t folds = 0;         ///< row_folds * col_folds
    std::uint64_t fold_cycles = 0;   ///< os: T+R+C-2; ws/is: 2R+C+T-2 (cycles, every fold)
    std::uint64_t stall_free_cycles = 0;  ///< folds * fold_cycles, a COUNT (SCALE-Sim reports this - 1)
    double mapping_efficiency = 0;   ///< Sr*Sc / (F*R*C), 0..1
    /// SCALE-Sim's compute_util, 0..1: mapping_efficiency * T / L where L is the fold length
    /// it divides by: T+R+C-2 for os, but 2R+2C+T-3 for ws/is (C-1 more than the timing
    /// fold length; a SCALE-Sim quirk reproduced on purpose).
    double compute_utilisation = 0;
};

/// Throws specsim::Error for a zero GEMM size or a zero array dimension.
FoldGeometry fold_geometry(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow);

/// SRAM accesses in words as SCALE-Sim counts them (independent of SRAM size and bandwidth).
struct SramAccesses {
    std::uint64_t ifmap_reads = 0;
    std::uint64_t filter_reads = 0;
    std::uint64_t ofmap_writes = 0;  ///< os includes SCALE-Sim's extra R+C per fold
};
SramAccesses sram_accesses(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow);

/// The GEMM SCALE-Sim builds from a convolution without padding (pass the padded input size
/// to model padding): output ceil((H-R+s)/s) x ceil((W-S+s)/s) pixels = M (SCALE-Sim's rule,
/// one more than floor((H-R)/s)+1 when s does not divide H-R),
/// N = filters, K = filter_h*filter_w*channels. Throws specsim::Error if the filter does not
/// fit the input or a size/stride is zero.
numerics::GemmDims scalesim_conv_gemm(std::uint64_t ifmap_h, std::uint64_t ifmap_w,
                                      std::uint64_t filter_h, std::uint64_t filter_w,
                                      std::uint64_t channels, std::uint64_t filters,
                                      std::uint64_t stride);

/// SCALE-Sim also counts the free initial fill of each read buffer as DRAM reads: the
/// active half in lines of `line_words` (its interface width B; 10 in CALC mode), at most
/// the operand's padded stream (padding columns included). Our engine does not count it
/// (the preload is not a transfer); add this to compare.
std::uint64_t scalesim_preload_words(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow, bool ifmap,
                                     std::uint64_t sram_kb, std::uint64_t line_words);

}  // namespace specsim::systolic
