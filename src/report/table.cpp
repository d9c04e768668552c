// SPDX-License-Identifier: MIT
// format_table: the terminal view of a run. Cells are rendered first, then every column is
// padded to its widest cell, so thousands separators and long names never break alignment.
#include <algorithm>
#include <cstdint>
#include <functional>

#include <fmt/core.h>

#include "report/derived.hpp"
#include "report/number_format.hpp"
#include "report/reporter.hpp"
#include "stats/stat_group.hpp"

namespace specsim::report {
namespace {

struct Row {
    std::vector<std::string> cells;  ///< all columns; for a skipped layer only layer and type
    std::string note;                ///< skipped layer: shown after layer and type
};

// Common columns of every overlay; an overlay's StatGroup places its own among them.
const std::vector<std::string> kCommonHeads = {"layer", "type", "cycles", "ms", "in MB", "krn MB",
                                               "idx MB", "out MB", "GB/s", "DSP busy %"};

struct TableColumn {
    std::string head;
    bool left = false;
    std::function<std::string(const stats::LayerStats&, const Derived&, bool total)> cell;
};

std::vector<TableColumn> table_columns(const stats::StatGroup* g)
{
    using S = stats::LayerStats;
    std::vector<TableColumn> cols = {
        {"layer", true, [](const S& s, const Derived&, bool) { return s.layer; }},
        {"type", true, [](const S& s, const Derived&, bool) { return s.kind; }},
        {"cycles", false, [](const S& s, const Derived&, bool) { return group_thousands(s.cycles); }},
        {"ms", false, [](const S&, const Derived& d, bool) { return fixed_grouped(d.time_ms, 3); }},
        {"in MB", false, [](const S&, const Derived& d, bool) { return fixed_grouped(d.ddr_input_mb, 2); }},
        {"krn MB", false, [](const S&, const Derived& d, bool) { return fixed_grouped(d.ddr_kernel_mb, 2); }},
        {"idx MB", false, [](const S&, const Derived& d, bool) { return fixed_grouped(d.ddr_index_mb, 2); }},
        {"out MB", false, [](const S&, const Derived& d, bool) { return fixed_grouped(d.ddr_output_mb, 2); }},
        {"GB/s", false, [](const S&, const Derived& d, bool) { return fixed_grouped(d.bandwidth_gbps, 2); }},
        {"DSP busy %", false, [](const S&, const Derived& d, bool) { return fixed_grouped(100.0 * d.dsp_busy_frac, 1); }},
    };
    if (!g) return cols;
    for (const auto& c : g->table_columns()) {
        std::size_t at = cols.size();
        for (std::size_t i = 0; i < cols.size(); ++i)
            if (cols[i].head == c.after_head) at = i + 1;
        const auto cell = c.cell;
        cols.insert(cols.begin() + static_cast<std::ptrdiff_t>(at),
                    TableColumn{c.head, c.left_aligned, [cell](const S& s, const Derived&, bool total) { return cell(s, total); }});
    }
    return cols;
}

// Terminal columns of a UTF-8 string (code points; no wide-character handling).
std::size_t display_width(const std::string& s)
{
    std::size_t n = 0;
    for (const unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

std::string pad(const std::string& s, std::size_t width, bool left)
{
    const std::size_t w = display_width(s);
    const std::string fill(width > w ? width - w : 0, ' ');
    return left ? s + fill : fill + s;
}

std::vector<std::string> number_cells(const std::vector<TableColumn>& cols, const stats::LayerStats& s,
                                      const stats::RunInfo& info, bool total)
{
    const Derived d = derive(s, info);
    std::vector<std::string> cells;
    for (const auto& c : cols) cells.push_back(c.cell(s, d, total));
    return cells;
}

std::string percent_of(double used, double available)
{
    return available > 0 ? " (" + fixed_grouped(100.0 * used / available, 1) + "%)" : "";
}

std::string header(const stats::RunInfo& info)
{
    const auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
    std::string h;
    h += fmt::format("experiment  {}\n", or_dash(info.experiment));
    h += fmt::format("network     {}\n", or_dash(info.network));
    h += fmt::format("arch        {} on {}\n", or_dash(info.arch), or_dash(info.device));
    h += fmt::format("run         clock {} MHz   timing {}   dataflow {}   reader {}   seed {}\n",
                     canonical(info.clock_hz / 1e6), or_dash(info.timing), or_dash(info.dataflow),
                     or_dash(info.reader), info.seed);
    // URAM only for designs that use it (the line stays as it was for the others).
    const std::string uram = info.uram_used == 0 ? std::string()
                                                 : fmt::format("   URAM {} / {}{}", group_thousands(info.uram_used),
                                                               group_thousands(info.uram_available),
                                                               percent_of(double(info.uram_used), double(info.uram_available)));
    h += fmt::format("resources   DSP {} / {}{}   BRAM36 {} / {}{}{}   PE lanes {}\n",
                     group_thousands(info.dsp_used), group_thousands(info.dsp_available),
                     percent_of(double(info.dsp_used), double(info.dsp_available)),
                     fixed_grouped(info.bram36_used, 1), group_thousands(info.bram36_available),
                     percent_of(info.bram36_used, double(info.bram36_available)), uram, info.pe_lanes);
    h += fmt::format("provenance  config {}   git {}\n", or_dash(info.config_hash),
                     or_dash(info.git_revision));
    return h;
}

}  // namespace

std::string format_table(const stats::RunInfo& info, const std::vector<stats::LayerStats>& layers)
{
    const stats::StatGroup* group = nullptr;
    for (const auto& s : layers)
        if (!group) group = s.group;
    const std::vector<TableColumn> cols = table_columns(group);
    std::vector<std::string> heads;
    for (const auto& c : cols) heads.push_back(c.head);
    std::vector<Row> rows;
    for (const auto& s : layers) {
        if (s.skip_reason.empty()) rows.push_back({number_cells(cols, s, info, false), ""});
        else rows.push_back({{s.layer, s.kind}, "skipped: " + s.skip_reason});
    }
    const stats::LayerStats sums = sum_stats(layers);
    const Row total{number_cells(cols, sums, info, true), ""};

    std::vector<std::size_t> width(heads.size());
    for (std::size_t c = 0; c < heads.size(); ++c) width[c] = display_width(heads[c]);
    const auto widen = [&](const Row& r) {
        for (std::size_t c = 0; c < r.cells.size(); ++c)
            width[c] = std::max(width[c], display_width(r.cells[c]));
    };
    for (const auto& r : rows) widen(r);
    widen(total);

    const auto render = [&](const std::vector<std::string>& cells, const std::string& note) {
        std::string line;
        for (std::size_t c = 0; c < cells.size(); ++c)
            line += (c ? "  " : "") + pad(cells[c], width[c], cols[c].left);
        if (!note.empty()) line += "  " + note;
        while (!line.empty() && line.back() == ' ') line.pop_back();
        return line + "\n";
    };
    std::size_t line_width = 0;
    for (const auto w : width) line_width += w + 2;
    const std::string rule(line_width - 2, '-');

    std::string out = header(info);
    out += "\n" + render(heads, "") + rule + "\n";
    for (const auto& r : rows) out += render(r.cells, r.note);
    out += rule + "\n" + render(total.cells, "");
    const std::size_t skipped = count_skipped(layers);
    // Readers of papers ask which total a published latency is: convolutions alone, or all.
    const std::uint64_t conv = conv_cycles(layers), all = sums.cycles;
    if (conv != all)
        out += fmt::format("conv only: {} cycles, {} ms; whole network: {} cycles, {} ms\n", group_thousands(conv),
                           fixed_grouped(cycles_to_ms(conv, info.clock_hz), 3), group_thousands(all),
                           fixed_grouped(cycles_to_ms(all, info.clock_hz), 3));
    out += fmt::format("\n{} layers: {} run, {} skipped (not run on the engine, zero in TOTAL)\n"
                       "{}MB = 1e6 bytes; GB/s = 1e9 bytes/s; DSP busy = MACs / (cycles x PE lanes)\n",
                       layers.size(), layers.size() - skipped, skipped,
                       group && !group->legend().empty() ? group->legend() + "; " : std::string());
    return out;
}

}  // namespace specsim::report
