// SPDX-License-Identifier: MIT
// The one reporter of a run: per-layer table for the terminal, JSON and CSV for tools, and
// the results directory. Same input → byte-identical output (CI diffs rely on it).
#pragma once

#include <string>
#include <vector>

#include "stats/layer_stats.hpp"
#include "stats/stat_group.hpp"

namespace specsim::report {

/// Fixed-width table for a terminal: a header (experiment, network, arch/device, clock,
/// timing, dataflow, reader, DSP and BRAM36 used/available, config hash, git revision),
/// then one row per layer — layer, type, block Ns×Ps, cycles, ms, DDR MB (input, kernel,
/// index, output; MB = 1e6 bytes), GB/s (1e9 bytes/s), DSP busy %, bubbles, read conflicts —
/// and a TOTAL row. A skipped layer is a row with its reason in place of the numbers.
std::string format_table(const stats::RunInfo& info, const std::vector<stats::LayerStats>& layers);

/// Pretty JSON (2-space indent, trailing newline) with keys in a fixed order:
/// "format", "version", "run" (every RunInfo field), "units" (column → unit),
/// "layers" (one object per layer: name, kind, skip_reason, block, every counter and
/// derived figure) and "totals" (summed counters, figures derived from the sums,
/// layer and skipped-layer counts). Floating figures carry 9 significant digits.
std::string to_json(const stats::RunInfo& info, const std::vector<stats::LayerStats>& layers);

/// CSV for pandas: one header row (units in the column names: cycles, time_ms,
/// ddr_input_MB, bandwidth_GBps, dsp_busy_frac, …), one row per layer in order (skipped
/// layers included, with zero figures and their skip_reason), and a final TOTAL row.
/// RFC 4180 quoting, '\n' line ends, floating figures with 9 significant digits.
std::string to_csv(const stats::RunInfo& info, const std::vector<stats::LayerStats>& layers);

/// Column names of to_csv() for layers of an overlay with this statistics group (nullptr:
/// the common columns only), in order.
std::vector<std::string> csv_columns(const stats::StatGroup* group = nullptr);

/// Writes `dir`/config.resolved.yaml, `dir`/results.csv and, last, `dir`/results.json,
/// each atomically (see write_file_atomic); creates `dir`. Throws specsim::Error.
void write_results(const std::string& dir, const stats::RunInfo& info,
                   const std::vector<stats::LayerStats>& layers, const std::string& resolved_config_yaml);

}  // namespace specsim::report
