// SPDX-License-Identifier: MIT
// Header-driven CSV reader for SCALE-Sim reference rows, and the comparison of a row with
// what the overlay gave (see scalesim_cases.hpp).
#include "overlay/systolic/analytic/scalesim_cases.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "util/error.hpp"

namespace specsim::systolic {
namespace {

std::vector<std::string> split_csv(const std::string& line)
{
    std::vector<std::string> out;
    std::string cell;
    std::stringstream ss(line);
    while (std::getline(ss, cell, ',')) {
        while (!cell.empty() && (cell.back() == '\r' || cell.back() == ' ')) cell.pop_back();
        while (!cell.empty() && cell.front() == ' ') cell.erase(cell.begin());
        out.push_back(cell);
    }
    if (!line.empty() && line.back() == ',') out.emplace_back();
    return out;
}

class RowReader {
public:
    RowReader(const std::map<std::string, std::size_t>& cols, const std::vector<std::string>& cells,
              const std::string& origin, int line)
        : m_cols(cols), m_cells(cells), m_origin(origin), m_line(line) {}

    [[noreturn]] void fail(const std::string& col, const std::string& msg) const
    {
        throw Error(m_origin + ":" + std::to_string(m_line) + ": column '" + col + "': " + msg);
    }
    bool present(const std::string& col) const
    {
        const auto it = m_cols.find(col);
        return it != m_cols.end() && it->second < m_cells.size() && !m_cells[it->second].empty();
    }
    std::string text(const std::string& col) const
    {
        const auto it = m_cols.find(col);
        if (it == m_cols.end()) fail(col, "missing from the header");
        if (it->second >= m_cells.size() || m_cells[it->second].empty()) fail(col, "empty");
        return m_cells[it->second];
    }
    std::uint64_t number(const std::string& col) const
    {
        const std::string t = text(col);
        std::size_t used = 0;
        unsigned long long v = 0;
        try {
            v = std::stoull(t, &used);
        } catch (...) {
            used = 0;
        }
        if (used != t.size() || t[0] == '-') fail(col, "'" + t + "' is not a whole number ≥ 0");
        return v;
    }
    std::optional<std::uint64_t> optional_number(const std::string& col) const
    {
        if (!present(col)) return std::nullopt;
        return number(col);
    }

private:
    const std::map<std::string, std::size_t>& m_cols;
    const std::vector<std::string>& m_cells;
    const std::string& m_origin;
    int m_line;
};

}  // namespace

// Array edges beyond this are not a systolic array anyone builds; the bound keeps the
// 32-bit ArrayShape and the products of edges and GEMM sizes far from overflow.
constexpr std::uint64_t kMaxArrayEdge = 65536;

std::vector<ScalesimCase> parse_scalesim_cases(const std::string& text, const std::string& origin)
{
    std::istringstream in(text);
    std::string line;
    int line_no = 0;
    std::map<std::string, std::size_t> cols;
    while (std::getline(in, line)) {
        ++line_no;
        if (!split_csv(line).empty() && line.find_first_not_of(" \r,") != std::string::npos) break;
    }
    if (line_no == 0 || line.find_first_not_of(" \r,") == std::string::npos)
        throw Error(origin + ": no header line");
    const auto header = split_csv(line);
    for (std::size_t i = 0; i < header.size(); ++i)
        if (!header[i].empty()) cols[header[i]] = i;
    std::vector<ScalesimCase> cases;
    std::map<std::string, int> seen;  // case_id → line: rows are addressed by id (--row)
    while (std::getline(in, line)) {
        ++line_no;
        if (line.find_first_not_of(" \r,") == std::string::npos) continue;
        const auto cells = split_csv(line);
        const RowReader r(cols, cells, origin, line_no);
        if (cells.size() > header.size())
            r.fail(std::to_string(cells.size()) + " cells", "the header has only " + std::to_string(header.size()));
        ScalesimCase c;
        c.line = line_no;
        c.case_id = r.text("case_id");
        if (const auto [it, fresh] = seen.emplace(c.case_id, line_no); !fresh)
            r.fail("case_id", "'" + c.case_id + "' repeats line " + std::to_string(it->second));
        c.mode = r.text("bandwidth_mode");
        if (c.mode != "CALC" && c.mode != "USER") r.fail("bandwidth_mode", "'" + c.mode + "' is not CALC or USER");
        if (c.mode == "USER") {
            c.bandwidth_words = r.number("user_bandwidth_words_per_cycle");
            if (c.bandwidth_words == 0) r.fail("user_bandwidth_words_per_cycle", "must be at least 1");
        }
        for (const char* col : {"array_rows", "array_cols"}) {
            const std::uint64_t v = r.number(col);
            if (v == 0 || v > kMaxArrayEdge)
                r.fail(col, "must be between 1 and " + std::to_string(kMaxArrayEdge));
        }
        c.array.rows = static_cast<std::uint32_t>(r.number("array_rows"));
        c.array.cols = static_cast<std::uint32_t>(r.number("array_cols"));
        const std::string df = r.text("dataflow");
        try {
            c.dataflow = parse_dataflow(df);
        } catch (const Error& e) {
            r.fail("dataflow", e.what());
        }
        c.ifmap_kb = r.number("ifmap_sram_kB");
        c.filter_kb = r.number("filter_sram_kB");
        c.ofmap_kb = r.number("ofmap_sram_kB");
        c.gemm = {r.number("gemm_M"), r.number("gemm_N"), r.number("gemm_K")};
        if (c.gemm.m == 0 || c.gemm.n == 0 || c.gemm.k == 0) r.fail("gemm_M", "GEMM sizes must be at least 1");
        c.total_cycles = r.number("total_cycles");
        c.stall_cycles = r.optional_number("stall_cycles").value_or(0);
        c.sram_ifmap_reads = r.optional_number("sram_ifmap_reads");
        c.sram_filter_reads = r.optional_number("sram_filter_reads");
        c.sram_ofmap_writes = r.optional_number("sram_ofmap_writes");
        c.dram_ifmap_reads = r.optional_number("dram_ifmap_reads");
        c.dram_filter_reads = r.optional_number("dram_filter_reads");
        c.dram_ofmap_writes = r.optional_number("dram_ofmap_writes");
        cases.push_back(c);
    }
    return cases;
}

std::vector<ScalesimCase> load_scalesim_cases(const std::string& path)
{
    std::ifstream in(path);
    if (!in) throw Error("cannot read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_scalesim_cases(ss.str(), path);
}

std::string scalesim_child_line(const ScalesimOurs& o)
{
    std::ostringstream out;
    out << "check-scalesim-row " << o.cycles << ' ' << o.stall << ' ' << o.sram_ifmap << ' ' << o.sram_filter << ' '
        << o.sram_ofmap << ' ' << o.dram_ifmap << ' ' << o.dram_filter << ' ' << o.dram_ofmap;
    return out.str();
}

ScalesimOurs parse_scalesim_child_line(const std::string& line)
{
    std::istringstream in(line);
    std::string tag;
    ScalesimOurs o;
    in >> tag >> o.cycles >> o.stall >> o.sram_ifmap >> o.sram_filter >> o.sram_ofmap >> o.dram_ifmap >> o.dram_filter >>
        o.dram_ofmap;
    if (tag != "check-scalesim-row" || in.fail()) throw Error("bad child output: '" + line + "'");
    return o;
}

ScalesimVerdict compare_scalesim(const ScalesimCase& c, const ScalesimOurs& o, double user_tolerance)
{
    ScalesimVerdict v;
    const bool user = c.mode == "USER";
    v.diff = static_cast<std::int64_t>(o.cycles) - static_cast<std::int64_t>(c.total_cycles);
    v.percent = c.total_cycles ? 100.0 * static_cast<double>(v.diff) / static_cast<double>(c.total_cycles) : 0.0;
    v.pass = user ? std::fabs(v.percent) <= 100.0 * user_tolerance : v.diff == 0;
    const auto number = [](std::uint64_t x) { return std::to_string(x); };
    std::string sram, dram;
    const auto sram_cmp = [&](const char* name, const std::optional<std::uint64_t>& want, std::uint64_t got) {
        if (!want || *want == got) return;
        v.pass = false;
        sram += std::string(" ") + name + "=" + number(got) + "≠" + number(*want);
    };
    sram_cmp("sram_ifmap_reads", c.sram_ifmap_reads, o.sram_ifmap);
    sram_cmp("sram_filter_reads", c.sram_filter_reads, o.sram_filter);
    sram_cmp("sram_ofmap_writes", c.sram_ofmap_writes, o.sram_ofmap);
    const auto dram_cmp = [&](const char* name, const std::optional<std::uint64_t>& want, std::uint64_t got) {
        if (!want || *want == got) return;
        const double rel =
            *want ? (static_cast<double>(got) - static_cast<double>(*want)) / static_cast<double>(*want) : 1.0;
        char pct[32];
        std::snprintf(pct, sizeof pct, "%+.2f %%", 100.0 * rel);
        dram += std::string(" ") + name + "=" + number(got) + "≠" + number(*want) + " (" + pct + ")";
        if (user && std::fabs(rel) > user_tolerance) v.pass = false;
    };
    dram_cmp("ifmap", c.dram_ifmap_reads, o.dram_ifmap);
    dram_cmp("filter", c.dram_filter_reads, o.dram_filter);
    dram_cmp("ofmap", c.dram_ofmap_writes, o.dram_ofmap);
    if (c.sram_ifmap_reads || c.sram_filter_reads || c.sram_ofmap_writes) v.sram = sram.empty() ? "sram ok" : "sram" + sram;
    if (c.dram_ifmap_reads || c.dram_filter_reads || c.dram_ofmap_writes)
        v.dram = dram.empty() ? "dram ok" : (user ? "dram" : "dram (CALC, not compared)") + dram;
    return v;
}

}  // namespace specsim::systolic
