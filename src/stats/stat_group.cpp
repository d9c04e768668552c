// SPDX-License-Identifier: MIT
// Declaration lists of an overlay's statistics, and name lookups into a layer's values.
#include "stats/stat_group.hpp"

#include "util/error.hpp"

namespace specsim::stats {
namespace {

template <class Decls>
std::size_t index_of(const Decls& decls, const std::string& name, const std::string& group, const char* what)
{
    for (std::size_t i = 0; i < decls.size(); ++i)
        if (decls[i].name == name) return i;
    throw Error("statistics group '" + group + "' declares no " + what + " '" + name + "'");
}

}  // namespace

StatGroup& StatGroup::counter(CounterDecl d)
{
    m_counters.push_back(std::move(d));
    return *this;
}
StatGroup& StatGroup::text(TextDecl d)
{
    m_texts.push_back(std::move(d));
    return *this;
}
StatGroup& StatGroup::figure(FigureDecl d)
{
    m_figures.push_back(std::move(d));
    return *this;
}
StatGroup& StatGroup::table_column(TableColumnDecl d)
{
    m_table.push_back(std::move(d));
    return *this;
}
StatGroup& StatGroup::table_legend(std::string legend)
{
    m_legend = std::move(legend);
    return *this;
}

StatGroup& StatGroup::common_unit(std::string column, std::string unit)
{
    m_units.emplace_back(std::move(column), std::move(unit));
    return *this;
}

const std::string& StatGroup::unit_of(const std::string& column, const std::string& fallback) const
{
    for (const auto& [c, u] : m_units)
        if (c == column) return u;
    return fallback;
}

std::size_t StatGroup::counter_index(const std::string& name) const
{
    return index_of(m_counters, name, m_name, "counter");
}
std::size_t StatGroup::text_index(const std::string& name) const { return index_of(m_texts, name, m_name, "text"); }

void LayerStats::use_group(const StatGroup& g)
{
    group = &g;
    values.assign(g.counters().size(), 0);
    texts.assign(g.texts().size(), std::string());
}

namespace {
const StatGroup& group_of(const LayerStats& s)
{
    if (!s.group) throw Error("layer '" + s.layer + "' has no statistics group");
    return *s.group;
}
}  // namespace

std::uint64_t& LayerStats::value(const std::string& name) { return values.at(group_of(*this).counter_index(name)); }
std::uint64_t LayerStats::value(const std::string& name) const { return values.at(group_of(*this).counter_index(name)); }
std::string& LayerStats::text(const std::string& name) { return texts.at(group_of(*this).text_index(name)); }
const std::string& LayerStats::text(const std::string& name) const { return texts.at(group_of(*this).text_index(name)); }

const std::vector<std::string>& common_golden_keys()
{
    // Integer counters plus time_ms (cycles / clock: moves when the clock does).
    static const std::vector<std::string> keys = {
        "time_ms",         "cycles",          "compute_cycles",   "mac_ops",         "pe_stall_cycles",
        "ddr_busy_cycles", "ddr_input_bytes", "ddr_kernel_bytes", "ddr_index_bytes", "ddr_output_bytes"};
    return keys;
}

std::vector<std::string> StatGroup::golden_keys() const
{
    std::vector<std::string> keys = common_golden_keys();
    for (const auto& c : m_counters)
        if (c.golden) keys.push_back(c.name);
    return keys;
}

}  // namespace specsim::stats
