// SPDX-License-Identifier: MIT
// Rendering of partitions: tables, CSV, JSON.
#include "partition/partition_report.hpp"

#include <cmath>
#include <cstdlib>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "util/error.hpp"

namespace specsim::partition {

namespace {

const Partition* find_scheme(const PartitionReport& r, const std::string& name)
{
    for (const auto& p : r.schemes)
        if (p.scheme == name) return &p;
    return nullptr;
}

std::string segment_span(const Problem& p, const Segment& s)
{
    const std::string& a = p.net->layer(s.first_layer).name;
    const std::string& b = p.net->layer(s.last_layer).name;
    return a == b ? a : a + ".." + b;
}

double ratio(std::int64_t base, std::int64_t x) { return x > 0 ? static_cast<double>(base) / static_cast<double>(x) : 0.0; }

}  // namespace

std::string megabytes(std::int64_t bytes) { return fmt::format("{:.3f}", static_cast<double>(bytes) / 1e6); }

std::int64_t parse_capacity(const std::string& text)
{
    static const std::pair<const char*, double> units[] = {{"GiB", 1073741824.0}, {"MiB", 1048576.0}, {"KiB", 1024.0},
                                                           {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"kB", 1e3}, {"B", 1.0}};
    std::string num = text;
    double mult = 1;
    for (const auto& [u, m] : units) {
        const std::string us(u);
        if (num.size() > us.size() && num.compare(num.size() - us.size(), us.size(), us) == 0) {
            num.erase(num.size() - us.size());
            mult = m;
            break;
        }
    }
    while (!num.empty() && num.back() == ' ') num.pop_back();
    char* end = nullptr;
    const double v = num.empty() ? NAN : std::strtod(num.c_str(), &end);
    if (num.empty() || end != num.c_str() + num.size() || !std::isfinite(v) || v < 0 || v * mult > 1e15)
        throw Error("capacity '" + text + "': expected bytes with an optional unit (B, KB, MB, GB, KiB, MiB, GiB) "
                    "between 0 and 1 PB, e.g. 4MB");
    return static_cast<std::int64_t>(std::llround(v * mult));
}

std::string render_md(const PartitionReport& r)
{
    const Problem& p = *r.problem;
    std::string o;
    o += fmt::format("# Partition of {} ({})\n\n", r.network, r.experiment);
    o += fmt::format("capacity {} MB ({}); {} units in {} layers; full reuse (one segment) needs {} MB\n", megabytes(r.capacity_bytes),
                     r.capacity_source, p.units.size(), p.net->size(), megabytes(r.full_reuse_capacity));
    o += fmt::format("{}\n\n", r.model_note);
    const Partition* opt = find_scheme(r, "optimal");
    if (opt) {
        o += "| segment | layers | units | closure MB | line buffers MB | filters MB | fits | fmap in MB | fmap out MB | MACs |\n";
        o += "|---|---|---|---|---|---|---|---|---|---|\n";
        for (std::size_t k = 0; k < opt->segments.size(); ++k) {
            const Segment& s = opt->segments[k];
            o += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", k, segment_span(p, s),
                             s.last_unit - s.first_unit + 1, megabytes(s.closure.bytes()),
                             megabytes(s.closure.line_buffer_bytes), megabytes(s.closure.filter_bytes),
                             s.fits ? "yes" : "no (runs alone)", megabytes(s.traffic.fmap_read_bytes),
                             megabytes(s.traffic.fmap_write_bytes), s.macs);
        }
        o += "\n";
    }
    const Partition* base = find_scheme(r, "layer");
    o += "| scheme | segments | fmap MB | filters MB | total MB | max closure MB | DDR ms | fmap reduction vs layer |\n";
    o += "|---|---|---|---|---|---|---|---|\n";
    for (const auto& s : r.schemes)
        o += fmt::format("| {} | {} | {} | {} | {} | {} | {:.3f} | {:.2f}x |\n", s.scheme, s.segments.size(),
                         megabytes(s.traffic.fmap_bytes()), megabytes(s.traffic.filter_bytes), megabytes(s.traffic.total()),
                         megabytes(s.max_closure_bytes), s.ddr_ms,
                         base ? ratio(base->traffic.fmap_bytes(), s.traffic.fmap_bytes()) : 0.0);
    o += "\nMB = 1e6 bytes; fmap = feature maps read and written off chip; DDR ms = total bytes at the peak DDR rate;"
         " fixedG = consecutive groups of G units (a group that does not fit runs unit by unit).\n";
    return o;
}

std::string render_csv(const PartitionReport& r)
{
    const Problem& p = *r.problem;
    std::string o = fmt::format("# network {}, experiment {}, capacity_bytes {}, full_reuse_bytes {}\n", r.network,
                                r.experiment, r.capacity_bytes, r.full_reuse_capacity);
    o += "scheme,segment,first_layer,last_layer,units,closure_bytes,line_buffer_bytes,filter_bytes,fits,"
         "fmap_read_bytes,fmap_write_bytes,macs\n";
    for (const auto& part : r.schemes)
        for (std::size_t k = 0; k < part.segments.size(); ++k) {
            const Segment& s = part.segments[k];
            o += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", part.scheme, k, p.net->layer(s.first_layer).name,
                             p.net->layer(s.last_layer).name, s.last_unit - s.first_unit + 1, s.closure.bytes(),
                             s.closure.line_buffer_bytes, s.closure.filter_bytes, s.fits ? 1 : 0,
                             s.traffic.fmap_read_bytes, s.traffic.fmap_write_bytes, s.macs);
        }
    return o;
}

std::string render_json(const PartitionReport& r)
{
    const Problem& p = *r.problem;
    nlohmann::json j;
    j["experiment"] = r.experiment;
    j["network"] = r.network;
    j["capacity_bytes"] = r.capacity_bytes;
    j["capacity_source"] = r.capacity_source;
    j["full_reuse_bytes"] = r.full_reuse_capacity;
    j["model"] = r.model_note;
    j["schemes"] = nlohmann::json::array();
    for (const auto& part : r.schemes) {
        nlohmann::json s;
        s["scheme"] = part.scheme;
        s["fmap_read_bytes"] = part.traffic.fmap_read_bytes;
        s["fmap_write_bytes"] = part.traffic.fmap_write_bytes;
        s["filter_bytes"] = part.traffic.filter_bytes;
        s["total_bytes"] = part.traffic.total();
        s["max_closure_bytes"] = part.max_closure_bytes;
        s["ddr_ms"] = part.ddr_ms;
        s["segments"] = nlohmann::json::array();
        for (const Segment& seg : part.segments) {
            nlohmann::json g;
            g["first_layer"] = p.net->layer(seg.first_layer).name;
            g["last_layer"] = p.net->layer(seg.last_layer).name;
            g["layers"] = nlohmann::json::array();
            for (std::size_t i = seg.first_layer; i <= seg.last_layer; ++i) g["layers"].push_back(p.net->layer(i).name);
            g["units"] = seg.last_unit - seg.first_unit + 1;
            g["closure_bytes"] = seg.closure.bytes();
            g["line_buffer_bytes"] = seg.closure.line_buffer_bytes;
            g["filter_bytes"] = seg.closure.filter_bytes;
            g["fits"] = seg.fits;
            g["fmap_read_bytes"] = seg.traffic.fmap_read_bytes;
            g["fmap_write_bytes"] = seg.traffic.fmap_write_bytes;
            g["macs"] = seg.macs;
            s["segments"].push_back(std::move(g));
        }
        j["schemes"].push_back(std::move(s));
    }
    return j.dump(1) + "\n";
}

std::string render_yaml(const PartitionReport& r)
{
    const Problem& p = *r.problem;
    const Partition* opt = find_scheme(r, "optimal");
    if (!opt) throw Error("partition: no optimal partition to write");
    std::string o = fmt::format("# The traffic-optimal partition of {} ({}) at {} bytes on chip ({}).\n"
                                "# Use it with run.partition: FILE; specsim partition --format yaml writes it.\n",
                                r.network, r.experiment, r.capacity_bytes, r.capacity_source);
    o += fmt::format("partition:\n  network: {}\n  capacity_bytes: {}\n  segments:\n", r.network, r.capacity_bytes);
    for (const Segment& s : opt->segments)
        o += fmt::format("    - {{first: {}, last: {}}}\n", p.net->layer(s.first_layer).name, p.net->layer(s.last_layer).name);
    return o;
}

std::string render_capacity_csv(const std::vector<CapacityPoint>& points, const std::string& network)
{
    std::string o = fmt::format("# network {}\n", network);
    o += "capacity_bytes,scheme,segments,fmap_bytes,filter_bytes,total_bytes,max_closure_bytes,ddr_ms,fmap_reduction\n";
    for (const auto& pt : points) {
        std::int64_t base = 0;
        for (const auto& s : pt.schemes)
            if (s.scheme == "layer") base = s.traffic.fmap_bytes();
        for (const auto& s : pt.schemes)
            o += fmt::format("{},{},{},{},{},{},{},{:.4f},{:.3f}\n", pt.capacity_bytes, s.scheme, s.segments.size(),
                             s.traffic.fmap_bytes(), s.traffic.filter_bytes, s.traffic.total(), s.max_closure_bytes, s.ddr_ms,
                             ratio(base, s.traffic.fmap_bytes()));
    }
    return o;
}

}  // namespace specsim::partition
