// SPDX-License-Identifier: MIT
// JSON and CSV writers and the results directory. Both writers walk one column list, so
// the CSV header, the JSON keys and the units map cannot drift apart.
#include "report/reporter.hpp"

#include <filesystem>
#include <functional>

#include <nlohmann/json.hpp>

#include "report/atomic_file.hpp"
#include "report/derived.hpp"
#include "report/number_format.hpp"
#include "stats/stat_group.hpp"

namespace specsim::report {
namespace {

using Json = nlohmann::ordered_json;  // keeps insertion order: stable, readable key order
using S = stats::LayerStats;
using D = Derived;

// One common per-layer column: an integer counter of LayerStats or a derived figure.
struct CommonColumn {
    const char* name;
    const char* unit;
    std::uint64_t (*counter)(const S&);
    double (*figure)(const D&);
};

constexpr const char* kMB = "MB (1e6 bytes)";
constexpr const char* kFrac = "fraction (0..1)";

const std::vector<CommonColumn>& common_columns()
{
    static const std::vector<CommonColumn> cols = {
        {"cycles", "cycles", [](const S& s) { return s.cycles; }, nullptr},
        {"time_ms", "ms", nullptr, [](const D& d) { return d.time_ms; }},
        {"ddr_input_MB", kMB, nullptr, [](const D& d) { return d.ddr_input_mb; }},
        {"ddr_kernel_MB", kMB, nullptr, [](const D& d) { return d.ddr_kernel_mb; }},
        {"ddr_index_MB", kMB, nullptr, [](const D& d) { return d.ddr_index_mb; }},
        {"ddr_output_MB", kMB, nullptr, [](const D& d) { return d.ddr_output_mb; }},
        {"ddr_total_MB", kMB, nullptr, [](const D& d) { return d.ddr_total_mb; }},
        {"bandwidth_GBps", "GB/s (1e9 bytes/s)", nullptr, [](const D& d) { return d.bandwidth_gbps; }},
        {"dsp_busy_frac", kFrac, nullptr, [](const D& d) { return d.dsp_busy_frac; }},
        {"pe_issue_eff", kFrac, nullptr, [](const D& d) { return d.pe_issue_eff; }},
        {"ddr_busy_frac", kFrac, nullptr, [](const D& d) { return d.ddr_busy_frac; }},
        {"pe_stall_frac", kFrac, nullptr, [](const D& d) { return d.pe_stall_frac; }},
        {"compute_cycles", "cycles", [](const S& s) { return s.compute_cycles; }, nullptr},
        {"mac_ops", "complex MACs", [](const S& s) { return s.mac_ops; }, nullptr},
        {"pe_slots", "issue slots", [](const S& s) { return s.pe_slots; }, nullptr},
        {"pe_stall_cycles", "cycles", [](const S& s) { return s.pe_stall_cycles; }, nullptr},
        {"ddr_busy_cycles", "cycles", [](const S& s) { return s.ddr_busy_cycles; }, nullptr},
        {"ddr_input_bytes", "bytes", [](const S& s) { return s.ddr_input_bytes; }, nullptr},
        {"ddr_kernel_bytes", "bytes", [](const S& s) { return s.ddr_kernel_bytes; }, nullptr},
        {"ddr_index_bytes", "bytes", [](const S& s) { return s.ddr_index_bytes; }, nullptr},
        {"ddr_output_bytes", "bytes", [](const S& s) { return s.ddr_output_bytes; }, nullptr},
        {"ddr_total_bytes", "bytes", [](const S& s) { return s.ddr_bytes(); }, nullptr},
        // ddr.model ddr4 only (0 with simple). Percentiles are nearest-rank: the smallest
        // sample value with at least ⌈p/100 · n⌉ of the n samples at or below it.
        {"ddr_read_bursts", "DRAM read bursts (64 B)", [](const S& s) { return s.ddr_read_latency.samples(); }, nullptr},
        {"ddr_read_latency_mean", "DRAM cycles per read burst (acceptance to last data)", nullptr,
         [](const D& d) { return d.ddr_read_latency_mean; }},
        {"ddr_read_latency_p50", "DRAM cycles (nearest-rank median)",
         [](const S& s) { return s.ddr_read_latency.percentile(50); }, nullptr},
        {"ddr_read_latency_p99", "DRAM cycles (nearest-rank 99th percentile)",
         [](const S& s) { return s.ddr_read_latency.percentile(99); }, nullptr},
        {"ddr_column_cmds", "READ and WRITE commands, all channels", [](const S& s) { return s.ddr_column_cmds; }, nullptr},
        {"ddr_row_hits", "column commands to an open row, all channels", [](const S& s) { return s.ddr_row_hits; }, nullptr},
        {"ddr_acts", "ACT commands, all channels", [](const S& s) { return s.ddr_acts; }, nullptr},
        {"ddr_pres", "PRE commands, all channels", [](const S& s) { return s.ddr_pres; }, nullptr},
        {"ddr_refs", "REF commands, all channels", [](const S& s) { return s.ddr_refs; }, nullptr},
        {"axi_bursts", "AXI bursts", [](const S& s) { return s.axi_bursts; }, nullptr},
        {"axi_latency_p50", "overlay cycles per AXI burst, issue to complete (nearest-rank median)",
         [](const S& s) { return s.axi_latency.percentile(50); }, nullptr},
        {"axi_latency_p99", "overlay cycles per AXI burst, issue to complete (nearest-rank 99th percentile)",
         [](const S& s) { return s.axi_latency.percentile(99); }, nullptr},
    };
    return cols;
}

// A column of the result files: a common one, or one the overlay's StatGroup declares.
struct Column {
    std::string name;
    std::string unit;
    bool in_totals = true;                 ///< written in the JSON totals (CSV TOTAL: blank if not)
    std::function<Json(const S&, const D&, const stats::RunInfo&)> value;
};

std::string csv_cell(const Json& v)
{
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    return canonical(v.get<double>());
}

// Inserts `c` after the column named `after` (after the last column inserted there, so
// declarations keep their order), or at the end.
void place(std::vector<Column>& cols, std::vector<std::string>& anchors, Column c, const std::string& after)
{
    std::size_t at = cols.size();
    if (!after.empty()) {
        // After an identity column (layer, kind, skip_reason): first among the columns.
        if (after == "layer" || after == "kind" || after == "skip_reason") at = 0;
        for (std::size_t i = 0; i < cols.size(); ++i)
            if (cols[i].name == after) at = i + 1;
        while (at < cols.size() && anchors[at] == after) ++at;
    }
    cols.insert(cols.begin() + static_cast<std::ptrdiff_t>(at), std::move(c));
    anchors.insert(anchors.begin() + static_cast<std::ptrdiff_t>(at), after);
}

// Every column after the identity columns layer, kind and skip_reason, in order.
std::vector<Column> columns(const stats::StatGroup* g)
{
    std::vector<Column> cols;
    std::vector<std::string> anchors;
    const std::string none;
    for (const auto& c : common_columns()) {
        Column col{c.name, g ? g->unit_of(c.name, c.unit) : c.unit, true, nullptr};
        if (c.counter) {
            const auto f = c.counter;
            col.value = [f](const S& s, const D&, const stats::RunInfo&) { return Json(f(s)); };
        } else {
            const auto f = c.figure;
            col.value = [f](const S&, const D& d, const stats::RunInfo&) { return Json(canonical_value(f(d))); };
        }
        cols.push_back(std::move(col));
        anchors.push_back(none);
    }
    if (!g) return cols;
    for (std::size_t i = 0; i < g->texts().size(); ++i) {
        const auto& t = g->texts()[i];
        place(cols, anchors,
              {t.name, "text", false,
               [i](const S& s, const D&, const stats::RunInfo&) { return Json(i < s.texts.size() ? s.texts[i] : ""); }},
              t.place.after);
    }
    for (std::size_t i = 0; i < g->counters().size(); ++i) {
        const auto& c = g->counters()[i];
        place(cols, anchors,
              {c.name, c.unit, c.total == stats::Total::sum,
               [i](const S& s, const D&, const stats::RunInfo&) {
                   return Json(i < s.values.size() ? s.values[i] : std::uint64_t{0});
               }},
              c.place.after);
    }
    for (const auto& f : g->figures()) {
        const auto fn = f.compute;
        place(cols, anchors,
              {f.name, f.unit, true,
               [fn](const S& s, const D&, const stats::RunInfo& info) { return Json(canonical_value(fn(s, info))); }},
              f.place.after);
    }
    return cols;
}

const stats::StatGroup* group_of(const std::vector<S>& layers)
{
    for (const auto& s : layers)
        if (s.group) return s.group;
    return nullptr;
}

// Leading identity columns of every row (CSV) / layer object (JSON).
const std::vector<std::pair<const char*, const char*>>& id_columns()
{
    static const std::vector<std::pair<const char*, const char*>> ids = {
        {"layer", "name"}, {"kind", "layer type"}, {"skip_reason", "text, empty when run"}};
    return ids;
}

// ddr4: per DRAM bank, channel-major (JSON only: a list per layer does not fit a CSV row).
Json banks_json(const std::vector<stats::DdrBankCounts>& banks)
{
    Json arr = Json::array();
    for (const auto& b : banks)
        arr.push_back(Json{{"channel", b.channel}, {"rank", b.rank}, {"bankgroup", b.bankgroup}, {"bank", b.bank},
                           {"reads", b.reads}, {"writes", b.writes}, {"acts", b.acts}, {"row_hits", b.row_hits}});
    return arr;
}

Json layer_json(const S& s, const stats::RunInfo& info, const std::vector<Column>& cols)
{
    const D d = derive(s, info);
    Json j;
    j["layer"] = s.layer;
    j["kind"] = s.kind;
    j["skip_reason"] = s.skip_reason;
    for (const auto& c : cols) j[c.name] = c.value(s, d, info);
    // The whole overlay is instantiated for every layer: its resources, per row.
    j["dsp_used"] = info.dsp_used;
    j["bram36_used"] = info.bram36_used;
    if (!s.ddr_banks.empty()) j["ddr_banks"] = banks_json(s.ddr_banks);
    j["segment"] = s.segment;
    return j;
}

// Per segment of the run's partition: the analysis's bytes beside the simulated ones.
Json segments_json(const stats::RunInfo& info, const std::vector<S>& layers)
{
    Json arr = Json::array();
    for (std::size_t k = 0; k < info.segments.size(); ++k) {
        const stats::SegmentInfo& g = info.segments[k];
        std::uint64_t fmap = 0, filters = 0, cycles = 0, layers_in = 0;
        for (const auto& s : layers)
            if (s.segment == static_cast<std::int64_t>(k)) {
                fmap += s.ddr_input_bytes + s.ddr_output_bytes;
                filters += s.ddr_kernel_bytes + s.ddr_index_bytes;
                cycles += s.cycles;
                ++layers_in;
            }
        arr.push_back(Json{{"segment", k},
                           {"first_layer", g.first},
                           {"last_layer", g.last},
                           {"layers", layers_in},
                           {"closure_bytes", g.closure_bytes},
                           {"fits", g.fits},
                           {"analysis_fmap_bytes", g.fmap_read_bytes + g.fmap_write_bytes},
                           {"analysis_fmap_read_bytes", g.fmap_read_bytes},
                           {"analysis_fmap_write_bytes", g.fmap_write_bytes},
                           {"analysis_filter_bytes", g.filter_bytes},
                           {"sim_fmap_bytes", fmap},
                           {"sim_filter_bytes", filters},
                           {"cycles", cycles}});
    }
    return arr;
}

std::string csv_field(const std::string& v)
{
    if (v.find_first_of(",\"\r\n") == std::string::npos && (v.empty() || (v.front() != ' ' && v.back() != ' ')))
        return v;
    std::string out = "\"";
    for (const char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

void csv_row(std::string& out, const S& s, const stats::RunInfo& info, const std::vector<Column>& cols, bool total)
{
    const D d = derive(s, info);
    out += csv_field(s.layer) + ',' + csv_field(s.kind) + ',' + csv_field(s.skip_reason);
    for (const auto& c : cols) out += ',' + (total && !c.in_totals ? std::string() : csv_field(csv_cell(c.value(s, d, info))));
    out += ',' + std::to_string(info.dsp_used) + ',' + canonical(info.bram36_used);
    out += ',' + (total ? std::string() : std::to_string(s.segment));
    out += '\n';
}

}  // namespace

std::vector<std::string> csv_columns(const stats::StatGroup* group)
{
    std::vector<std::string> names;
    for (const auto& [name, unit] : id_columns()) names.emplace_back(name);
    for (const auto& c : columns(group)) names.emplace_back(c.name);
    names.emplace_back("dsp_used");
    names.emplace_back("bram36_used");
    names.emplace_back("segment");
    return names;
}

std::string to_json(const stats::RunInfo& info, const std::vector<stats::LayerStats>& layers)
{
    Json root;
    root["format"] = "specsim-results";
    root["version"] = 1;
    Json& run = root["run"];
    run["experiment"] = info.experiment;
    run["network"] = info.network;
    run["arch"] = info.arch;
    run["device"] = info.device;
    run["overlay"] = info.overlay;
    run["clock_hz"] = info.clock_hz;  // inputs as given; derived figures are rounded
    run["seed"] = info.seed;
    run["timing"] = info.timing;
    run["dataflow"] = info.dataflow;
    run["reader"] = info.reader;
    run["pe_lanes"] = info.pe_lanes;
    run["kernel_lanes"] = info.kernel_lanes;
    run["dsp_used"] = info.dsp_used;
    run["dsp_available"] = info.dsp_available;
    run["bram36_used"] = info.bram36_used;
    run["bram36_available"] = info.bram36_available;
    run["uram_used"] = info.uram_used;
    run["uram_available"] = info.uram_available;
    run["config_hash"] = info.config_hash;
    run["git_revision"] = info.git_revision;
    run["partition"] = info.partition;
    run["partition_capacity_bytes"] = info.partition_capacity_bytes;

    Json& units = root["units"];
    const stats::StatGroup* group = group_of(layers);
    const auto unit = [group](const char* key, const char* fallback) {
        return group ? group->unit_of(key, fallback) : std::string(fallback);
    };
    units["clock_hz"] = "Hz";
    units["pe_lanes"] = unit("pe_lanes", "PE lanes (P' x N')");
    units["kernel_lanes"] = unit("kernel_lanes", "kernel lanes (N')");
    units["dsp_used"] = "DSP slices";
    units["bram36_used"] = "BRAM36 blocks";
    units["uram_used"] = "URAM blocks (288 Kib)";
    const std::vector<Column> cols = columns(group);
    for (const auto& [name, unit] : id_columns()) units[name] = unit;
    for (const auto& c : cols) units[c.name] = c.unit;
    units["conv_cycles"] = "cycles (totals: conv layers only)";
    units["conv_time_ms"] = "ms (totals: conv layers only)";
    units["segment"] = "cross-layer partition segment of the layer (run.partition; -1 = none)";
    units["partition_capacity_bytes"] = "bytes of on-chip memory a segment's dependence closure may use";
    units["segments"] = "per segment of run.partition: its layers, closure, whether it fits, the analysis's off-chip "
                        "bytes (feature maps read and written, filters) and the simulated ones (ddr input+output, "
                        "kernel+index) and cycles";
    units["ddr_banks"] = "ddr4 only: per DRAM bank (channel, rank, bankgroup, bank) the READ, WRITE and ACT commands "
                         "and the column commands to an open row";

    Json& arr = root["layers"];
    arr = Json::array();
    for (const auto& s : layers) arr.push_back(layer_json(s, info, cols));

    const S total = sum_stats(layers);
    const D d = derive(total, info);
    Json& t = root["totals"];
    t["layers"] = layers.size();
    t["layers_skipped"] = count_skipped(layers);
    for (const auto& c : cols)
        if (c.in_totals) t[c.name] = c.value(total, d, info);
    t["dsp_used"] = info.dsp_used;
    t["bram36_used"] = info.bram36_used;
    // The convolutions alone (what published conv latencies usually are); time_ms is all layers.
    const std::uint64_t conv = conv_cycles(layers);
    t["conv_cycles"] = conv;
    t["conv_time_ms"] = canonical_value(cycles_to_ms(conv, info.clock_hz));
    if (!total.ddr_banks.empty()) t["ddr_banks"] = banks_json(total.ddr_banks);
    root["segments"] = segments_json(info, layers);
    // Invalid UTF-8 in a name must not abort a finished run: replace it with U+FFFD.
    return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string to_csv(const stats::RunInfo& info, const std::vector<stats::LayerStats>& layers)
{
    std::string out;
    const stats::StatGroup* group = group_of(layers);
    const auto names = csv_columns(group);
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + names[i];
    out += '\n';
    const std::vector<Column> cols = columns(group);
    for (const auto& s : layers) csv_row(out, s, info, cols, false);
    csv_row(out, sum_stats(layers), info, cols, true);
    return out;
}

void write_results(const std::string& dir, const stats::RunInfo& info,
                   const std::vector<stats::LayerStats>& layers, const std::string& resolved_config_yaml)
{
    const std::filesystem::path d(dir.empty() ? "." : dir);
    // Render everything first so a formatting problem leaves the directory untouched;
    // results.json goes last and marks a complete result set.
    const std::string csv = to_csv(info, layers);
    const std::string json = to_json(info, layers);
    write_file_atomic((d / "config.resolved.yaml").string(), resolved_config_yaml);
    write_file_atomic((d / "results.csv").string(), csv);
    write_file_atomic((d / "results.json").string(), json);
}

}  // namespace specsim::report
