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

/// One layer under the three dataflows (kernel_reuse, activation_reuse, flexible).
struct DataflowRow {
    hw::LayerStats kr, ar, flex;
    std::string flex_reuse;  ///< which operand flexible's block keeps: kernel_reuse, activation_reuse, both, none
};

struct PaperTable {
    hw::RunInfo info;
    std::vector<DataflowRow> rows;      ///< conv layers that ran, in network order
    std::vector<std::string> skipped;   ///< "name (reason)" of layers not run on the engine
    config::PublishedFigures published;
};

/// format: "md", "tex" or "csv"; throws specsim::Error otherwise.
std::string format_paper_table(const PaperTable& t, const std::string& format);

}  // namespace specsim::report
