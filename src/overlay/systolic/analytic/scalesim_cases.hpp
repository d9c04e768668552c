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

/// What a row gave on the overlay, in SCALE-Sim's conventions.
struct ScalesimOurs {
    std::uint64_t cycles = 0;  ///< array + stall cycles − 1 (SCALE-Sim: the index of the last cycle)
    std::uint64_t stall = 0;
    std::uint64_t sram_ifmap = 0, sram_filter = 0, sram_ofmap = 0;  ///< SRAM accesses, words
    std::uint64_t dram_ifmap = 0, dram_filter = 0, dram_ofmap = 0;  ///< DRAM words, the free preload included
};

/// The one line a `check-scalesim --row ID --child` process prints, and its reader (throws
/// specsim::Error on anything else).
std::string scalesim_child_line(const ScalesimOurs& ours);
ScalesimOurs parse_scalesim_child_line(const std::string& line);

/// A row's comparison. Pass: a CALC row's cycles equal, a USER row's within
/// `user_tolerance` (relative); SRAM counts equal where the row has them; a USER row's
/// DRAM counts within the tolerance. CALC DRAM counts are reported, not compared (in CALC
/// mode SCALE-Sim counts every SRAM read as a hit; docs/validation.md).
struct ScalesimVerdict {
    bool pass = false;
    std::int64_t diff = 0;      ///< ours − SCALE-Sim, cycles
    double percent = 0;         ///< diff / SCALE-Sim · 100
    std::string sram;           ///< "" (no SRAM columns), "sram ok" or the differing counts
    std::string dram;           ///< "" (no DRAM columns), "dram ok" or the differing counts
};
ScalesimVerdict compare_scalesim(const ScalesimCase& row, const ScalesimOurs& ours, double user_tolerance);

}  // namespace specsim::systolic
