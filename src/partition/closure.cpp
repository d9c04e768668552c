// SPDX-License-Identifier: MIT
// Dependence closure: row windows walked back from a segment's outputs, unioned over a
// map's consumers, and the bytes they hold; traffic under full reuse.
#include "partition/closure.hpp"

#include <algorithm>
#include <limits>

#include "util/error.hpp"

namespace specsim::partition {

namespace {

using workload::Layer;
using workload::LayerKind;
using workload::Network;
using workload::Shape;

/// Rows [lo, hi] of one feature map relative to the row the segment's outputs are at
/// (steady state: the window's size is what counts, not where it lies).
struct Window {
    std::int64_t lo = std::numeric_limits<std::int64_t>::max();
    std::int64_t hi = std::numeric_limits<std::int64_t>::min();
    bool empty() const { return lo > hi; }
    void unite(const Window& o)
    {
        lo = std::min(lo, o.lo);
        hi = std::max(hi, o.hi);
    }
};

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/// Extends `w` (rows of layer l's output) to whole steps of `g` rows.
Window to_steps(Window w, std::int64_t g)
{
    if (g <= 1) return w;
    w.lo = floor_div(w.lo, g) * g;
    w.hi = (floor_div(w.hi, g) + 1) * g - 1;
    return w;
}

/// The rows of input `k` of `layer` needed to produce output rows `out`.
Window input_window(const Layer& layer, const Window& out, std::size_t k)
{
    const Shape& in = layer.input_shapes[k];
    switch (layer.kind) {
    case LayerKind::Conv: {
        const auto& p = layer.conv();
        const std::int64_t span = (p.kernel.h - 1) * p.dilation.h;
        return {out.lo * p.stride.h - p.pad.top, out.hi * p.stride.h - p.pad.top + span};
    }
    case LayerKind::MaxPool:
    case LayerKind::AvgPool: {
        const auto& p = layer.pool();
        if (p.global) return {0, in.h - 1};
        return {out.lo * p.stride.h - p.pad.top, out.hi * p.stride.h - p.pad.top + p.kernel.h - 1};
    }
    case LayerKind::Fc:
        return {0, in.h - 1};  // an fc layer reads its whole input for its one output "row"
    default:
        return out;  // elementwise, concat, add, normalisation: row for row
    }
}

std::int64_t rows_of(const Window& w, std::int64_t height)
{
    // The window in steady state, away from the map's edges (where padding rows are not
    // stored): its full size, but never more than the whole map.
    return std::min(w.hi - w.lo + 1, height);
}

void check_range(const Network& net, std::size_t first, std::size_t last)
{
    if (first > last || last >= net.size())
        throw Error("segment [" + std::to_string(first) + ", " + std::to_string(last) + "] is not a range of the " +
                    std::to_string(net.size()) + " layers of '" + net.name() + "'");
}

bool leaves_segment(const Network& net, std::size_t i, std::size_t last)
{
    const auto cons = net.consumers(i);
    if (cons.empty()) return true;  // a network output
    return std::any_of(cons.begin(), cons.end(), [&](std::size_t c) { return c > last; });
}

std::int64_t params_bytes(const Layer& l, const ClosureOptions& opt)
{
    return opt.filter_bytes ? opt.filter_bytes(l) : l.param_count() * opt.weight_bytes;
}

/// Layer i's map is rewritten in place by the next layer (an activation or normalisation in
/// its output path, its only consumer): the two share one buffer, counted once at the later.
bool in_place(const Network& net, std::size_t i)
{
    if (i + 1 >= net.size()) return false;
    const Layer& next = net.layer(i + 1);
    switch (next.kind) {
    case LayerKind::Relu: case LayerKind::Tanh: case LayerKind::BatchNorm: case LayerKind::Dropout:
    case LayerKind::Lrn: case LayerKind::Softmax:
        break;
    default:
        return false;
    }
    return next.input_ids.size() == 1 && next.input_ids[0] == static_cast<int>(i) && net.consumers(i).size() == 1;
}

}  // namespace

Closure closure(const Network& net, std::size_t first, std::size_t last, const ClosureOptions& opt)
{
    check_range(net, first, last);
    const std::size_t n = last - first + 1;
    std::vector<Window> own(n);    // rows of each layer's output the segment needs
    Window input_window_net;       // rows of the network input
    std::vector<std::pair<int, Window>> external;  // windows of maps produced before `first`
    auto external_slot = [&](int producer) -> Window& {
        for (auto& e : external)
            if (e.first == producer) return e.second;
        external.emplace_back(producer, Window{});
        return external.back().second;
    };

    Closure c;
    for (std::size_t off = n; off-- > 0;) {
        const std::size_t i = first + off;
        const Layer& l = net.layer(i);
        const std::int64_t g = opt.rows_per_step ? std::max<std::int64_t>(opt.rows_per_step(l), 1) : 1;
        // A segment output is produced one step at a time: its first step's rows.
        if (leaves_segment(net, i, last)) own[off].unite(Window{0, g - 1});
        if (own[off].empty()) continue;  // computed for nobody in the segment (cannot happen in a DAG)
        const Window out = to_steps(own[off], g);
        own[off] = out;
        for (std::size_t k = 0; k < l.input_ids.size(); ++k) {
            const Window w = input_window(l, out, k);
            const int p = l.input_ids[k];
            if (p < 0)
                input_window_net.unite(w);
            else if (static_cast<std::size_t>(p) >= first)
                own[static_cast<std::size_t>(p) - first].unite(w);
            else
                external_slot(p).unite(w);
        }
        c.filter_bytes += params_bytes(l, opt);
    }
    auto add = [&](int producer, const Shape& s, const Window& w, bool ext) {
        if (w.empty()) return;
        LineBuffer b;
        b.producer = producer;
        b.rows = rows_of(w, s.h);
        b.bytes = b.rows * s.w * s.c * opt.fmap_bytes;
        b.external = ext;
        c.line_buffer_bytes += b.bytes;
        c.buffers.push_back(b);
    };
    add(-1, net.input(), input_window_net, true);
    std::sort(external.begin(), external.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [p, w] : external) add(p, net.layer(static_cast<std::size_t>(p)).output, w, true);
    for (std::size_t off = 0; off < n; ++off)
        if (off + 1 == n || !in_place(net, first + off))
            add(static_cast<int>(first + off), net.layer(first + off).output, own[off], false);
    return c;
}

SegmentTraffic segment_traffic(const Network& net, std::size_t first, std::size_t last, const ClosureOptions& opt)
{
    check_range(net, first, last);
    SegmentTraffic t;
    std::vector<int> read;  // maps read from DDR, each once
    for (std::size_t i = first; i <= last; ++i) {
        const Layer& l = net.layer(i);
        t.filter_bytes += params_bytes(l, opt);
        for (std::size_t k = 0; k < l.input_ids.size(); ++k) {
            const int p = l.input_ids[k];
            if (p >= 0 && static_cast<std::size_t>(p) >= first) continue;
            if (std::find(read.begin(), read.end(), p) != read.end()) continue;
            read.push_back(p);
            t.fmap_read_bytes += l.input_shapes[k].elements() * opt.fmap_bytes;
        }
        if (leaves_segment(net, i, last)) t.fmap_write_bytes += l.output.elements() * opt.fmap_bytes;
    }
    return t;
}

}  // namespace specsim::partition
