// SPDX-License-Identifier: MIT
// Table, CSV and JSON of the sample run: every layer present (skipped ones with their
// reason), aligned columns, CSV and JSON parse back to the input, byte-identical reruns.
#include <algorithm>
#include <iostream>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "report/reporter.hpp"
#include "sample_run.hpp"

using namespace specsim;
using namespace specsim::report;

namespace {

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::vector<std::string> split(const std::string& line, char sep)
{
    std::vector<std::string> out(1);
    for (const char c : line) {
        if (c == sep) out.emplace_back();
        else out.back() += c;
    }
    return out;
}

// The table line that starts with `name` followed by a space.
std::string row_of(const std::string& table, const std::string& name)
{
    for (const auto& l : lines_of(table))
        if (l.rfind(name + " ", 0) == 0) return l;
    return "";
}

}  // namespace

TEST_CASE("sample table", "[.][sample]")
{
    std::cout << format_table(test::sample_info(), test::sample_layers());
}

TEST_CASE("sample CSV and JSON", "[.][sample_files]")
{
    std::cout << to_csv(test::sample_info(), test::sample_layers()) << "\n"
              << to_json(test::sample_info(), test::sample_layers());
}

TEST_CASE("table has every layer, skipped ones with their reason, and a TOTAL row", "[table]")
{
    const auto layers = test::sample_layers();
    const std::string t = format_table(test::sample_info(), layers);
    for (const auto& s : layers) CHECK_FALSE(row_of(t, s.layer).empty());
    CHECK(row_of(t, "pool1").find("skipped: pooling is not run on the spectral engine") != std::string::npos);
    const std::string total = row_of(t, "TOTAL");
    REQUIRE_FALSE(total.empty());
    CHECK(total.find("5,000,000") != std::string::npos);
    CHECK(total.find("25.000") != std::string::npos);
    CHECK(total.find("2.60") != std::string::npos);
    CHECK(total.find("65.0") != std::string::npos);  // DSP busy %
    const std::string c1 = row_of(t, "conv1");
    CHECK(c1.find("16x8") != std::string::npos);
    CHECK(c1.find("1,234,567") != std::string::npos);
    CHECK(c1.find("10.000") != std::string::npos);
    for (const char* h : {"demo3_u200", "tiny3", "u200_spectral", "xcu200", "200 MHz", "fast", "auto",
                          "in_order", "1,200 / 6,840", "812.5 / 2,160", "0123456789abcdef",
                          "a1b2c3d4e5f6-dirty"})
        CHECK(t.find(h) != std::string::npos);
}

TEST_CASE("table columns stay aligned", "[table]")
{
    auto layers = test::sample_layers();
    layers[0].layer = "a_much_longer_layer_name";
    layers[2].cycles = 98'765'432'100ULL;  // widens the cycles column
    const std::string t = format_table(test::sample_info(), layers);
    const std::string head = row_of(t, "layer");
    REQUIRE_FALSE(head.empty());
    // Header, run rows and TOTAL end in the right-aligned conflicts column: same length.
    for (const char* name : {"a_much_longer_layer_name", "conv2", "TOTAL"})
        CHECK(row_of(t, name).size() == head.size());
    // The cycles column ends at the same place in every numeric row.
    const std::size_t end = head.find("cycles") + std::string("cycles").size();
    CHECK(row_of(t, "conv2").substr(0, end).back() == '0');
    CHECK(row_of(t, "a_much_longer_layer_name").substr(end - 9, 9) == "2,000,000");
}

TEST_CASE("CSV parses back with the right column count on every row", "[csv]")
{
    const auto layers = test::sample_layers();
    const auto lines = lines_of(to_csv(test::sample_info(), layers));
    const auto cols = csv_columns(&analytic::spectral_stat_group());
    REQUIRE(lines.size() == layers.size() + 2);  // header, layers, TOTAL
    CHECK(split(lines[0], ',') == cols);
    for (const auto& l : lines) CHECK(split(l, ',').size() == cols.size());
    for (const char* c : {"cycles", "time_ms", "ddr_input_MB", "bandwidth_GBps", "dsp_busy_frac", "skip_reason"})
        CHECK(std::find(cols.begin(), cols.end(), c) != cols.end());

    const auto col = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(cols.begin(), cols.end(), name) - cols.begin());
    };
    const auto c1 = split(lines[1], ',');
    CHECK(c1[col("layer")] == "conv1");
    CHECK(c1[col("cycles")] == "2000000");
    CHECK(c1[col("time_ms")] == "10");
    CHECK(c1[col("bandwidth_GBps")] == "2");
    CHECK(c1[col("dsp_busy_frac")] == "0.5");
    const auto p1 = split(lines[2], ',');
    CHECK(p1[col("layer")] == "pool1");
    CHECK(p1[col("skip_reason")] == "pooling is not run on the spectral engine");
    CHECK(p1[col("cycles")] == "0");
    const auto tot = split(lines.back(), ',');
    CHECK(tot[col("layer")] == "TOTAL");
    CHECK(tot[col("cycles")] == "5000000");
    CHECK(tot[col("time_ms")] == "25");
    CHECK(tot[col("bandwidth_GBps")] == "2.6");
    CHECK(tot[col("dsp_busy_frac")] == "0.65");
}

TEST_CASE("CSV quotes text with commas and quotes", "[csv]")
{
    auto layers = test::sample_layers();
    layers[1].skip_reason = "needs \"pool\" unit, not modelled";
    const std::string csv = to_csv(test::sample_info(), layers);
    CHECK(csv.find(",\"needs \"\"pool\"\" unit, not modelled\",") != std::string::npos);
}

TEST_CASE("JSON parses back with the per-layer counters equal to the input", "[json]")
{
    const auto layers = test::sample_layers();
    const auto j = nlohmann::json::parse(to_json(test::sample_info(), layers));
    CHECK(j.at("run").at("experiment") == "demo3_u200");
    CHECK(j.at("run").at("clock_hz") == 200e6);
    CHECK(j.at("run").at("git_revision") == "a1b2c3d4e5f6-dirty");
    CHECK(j.at("units").at("time_ms") == "ms");
    CHECK(j.at("units").at("bandwidth_GBps") == "GB/s (1e9 bytes/s)");
    REQUIRE(j.at("layers").size() == layers.size());
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const auto& s = layers[i];
        const auto& l = j.at("layers")[i];
        CHECK(l.at("layer") == s.layer);
        CHECK(l.at("kind") == s.kind);
        CHECK(l.at("skip_reason") == s.skip_reason);
        CHECK(l.at("block_ns") == s.value("block_ns"));
        CHECK(l.at("block_ps") == s.value("block_ps"));
        CHECK(l.at("cycles") == s.cycles);
        CHECK(l.at("compute_cycles") == s.compute_cycles);
        CHECK(l.at("mac_ops") == s.mac_ops);
        CHECK(l.at("pe_slots") == s.pe_slots);
        CHECK(l.at("bubbles") == s.value("bubbles"));
        CHECK(l.at("read_conflicts") == s.value("read_conflicts"));
        CHECK(l.at("pe_stall_cycles") == s.pe_stall_cycles);
        CHECK(l.at("fft_busy_cycles") == s.value("fft_busy_cycles"));
        CHECK(l.at("ifft_busy_cycles") == s.value("ifft_busy_cycles"));
        CHECK(l.at("ddr_input_bytes") == s.ddr_input_bytes);
        CHECK(l.at("ddr_kernel_bytes") == s.ddr_kernel_bytes);
        CHECK(l.at("ddr_index_bytes") == s.ddr_index_bytes);
        CHECK(l.at("ddr_output_bytes") == s.ddr_output_bytes);
        CHECK(l.at("ddr_busy_cycles") == s.ddr_busy_cycles);
        for (const auto& [key, value] : l.items()) CHECK(j.at("units").contains(key));
    }
    CHECK(j.at("layers")[0].at("time_ms") == 10.0);
    CHECK(j.at("layers")[0].at("dsp_busy_frac") == 0.5);
    const auto& t = j.at("totals");
    CHECK(t.at("layers") == 3);
    CHECK(t.at("layers_skipped") == 1);
    CHECK(t.at("cycles") == 5'000'000);
    CHECK(t.at("mac_ops") == 208'000'000);
    CHECK(t.at("bandwidth_GBps") == 2.6);
    CHECK(t.at("dsp_busy_frac") == 0.65);
}

TEST_CASE("JSON keys come in a fixed order", "[json]")
{
    const auto j = nlohmann::ordered_json::parse(to_json(test::sample_info(), test::sample_layers()));
    std::vector<std::string> keys;
    for (const auto& [key, value] : j.items()) keys.push_back(key);
    CHECK(keys == std::vector<std::string>{"format", "version", "run", "units", "layers", "totals", "segments"});
    CHECK(j.at("layers")[0].begin().key() == "layer");
}

TEST_CASE("same input gives byte-identical output", "[determinism]")
{
    const auto info = test::sample_info();
    const auto layers = test::sample_layers();
    const auto copy = test::sample_layers();
    CHECK(to_json(info, layers) == to_json(info, copy));
    CHECK(to_csv(info, layers) == to_csv(info, copy));
    CHECK(format_table(info, layers) == format_table(info, copy));
}

TEST_CASE("an empty run still has a header and a TOTAL row", "[table][csv][json]")
{
    const auto info = test::sample_info();
    CHECK_FALSE(row_of(format_table(info, {}), "TOTAL").empty());
    CHECK(lines_of(to_csv(info, {})).size() == 2);
    CHECK(nlohmann::json::parse(to_json(info, {})).at("layers").empty());
}
