// SPDX-License-Identifier: MIT
// SCALE-Sim v2 reference rows (tests/data/scalesim/cases.csv format): a header-driven CSV
// reader that turns each row into the case the systolic overlay re-runs. No SystemC here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "numerics/gemm_dims.hpp"
#include "overlay/systolic/analytic/fold_geometry.hpp"

namespace specsim::systolic {

/// One SCALE-Sim run: a GEMM on an array under a dataflow with SRAM sizes and a memory mode.
struct ScalesimCase {
    std::string case_id;
    std::string mode;                       ///< "CALC" (stall-free) or "USER" (finite bandwidth)
    std::uint64_t bandwidth_words = 0;      ///< USER: words per cycle per interface; CALC: 0
    ArrayShape array;
    Dataflow dataflow = Dataflow::os;
    std::uint64_t ifmap_kb = 0, filter_kb = 0, ofmap_kb = 0;  ///< SRAM sizes in k×1024 words
    numerics::GemmDims gemm;                ///< gemm_M, gemm_N, gemm_K
    std::uint64_t total_cycles = 0;         ///< SCALE-Sim's figure: cycle count − 1
    std::uint64_t stall_cycles = 0;
    std::optional<std::uint64_t> sram_ifmap_reads, sram_filter_reads, sram_ofmap_writes;
    std::optional<std::uint64_t> dram_ifmap_reads, dram_filter_reads, dram_ofmap_writes;  ///< words
    int line = 0;                           ///< line of the row in its file (1-based)
};

/// Parses CSV text: a header line naming the columns (any order; extra columns ignored),
/// then one case per non-empty line. Required columns: case_id, array_rows, array_cols,
/// dataflow, bandwidth_mode, ifmap_sram_kB, filter_sram_kB, ofmap_sram_kB, gemm_M, gemm_N,
/// gemm_K, total_cycles; user_bandwidth_words_per_cycle for USER rows; stall_cycles and
/// the sram_* columns are optional. `origin` names the file in errors, which read
/// "origin:line: column 'name': message". Throws specsim::Error.
std::vector<ScalesimCase> parse_scalesim_cases(const std::string& text, const std::string& origin);

/// Reads and parses a file (a missing file throws specsim::Error naming it).
std::vector<ScalesimCase> load_scalesim_cases(const std::string& path);

}  // namespace specsim::systolic
