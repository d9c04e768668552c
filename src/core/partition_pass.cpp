// SPDX-License-Identifier: MIT
// run.partition: cut, place, and keep the analysis per segment.
#include "core/partition_pass.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "config/partition_file.hpp"
#include "util/error.hpp"

namespace specsim::core {
namespace {

// FPGA block memories in data bytes: a BRAM36 holds 36 Kib of which 32 Kib are data at byte
// widths (the rest parity); a URAM 288 Kib.
constexpr std::int64_t k_bram36_bytes = 4096;
constexpr std::int64_t k_uram_bytes = 36864;

// Units whose first layers start the partition file's segments.
std::vector<std::size_t> file_starts(const partition::Problem& p, const config::PartitionFile& f,
                                     const workload::Network& net)
{
    std::vector<std::string> names;
    for (const auto& l : net.layers()) names.push_back(l.name);
    const std::vector<std::size_t> layer_starts = config::check_partition_file(f, names);
    std::vector<std::size_t> starts;
    for (std::size_t k = 0; k < layer_starts.size(); ++k) {
        const std::size_t u = partition::unit_of(p.units, layer_starts[k]);
        if (p.units[u].first != layer_starts[k])
            f.segments[k].where.fail("segment " + f.segments[k].first + ".." + f.segments[k].last +
                                     " starts inside the unit of '" + p.units[u].name +
                                     "' (a layer and the activations and pooling in its output path stay together)");
        starts.push_back(u);
    }
    return starts;
}

// Whether layer x's map must go to DDR when it lives in the segment [first, last]: it is a
// network output, a layer after the segment reads it, or a layout layer (concat) of the
// segment that must go to DDR reads it (the concat itself moves nothing: its inputs do).
bool needs_ddr(const workload::Network& net, std::size_t x, std::size_t last)
{
    const auto cons = net.consumers(x);
    if (cons.empty()) return true;
    for (const std::size_t c : cons) {
        if (c > last) return true;
        if (net.layer(c).kind == workload::LayerKind::Concat && needs_ddr(net, c, last)) return true;
    }
    return false;
}

}  // namespace

std::int64_t free_block_memory_bytes(const Experiment& e, const overlay::Overlay& ov, std::string* source)
{
    const overlay::Resources res = ov.resources(e.arch, e.run);
    const double bram = static_cast<double>(e.arch.device.bram36) - res.bram36;
    const double uram = static_cast<double>(e.arch.device.uram) - static_cast<double>(res.uram);
    if (bram < 0 || uram < 0)
        throw Error("arch '" + e.arch.name + "': the overlay uses more block memory than " + e.arch.device.name +
                    " has; give the partition capacity explicitly");
    if (source)
        *source = fmt::format("{} of {} BRAM36 and {} of {} URAM left by the overlay", static_cast<std::int64_t>(bram),
                              e.arch.device.bram36, static_cast<std::int64_t>(uram), e.arch.device.uram);
    return static_cast<std::int64_t>(bram) * k_bram36_bytes + static_cast<std::int64_t>(uram) * k_uram_bytes;
}

partition::Problem partition_problem(const Experiment& e, const overlay::Overlay& ov,
                                     const std::vector<overlay::PlanPtr>& plans, std::int64_t capacity)
{
    const overlay::PartitionModel m = ov.partition_model(e.arch, e.run);
    partition::Problem p;
    p.net = &e.network;
    p.units = partition::make_units(e.network, {m.fuse_pooling, m.output_path_kinds});
    p.opt.fmap_bytes = m.fmap_bytes;
    p.opt.weight_bytes = m.fmap_bytes;
    p.opt.rows_per_step = m.rows_per_step;
    p.opt.filter_bytes = m.filter_bytes;
    if (!plans.empty()) {
        // Filters as the planned layers stream them, where the overlay can say.
        std::vector<std::int64_t> bytes(plans.size());
        bool known = true;
        for (std::size_t i = 0; i < plans.size() && known; ++i) {
            bytes[i] = ov.stored_filter_bytes(*plans[i], e.arch);
            known = bytes[i] >= 0;
        }
        if (known) {
            const workload::Network* net = &e.network;
            p.opt.filter_bytes = [bytes, net](const workload::Layer& l) {
                return bytes.at(*net->index_of(l.name));
            };
        }
    }
    p.capacity_bytes = capacity;
    p.ddr_bytes_per_second = static_cast<double>(e.arch.ddr.channels) * e.arch.ddr.bandwidth_per_channel.bytes_per_s;
    return p;
}

PartitionPlan apply_partition(const Experiment& e, const overlay::Overlay& ov, std::vector<overlay::PlanPtr>& plans,
                              std::size_t dataflows)
{
    const workload::Network& net = e.network;
    if (dataflows == 0 || plans.size() != net.size() * dataflows)
        throw Error("partition: expected one plan per layer and dataflow");
    PartitionPlan out;
    out.scheme = e.run.partition_file ? "file" : e.run.partition;
    if (e.run.partition_capacity_bytes > 0) {
        out.capacity_bytes = static_cast<std::int64_t>(e.run.partition_capacity_bytes);
        out.capacity_source = "run.partition_capacity";
    } else {
        out.capacity_bytes = free_block_memory_bytes(e, ov, &out.capacity_source);
    }
    // The partition is chosen on the first dataflow's plans (filters stream the same under
    // every dataflow: the schedules are shared).
    std::vector<overlay::PlanPtr> first(net.size());
    for (std::size_t i = 0; i < net.size(); ++i) first[i] = plans[i * dataflows];
    const partition::Problem p = partition_problem(e, ov, first, out.capacity_bytes);
    partition::Partition part;
    if (out.scheme == "layer")
        part = partition::layer_by_layer(p);
    else if (out.scheme == "optimal")
        part = partition::optimal(p);
    else
        part = partition::evaluate(p, file_starts(p, *e.run.partition_file, net), "file");

    out.segment_of_layer.assign(net.size(), -1);
    for (std::size_t k = 0; k < part.segments.size(); ++k) {
        const partition::Segment& s = part.segments[k];
        SegmentPlan sp;
        sp.first = net.layer(s.first_layer).name;
        sp.last = net.layer(s.last_layer).name;
        sp.first_layer = s.first_layer;
        sp.last_layer = s.last_layer;
        sp.closure_bytes = s.closure.bytes();
        sp.fits = s.fits;
        sp.analysis = s.traffic;
        for (std::size_t i = s.first_layer; i <= s.last_layer; ++i) out.segment_of_layer[i] = static_cast<int>(k);
        out.segments.push_back(sp);
        // layer-by-layer runs as the overlay plans it; a segment over the capacity too.
        if (out.scheme == "layer" || !s.fits) continue;
        std::vector<int> external_read;  // maps from outside the segment already streamed into its line buffers
        for (std::size_t i = s.first_layer; i <= s.last_layer; ++i) {
            const workload::Layer& l = net.layer(i);
            overlay::Placement pl;
            for (const int in : l.input_ids) {
                const bool inside = in >= 0 && static_cast<std::size_t>(in) >= s.first_layer;
                const bool streamed = std::find(external_read.begin(), external_read.end(), in) != external_read.end();
                pl.input_on_chip.push_back(inside || streamed);
                if (!inside && !streamed) external_read.push_back(in);
            }
            pl.input_once = true;
            // A layer's map stays on chip unless some map of its unit (its output path) goes to DDR.
            const std::size_t u = partition::unit_of(p.units, i);
            bool ddr = false;
            for (std::size_t x = i; x <= p.units[u].last && !ddr; ++x) ddr = needs_ddr(net, x, s.last_layer);
            pl.output_on_chip = !ddr;
            pl.filters_resident = true;
            for (std::size_t d = 0; d < dataflows; ++d) {
                overlay::PlanPtr& plan = plans[i * dataflows + d];
                if (plan->runnable()) plan = ov.place(*plan, pl, l, e.arch);
            }
        }
    }
    return out;
}

}  // namespace specsim::core
