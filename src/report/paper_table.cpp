// SPDX-License-Identifier: MIT
#include "report/paper_table.hpp"

#include <cmath>

#include <fmt/core.h>

#include "report/derived.hpp"
#include "report/number_format.hpp"
#include "util/error.hpp"

namespace specsim::report {
namespace {

double mb(const hw::LayerStats& s) { return static_cast<double>(s.ddr_bytes()) / kBytesPerMB; }

// Percent change from `base` to `x` (negative = reduction); 0 when base is 0.
double change_pct(double x, double base) { return base > 0 ? (x - base) / base * 100.0 : 0.0; }

struct Cells {
    std::vector<std::string> head;
    std::vector<std::vector<std::string>> body;  // layers, then TOTAL
};

Cells cells(const PaperTable& t, hw::LayerStats& kr_total, hw::LayerStats& ar_total, hw::LayerStats& flex_total)
{
    Cells c;
    c.head = {"layer",        "KR block",   "KR DDR MB", "KR ms",      "AR block",   "AR DDR MB", "AR ms",
              "flex reuse",   "flex block", "flex DDR MB", "flex compute cycles", "flex ms", "flex DSP busy %",
              "flex bubbles", "flex conflicts"};
    std::vector<hw::LayerStats> kr, ar, flex;
    const auto block = [](const hw::LayerStats& s) { return fmt::format("{}x{}", s.block_ns, s.block_ps); };
    const auto row = [&](const std::string& name, const std::string& reuse, const hw::LayerStats& a,
                         const hw::LayerStats& b, const hw::LayerStats& f, bool total) {
        const Derived df = derive(f, t.info);
        c.body.push_back({name, total ? "" : block(a), fixed_grouped(mb(a), 2), fixed_grouped(derive(a, t.info).time_ms, 3),
                          total ? "" : block(b), fixed_grouped(mb(b), 2), fixed_grouped(derive(b, t.info).time_ms, 3),
                          reuse, total ? "" : block(f), fixed_grouped(mb(f), 2), group_thousands(f.compute_cycles),
                          fixed_grouped(df.time_ms, 3), fixed_grouped(df.dsp_busy_frac * 100.0, 1),
                          group_thousands(f.bubbles), group_thousands(f.read_conflicts)});
    };
    for (const auto& r : t.rows) {
        row(r.kr.layer, r.flex_reuse, r.kr, r.ar, r.flex, false);
        kr.push_back(r.kr);
        ar.push_back(r.ar);
        flex.push_back(r.flex);
    }
    kr_total = sum_stats(kr);
    ar_total = sum_stats(ar);
    flex_total = sum_stats(flex);
    row("TOTAL", "", kr_total, ar_total, flex_total, true);
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
    hw::LayerStats kr, ar, flex;
    const Cells c = cells(t, kr, ar, flex);
    const double kr_mb = mb(kr), ar_mb = mb(ar), flex_mb = mb(flex);
    const double flex_ms = cycles_to_ms(flex.cycles, t.info.clock_hz);
    const double kr_ms = cycles_to_ms(kr.cycles, t.info.clock_hz), ar_ms = cycles_to_ms(ar.cycles, t.info.clock_hz);
    const double vs_kr = change_pct(flex_mb, kr_mb), vs_ar = change_pct(flex_mb, ar_mb);

    // Summary lines: ours, published, difference.
    std::vector<std::vector<std::string>> summary;
    summary.push_back({"DDR transfers, flexible vs kernel reuse", fmt::format("{:+.1f} %", vs_kr),
                       t.published.transfer_reduction_pct > 0 ? fmt::format("{:+.1f} %", -t.published.transfer_reduction_pct) : "",
                       t.published.transfer_reduction_pct > 0 ? fmt::format("{:+.1f} pp", vs_kr + t.published.transfer_reduction_pct) : ""});
    summary.push_back({"DDR transfers, flexible vs activation reuse", fmt::format("{:+.1f} %", vs_ar),
                       t.published.transfer_reduction_pct > 0 ? fmt::format("{:+.1f} %", -t.published.transfer_reduction_pct) : "",
                       t.published.transfer_reduction_pct > 0 ? fmt::format("{:+.1f} pp", vs_ar + t.published.transfer_reduction_pct) : ""});
    summary.push_back({"latency, flexible (ms)", fixed_grouped(flex_ms, 3),
                       t.published.latency_s > 0 ? fixed_grouped(t.published.latency_s * 1e3, 3) : "",
                       t.published.latency_s > 0 ? fmt::format("{:+.3f} ms ({:+.1f} %)", flex_ms - t.published.latency_s * 1e3,
                                                               change_pct(flex_ms, t.published.latency_s * 1e3)) : ""});
    summary.push_back({"latency, kernel reuse / activation reuse (ms)",
                       fmt::format("{} / {}", fixed_grouped(kr_ms, 3), fixed_grouped(ar_ms, 3)),
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
        out += "\nKR = fixed kernel reuse, AR = fixed activation reuse, flex = flexible (per layer); block = Ns x Ps "
               "(kernels x tiles); MB = 1e6 bytes.";
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
