// SPDX-License-Identifier: MIT
// The paper-style dataflow table (PAPERS.md §1): per conv layer the simulated figures of
// fixed kernel reuse, fixed activation reuse and the flexible dataflow; totals; the
// transfer reduction of flexible over each fixed dataflow; the published figures beside
// ours with the difference; provenance. Markdown, LaTeX or CSV.
#pragma once

#include <string>
#include <vector>

#include "config/published.hpp"
#include "stats/layer_stats.hpp"

namespace specsim::report {

/// One layer under every compared dataflow (in PaperTable::dataflows order; the last one
/// is the design's own and gets the detail columns).
struct DataflowRow {
    std::vector<stats::LayerStats> variants;
    std::string note;        ///< the last variant's note column (spectral: which operand its block keeps)
};

/// A dataflow column group: short label ("KR") and long name ("kernel reuse").
struct DataflowLabel {
    std::string label, name;
};

struct PaperTable {
    stats::RunInfo info;
    std::vector<DataflowLabel> dataflows;  ///< compared dataflows, at least two; the last is the design's own
    std::string note_head;                 ///< header of the last variant's note column ("" = none)
    std::string legend;                    ///< the Markdown legend line
    std::vector<DataflowRow> rows;         ///< conv layers that ran, in network order
    /// Per dataflow: the whole network's cycles (every layer, not only the rows), for the
    /// "whole network" summary row; empty = no such row.
    std::vector<std::uint64_t> whole_network_cycles;
    std::vector<std::string> skipped;      ///< "name (reason)" of layers not run on the engine
    config::PublishedFigures published;
};

/// format: "md", "tex" or "csv"; throws specsim::Error otherwise.
std::string format_paper_table(const PaperTable& t, const std::string& format);

}  // namespace specsim::report
