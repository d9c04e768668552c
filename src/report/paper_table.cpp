// SPDX-License-Identifier: MIT
#include "report/paper_table.hpp"

#include <cmath>

#include <fmt/core.h>

#include "report/derived.hpp"
#include "report/number_format.hpp"
#include "stats/stat_group.hpp"
#include "util/error.hpp"

namespace specsim::report {
namespace {

double mb(const stats::LayerStats& s) { return static_cast<double>(s.ddr_bytes()) / kBytesPerMB; }

// Percent change from `base` to `x` (negative = reduction); 0 when base is 0.
double change_pct(double x, double base) { return base > 0 ? (x - base) / base * 100.0 : 0.0; }

struct Cells {
    std::vector<std::string> head;
    std::vector<std::vector<std::string>> body;  // layers, then TOTAL
};

// The overlay's setting column (its first left-aligned table column, e.g. the spectral
// block) and its other table columns (shown for the last variant).
struct GroupCells {
    const stats::TableColumnDecl* setting = nullptr;
    std::vector<const stats::TableColumnDecl*> extras;
};

GroupCells group_cells(const PaperTable& t)
{
    GroupCells g;
    const stats::StatGroup* group = nullptr;
    for (const auto& r : t.rows)
        for (const auto& v : r.variants)
            if (!group) group = v.group;
    if (!group) return g;
    for (const auto& c : group->table_columns()) {
        if (!g.setting && c.left_aligned) g.setting = &c;
        else g.extras.push_back(&c);
    }
    return g;
}

Cells cells(const PaperTable& t, std::vector<stats::LayerStats>& totals)
{
    Cells c;
    const std::size_t n = t.dataflows.size();
    const GroupCells g = group_cells(t);
    const std::string setting_head = g.setting ? g.setting->head : "";
    c.head = {"layer"};
    for (std::size_t v = 0; v < n; ++v) {
        const std::string& l = t.dataflows[v].label;
        if (v + 1 < n) {
            if (g.setting) c.head.push_back(l + " " + setting_head);
            c.head.push_back(l + " DDR MB");
            c.head.push_back(l + " ms");
            continue;
        }
        if (!t.note_head.empty()) c.head.push_back(l + " " + t.note_head);
        if (g.setting) c.head.push_back(l + " " + setting_head);
        for (const char* h : {" DDR MB", " compute cycles", " ms", " DSP busy %"}) c.head.push_back(l + h);
        for (const auto* e : g.extras) c.head.push_back(l + " " + e->head);
    }
    const auto row = [&](const std::string& name, const std::string& note, const std::vector<stats::LayerStats>& vs,
                         bool total) {
        std::vector<std::string> r = {name};
        for (std::size_t v = 0; v < n; ++v) {
            const stats::LayerStats& s = vs[v];
            const Derived d = derive(s, t.info);
            if (v + 1 < n) {
                if (g.setting) r.push_back(g.setting->cell(s, total));
                r.push_back(fixed_grouped(mb(s), 2));
                r.push_back(fixed_grouped(d.time_ms, 3));
                continue;
            }
            if (!t.note_head.empty()) r.push_back(note);
            if (g.setting) r.push_back(g.setting->cell(s, total));
            r.push_back(fixed_grouped(mb(s), 2));
            r.push_back(group_thousands(s.compute_cycles));
            r.push_back(fixed_grouped(d.time_ms, 3));
            r.push_back(fixed_grouped(d.dsp_busy_frac * 100.0, 1));
            for (const auto* e : g.extras) r.push_back(e->cell(s, total));
        }
        c.body.push_back(std::move(r));
    };
    std::vector<std::vector<stats::LayerStats>> per(n);
    for (const auto& r : t.rows) {
        row(r.variants.front().layer, r.note, r.variants, false);
        for (std::size_t v = 0; v < n; ++v) per[v].push_back(r.variants[v]);
    }
    totals.clear();
    for (std::size_t v = 0; v < n; ++v) totals.push_back(sum_stats(per[v]));
    row("TOTAL", "", totals, true);
    return c;
}

std::string tex_escape(const std::string& s)
{
    std::string o;
    for (const char ch : s) {
        if (ch == '_' || ch == '%' || ch == '&' || ch == '#') o += '\\';
        o += ch;
    }
    return o;
}

std::string csv_field(const std::string& s)
{
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string o = "\"";
    for (const char ch : s) o += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return o + "\"";
}

}  // namespace

std::string format_paper_table(const PaperTable& t, const std::string& format)
{
    if (format != "md" && format != "tex" && format != "csv")
        throw Error("table format must be md, tex or csv, got '" + format + "'");
    if (t.dataflows.size() < 2) throw Error("a dataflow table compares at least two dataflows");
    for (const auto& r : t.rows)
        if (r.variants.size() != t.dataflows.size()) throw Error("a dataflow table row has the wrong number of variants");
    std::vector<stats::LayerStats> totals;
    const Cells c = cells(t, totals);
    const std::size_t n = t.dataflows.size();
    const stats::LayerStats& own = totals.back();
    const std::string& own_name = t.dataflows.back().name;
    const double own_mb = mb(own);
    const double own_ms = cycles_to_ms(own.cycles, t.info.clock_hz);

    // Summary lines: ours, published, difference.
    std::vector<std::vector<std::string>> summary;
    const double pub_red = t.published.transfer_reduction_pct;
    for (std::size_t v = 0; v + 1 < n; ++v) {
        const double vs = change_pct(own_mb, mb(totals[v]));
        summary.push_back({"DDR transfers, " + own_name + " vs " + t.dataflows[v].name, fmt::format("{:+.1f} %", vs),
                           pub_red > 0 ? fmt::format("{:+.1f} %", -pub_red) : "",
                           pub_red > 0 ? fmt::format("{:+.1f} pp", vs + pub_red) : ""});
    }
    summary.push_back({"latency, " + own_name + " (ms)", fixed_grouped(own_ms, 3),
                       t.published.latency_s > 0 ? fixed_grouped(t.published.latency_s * 1e3, 3) : "",
                       t.published.latency_s > 0 ? fmt::format("{:+.3f} ms ({:+.1f} %)", own_ms - t.published.latency_s * 1e3,
                                                               change_pct(own_ms, t.published.latency_s * 1e3)) : ""});
    if (!t.whole_network_cycles.empty()) {
        const double whole = cycles_to_ms(t.whole_network_cycles.back(), t.info.clock_hz);
        summary.push_back({"latency, " + own_name + ", whole network (ms)", fixed_grouped(whole, 3), "", ""});
    }
    std::string names, values;
    for (std::size_t v = 0; v + 1 < n; ++v) {
        names += (v ? " / " : "") + t.dataflows[v].name;
        values += (v ? " / " : "") + fixed_grouped(cycles_to_ms(totals[v].cycles, t.info.clock_hz), 3);
    }
    summary.push_back({"latency, " + names + " (ms)", values,
                       t.published.baseline_latency_s > 0 ? fmt::format("baseline {}", fixed_grouped(t.published.baseline_latency_s * 1e3, 3)) : "",
                       ""});
    const std::vector<std::string> summary_head = {"figure", "specsim", "published", "difference"};
    const std::string provenance = fmt::format(
        "experiment {}, network {}, arch {} on {}, {} MHz, timing {}, reader {}, seed {}, config {}, git {}",
        t.info.experiment, t.info.network, t.info.arch, t.info.device, t.info.clock_hz / 1e6, t.info.timing,
        t.info.reader, t.info.seed, t.info.config_hash, t.info.git_revision);
    const std::string source = t.published.present ? "published: " + t.published.source : "no published figures given";

    std::string out;
    if (format == "csv") {
        const auto line = [&](const std::vector<std::string>& v) {
            for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + csv_field(v[i]);
            out += "\n";
        };
        out += "# " + provenance + "\n# " + source + "\n";
        line(c.head);
        for (const auto& r : c.body) line(r);
        out += "\n";
        line(summary_head);
        for (const auto& r : summary) line(r);
        return out;
    }
    if (format == "md") {
        const auto line = [&](const std::vector<std::string>& v) {
            out += "|";
            for (const auto& x : v) out += " " + x + " |";
            out += "\n";
        };
        const auto rule = [&](std::size_t n, bool numeric_from_1) {
            out += "|";
            for (std::size_t i = 0; i < n; ++i) out += (numeric_from_1 && i > 0) ? "---:|" : "---|";
            out += "\n";
        };
        line(c.head);
        rule(c.head.size(), true);
        for (const auto& r : c.body) line(r);
        out += "\n" + t.legend;
        if (!t.skipped.empty()) out += fmt::format(" {} layers not run on the engine (zero time).", t.skipped.size());
        out += "\n\n";
        line(summary_head);
        rule(summary_head.size(), false);
        for (const auto& r : summary) line(r);
        out += "\n" + provenance + "; " + source + ".\n";
        return out;
    }
    // LaTeX (booktabs).
    const auto line = [&](const std::vector<std::string>& v) {
        for (std::size_t i = 0; i < v.size(); ++i) out += (i ? " & " : "") + tex_escape(v[i]);
        out += " \\\\\n";
    };
    out += "% " + provenance + "\n% " + source + "\n";
    out += "\\begin{tabular}{l" + std::string(c.head.size() - 1, 'r') + "}\n\\toprule\n";
    line(c.head);
    out += "\\midrule\n";
    for (std::size_t i = 0; i + 1 < c.body.size(); ++i) line(c.body[i]);
    out += "\\midrule\n";
    line(c.body.back());
    out += "\\bottomrule\n\\end{tabular}\n\n\\begin{tabular}{lrrr}\n\\toprule\n";
    line(summary_head);
    out += "\\midrule\n";
    for (const auto& r : summary) line(r);
    out += "\\bottomrule\n\\end{tabular}\n";
    return out;
}

}  // namespace specsim::report
