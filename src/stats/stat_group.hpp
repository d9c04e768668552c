// SPDX-License-Identifier: MIT
// An overlay's own statistics, declared once (gem5's stats groups are the model): every
// counter and text field with name, unit and description, the figures derived from them,
// where each goes among the common columns, and its cells in the terminal table. The
// reporter (JSON, CSV, table), regress and sweep merge read these declarations, so a new
// counter is added in one place: its declaration.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "stats/layer_stats.hpp"

namespace specsim::stats {

/// num / den, or 0 when den ≤ 0 (a figure of a layer that did not run).
inline double ratio_or_zero(double num, double den) { return den > 0 ? num / den : 0.0; }

/// How the TOTAL row combines a counter over the layers.
enum class Total {
    sum,   ///< the sum of the layers (a count of events, bytes, cycles)
    none,  ///< no total (a per-layer setting such as a block size): blank in CSV, absent in JSON totals
};

/// Where a declared column goes in the result files: after the common (or earlier declared)
/// column of this name; empty = after everything declared so far.
struct Placement {
    std::string after;
};

struct CounterDecl {
    std::string name;         ///< JSON key and CSV column, snake_case
    std::string unit;         ///< e.g. "cycles", "bytes", "kernel slots"
    std::string description;  ///< one line
    Placement place;
    Total total = Total::sum;
    bool golden = true;       ///< regress compares it exactly against the golden file
};

struct TextDecl {
    std::string name, description;
    Placement place;
};

/// A figure derived from a layer's counters (or from the totals) and the run's info.
struct FigureDecl {
    std::string name, unit, description;
    Placement place;
    std::function<double(const LayerStats&, const RunInfo&)> compute;
};

/// One column of the terminal table: a header and its cell (`total` = the TOTAL row).
struct TableColumnDecl {
    std::string head;
    std::string after_head;   ///< placed after the common column with this header ("" = at the end)
    bool left_aligned = false;
    std::function<std::string(const LayerStats&, bool total)> cell;
};

/// The common result keys regress pins for every overlay (results.json layer keys), before
/// the golden counters of the overlay's group.
const std::vector<std::string>& common_golden_keys();

class StatGroup {
public:
    explicit StatGroup(std::string name) : m_name(std::move(name)) {}

    const std::string& name() const { return m_name; }
    StatGroup& counter(CounterDecl d);
    StatGroup& text(TextDecl d);
    StatGroup& figure(FigureDecl d);
    StatGroup& table_column(TableColumnDecl d);
    /// Legend of the group's table columns, printed before the common legend.
    StatGroup& table_legend(std::string legend);
    /// The unit this overlay gives a common column (e.g. mac_ops: "complex MACs").
    StatGroup& common_unit(std::string column, std::string unit);
    /// The overridden unit of a common column, or `fallback`.
    const std::string& unit_of(const std::string& column, const std::string& fallback) const;

    const std::vector<CounterDecl>& counters() const { return m_counters; }
    const std::vector<TextDecl>& texts() const { return m_texts; }
    const std::vector<FigureDecl>& figures() const { return m_figures; }
    const std::vector<TableColumnDecl>& table_columns() const { return m_table; }
    const std::string& legend() const { return m_legend; }
    /// common_golden_keys() then the names of the counters declared golden, in order.
    std::vector<std::string> golden_keys() const;

    /// Index of a counter / text by name; throws specsim::Error if not declared.
    std::size_t counter_index(const std::string& name) const;
    std::size_t text_index(const std::string& name) const;

private:
    std::string m_name;
    std::vector<CounterDecl> m_counters;
    std::vector<TextDecl> m_texts;
    std::vector<FigureDecl> m_figures;
    std::vector<TableColumnDecl> m_table;
    std::string m_legend;
    std::vector<std::pair<std::string, std::string>> m_units;
};

}  // namespace specsim::stats
