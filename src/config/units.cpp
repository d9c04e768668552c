// SPDX-License-Identifier: MIT
// Parser and printer for quantities with units: one grammar "<number>[ ]<unit>".
#include "config/units.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include "util/error.hpp"

namespace specsim {
namespace {

using UnitTable = std::vector<std::pair<const char*, double>>;

// Splits "19.2 GB/s" into 19.2 and "GB/s"; throws on anything else.
std::pair<double, std::string> split_number(const std::string& text, const char* what,
                                            const char* units_help)
{
    const char* s = text.c_str();
    while (*s == ' ') ++s;
    char* end = nullptr;
    const double value = std::strtod(s, &end);
    if (end == s)
        throw Error("expected a " + std::string(what) + " such as " + units_help + ", got '" +
                    text + "'");
    if (!std::isfinite(value) || value < 0)
        throw Error(std::string(what) + " must be a finite non-negative number, got '" + text + "'");
    std::string unit(end);
    while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
    while (!unit.empty() && unit.back() == ' ') unit.pop_back();
    return {value, unit};
}

double scale_for(const std::string& text, const std::string& unit, const UnitTable& table,
                 const char* what, const char* units_help)
{
    for (const auto& [name, scale] : table)
        if (unit == name) return scale;
    if (unit.empty())
        throw Error(std::string(what) + " '" + text + "' needs a unit (" + units_help + ")");
    throw Error("unknown " + std::string(what) + " unit '" + unit + "' in '" + text +
                "' (accepted: " + units_help + ")");
}

template <class Q>
Q parse_with(const std::string& text, const UnitTable& table, const char* what,
             const char* units_help, double (*finish)(double))
{
    auto [value, unit] = split_number(text, what, units_help);
    return Q{finish(value * scale_for(text, unit, table, what, units_help))};
}

double identity(double v) { return v; }

std::string format_scaled(double value, const UnitTable& table)
{
    // table is ordered smallest unit first; pick the largest unit with value ≥ 1.
    const auto* best = &table.front();
    for (const auto& entry : table)
        if (value >= entry.second) best = &entry;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g%s", value / best->second, best->first);
    return buf;
}

const UnitTable kFrequencyUnits = {{"Hz", 1}, {"kHz", 1e3}, {"MHz", 1e6}, {"GHz", 1e9}};
const UnitTable kBandwidthUnits = {
    {"B/s", 1},           {"b/s", 1.0 / 8},     {"kB/s", 1e3},        {"kb/s", 1e3 / 8},
    {"KiB/s", 1024.0},    {"MB/s", 1e6},        {"Mb/s", 1e6 / 8},    {"MiB/s", 1048576.0},
    {"GB/s", 1e9},        {"Gb/s", 1e9 / 8},    {"GiB/s", 1073741824.0},
    {"TB/s", 1e12}};
const UnitTable kBandwidthPrint = {{"B/s", 1}, {"kB/s", 1e3}, {"MB/s", 1e6}, {"GB/s", 1e9}, {"TB/s", 1e12}};
// Sizes in bits.
const UnitTable kSizeUnits = {
    {"b", 1},          {"B", 8},
    {"kb", 1e3},       {"kB", 8e3},         {"Kib", 1024.0},        {"KiB", 8192.0},
    {"Mb", 1e6},       {"MB", 8e6},         {"Mib", 1048576.0},     {"MiB", 8388608.0},
    {"Gb", 1e9},       {"GB", 8e9},         {"Gib", 1073741824.0},  {"GiB", 8589934592.0}};
const UnitTable kTimeUnits = {{"ps", 1e-12}, {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1}};

}  // namespace

Frequency parse_frequency(const std::string& text)
{
    return parse_with<Frequency>(text, kFrequencyUnits, "frequency", "Hz, kHz, MHz, GHz", identity);
}

Bandwidth parse_bandwidth(const std::string& text)
{
    return parse_with<Bandwidth>(text, kBandwidthUnits, "bandwidth",
                                 "B/s, kB/s, MB/s, GB/s, TB/s, KiB/s, MiB/s, GiB/s, Mb/s, Gb/s",
                                 identity);
}

DataSize parse_data_size(const std::string& text)
{
    auto [value, unit] = split_number(text, "size", "B, KiB, MiB, GiB, kB, MB, b, Kib, Mib");
    const double bits = value * scale_for(text, unit, kSizeUnits, "size",
                                          "B, KiB, MiB, GiB, kB, MB, GB, b, Kib, Mib, Gib");
    if (std::abs(bits - std::round(bits)) > 1e-6)
        throw Error("size '" + text + "' is not a whole number of bits");
    return DataSize{static_cast<std::uint64_t>(std::llround(bits))};
}

Duration parse_duration(const std::string& text)
{
    return parse_with<Duration>(text, kTimeUnits, "time", "s, ms, us, ns, ps", identity);
}

std::string to_string(const Frequency& f) { return format_scaled(f.hz, kFrequencyUnits); }
std::string to_string(const Bandwidth& b) { return format_scaled(b.bytes_per_s, kBandwidthPrint); }
std::string to_string(const Duration& d) { return format_scaled(d.seconds, kTimeUnits); }

std::string to_string(const DataSize& s)
{
    // Bits only when the size is not a whole number of bytes; otherwise the largest binary
    // unit with a value ≥ 1 (%.10g keeps the round trip exact for realistic sizes).
    if (s.bits % 8 != 0) return std::to_string(s.bits) + "b";
    static const UnitTable units = {{"B", 8}, {"KiB", 8192.0}, {"MiB", 8388608.0}, {"GiB", 8589934592.0}};
    return format_scaled(static_cast<double>(s.bits), units);
}

}  // namespace specsim
