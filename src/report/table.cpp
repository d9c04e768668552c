// SPDX-License-Identifier: MIT
// format_table: the terminal view of a run. Cells are rendered first, then every column is
// padded to its widest cell, so thousands separators and long names never break alignment.
#include <algorithm>
#include <cstdint>

#include <fmt/core.h>

#include "report/derived.hpp"
#include "report/number_format.hpp"
#include "report/reporter.hpp"

namespace specsim::report {
namespace {

struct Row {
    std::vector<std::string> cells;  ///< all columns; for a skipped layer only layer and type
    std::string note;                ///< skipped layer: shown after layer and type
};

const std::vector<std::string> kHeads = {"layer", "type", "block", "cycles", "ms",
                                         "in MB", "krn MB", "idx MB", "out MB", "GB/s",
                                         "DSP busy %", "bubbles", "conflicts"};
constexpr std::size_t kLeftAligned = 3;  // layer, type, block; the numbers are right-aligned

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

std::vector<std::string> number_cells(const hw::LayerStats& s, const hw::RunInfo& info, bool total)
{
    const Derived d = derive(s, info);
    return {s.layer,
            s.kind,
            total ? "" : fmt::format("{}x{}", s.block_ns, s.block_ps),
            group_thousands(s.cycles),
            fixed_grouped(d.time_ms, 3),
            fixed_grouped(d.ddr_input_mb, 2),
            fixed_grouped(d.ddr_kernel_mb, 2),
            fixed_grouped(d.ddr_index_mb, 2),
            fixed_grouped(d.ddr_output_mb, 2),
            fixed_grouped(d.bandwidth_gbps, 2),
            fixed_grouped(100.0 * d.dsp_busy_frac, 1),
            group_thousands(s.bubbles),
            group_thousands(s.read_conflicts)};
}

std::string percent_of(double used, double available)
{
    return available > 0 ? " (" + fixed_grouped(100.0 * used / available, 1) + "%)" : "";
}

std::string header(const hw::RunInfo& info)
{
    const auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
    std::string h;
    h += fmt::format("experiment  {}\n", or_dash(info.experiment));
    h += fmt::format("network     {}\n", or_dash(info.network));
    h += fmt::format("arch        {} on {}\n", or_dash(info.arch), or_dash(info.device));
    h += fmt::format("run         clock {} MHz   timing {}   dataflow {}   reader {}   seed {}\n",
                     canonical(info.clock_hz / 1e6), or_dash(info.timing), or_dash(info.dataflow),
                     or_dash(info.reader), info.seed);
    h += fmt::format("resources   DSP {} / {}{}   BRAM36 {} / {}{}   PE lanes {}\n",
                     group_thousands(info.dsp_used), group_thousands(info.dsp_available),
                     percent_of(double(info.dsp_used), double(info.dsp_available)),
                     fixed_grouped(info.bram36_used, 1), group_thousands(info.bram36_available),
                     percent_of(info.bram36_used, double(info.bram36_available)), info.pe_lanes);
    h += fmt::format("provenance  config {}   git {}\n", or_dash(info.config_hash),
                     or_dash(info.git_revision));
    return h;
}

}  // namespace

std::string format_table(const hw::RunInfo& info, const std::vector<hw::LayerStats>& layers)
{
    std::vector<Row> rows;
    for (const auto& s : layers) {
        if (s.skip_reason.empty()) rows.push_back({number_cells(s, info, false), ""});
        else rows.push_back({{s.layer, s.kind}, "skipped: " + s.skip_reason});
    }
    const Row total{number_cells(sum_stats(layers), info, true), ""};

    std::vector<std::size_t> width(kHeads.size());
    for (std::size_t c = 0; c < kHeads.size(); ++c) width[c] = display_width(kHeads[c]);
    const auto widen = [&](const Row& r) {
        for (std::size_t c = 0; c < r.cells.size(); ++c)
            width[c] = std::max(width[c], display_width(r.cells[c]));
    };
    for (const auto& r : rows) widen(r);
    widen(total);

    const auto render = [&](const std::vector<std::string>& cells, const std::string& note) {
        std::string line;
        for (std::size_t c = 0; c < cells.size(); ++c)
            line += (c ? "  " : "") + pad(cells[c], width[c], c < kLeftAligned);
        if (!note.empty()) line += "  " + note;
        while (!line.empty() && line.back() == ' ') line.pop_back();
        return line + "\n";
    };
    std::size_t line_width = 0;
    for (const auto w : width) line_width += w + 2;
    const std::string rule(line_width - 2, '-');

    std::string out = header(info);
    out += "\n" + render(kHeads, "") + rule + "\n";
    for (const auto& r : rows) out += render(r.cells, r.note);
    out += rule + "\n" + render(total.cells, "");
    const std::size_t skipped = count_skipped(layers);
    out += fmt::format("\n{} layers: {} run, {} skipped (not run on the engine, zero in TOTAL)\n"
                       "block = Ns x Ps (kernels x tiles); MB = 1e6 bytes; GB/s = 1e9 bytes/s; "
                       "DSP busy = MACs / (cycles x PE lanes)\n",
                       layers.size(), layers.size() - skipped, skipped);
    return out;
}

}  // namespace specsim::report
