// SPDX-License-Identifier: MIT
// Header-driven CSV reader for SCALE-Sim reference rows (see scalesim_cases.hpp).
#include "overlay/systolic/analytic/scalesim_cases.hpp"

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
        c.mode = r.text("bandwidth_mode");
        if (c.mode != "CALC" && c.mode != "USER") r.fail("bandwidth_mode", "'" + c.mode + "' is not CALC or USER");
        if (c.mode == "USER") {
            c.bandwidth_words = r.number("user_bandwidth_words_per_cycle");
            if (c.bandwidth_words == 0) r.fail("user_bandwidth_words_per_cycle", "must be at least 1");
        }
        c.array.rows = static_cast<std::uint32_t>(r.number("array_rows"));
        c.array.cols = static_cast<std::uint32_t>(r.number("array_cols"));
        if (c.array.rows == 0 || c.array.cols == 0) r.fail("array_rows", "array sizes must be at least 1");
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

}  // namespace specsim::systolic
