// SPDX-License-Identifier: MIT
// The public DYNAMAP mapper's cost model (graph_const.py at commit bb358dd, lines 9–54 and
// 152–172), re-derived in C++ with the same evaluation order, so that costs agree with the
// mapper's to the last digit once its milliseconds are read as 1e-3 s (docs/dynamap.md).
#include "mapping/dynamap_cost.hpp"

#include <algorithm>
#include <string>

#include "util/error.hpp"

namespace specsim::mapping {

namespace {

using workload::Layer;
using workload::LayerKind;

/// ⌈x / y⌉ for x ≥ 0, y > 0. The mapper takes math.ceil of a real quotient; for integers
/// that is the same number (a non-integral quotient is at least 1/y from an integer).
std::int64_t ceil_div(std::int64_t x, std::int64_t y) { return (x + y - 1) / y; }

double as_d(std::int64_t v) { return static_cast<double>(v); }

void require_candidate(const Layer& conv, MapAlgorithm a)
{
    const std::vector<MapAlgorithm> c = candidate_algorithms(conv);
    if (std::find(c.begin(), c.end(), a) == c.end())
        throw Error("layer '" + conv.name + "': " + to_string(a) +
                    " is not a candidate of the DYNAMAP mapper for a " + conv.conv().kernel.str() +
                    " kernel");
}

void require_params(const DynamapParams& p)
{
    if (p.rows == 0 || p.cols == 0 || !(p.clock_hz > 0) || !(p.bw_elements_per_s > 0))
        throw Error("DYNAMAP cost model: array size, clock and bandwidth must be positive");
}

/// (k/r)² as the mapper computes it: a real ratio squared, 25/9 for k = 5.
double kr_squared(std::int64_t k)
{
    const double q = as_d(k) / winograd_r;
    return q * q;
}

}  // namespace

const char* to_string(MapAlgorithm a)
{
    switch (a) {
    case MapAlgorithm::im2col: return "im2col";
    case MapAlgorithm::kn2row: return "kn2row";
    case MapAlgorithm::winograd: return "winograd";
    case MapAlgorithm::spectral: return "spectral";
    }
    return "?";
}

const char* to_string(MapDataflow d) { return d == MapDataflow::os ? "os" : "ws"; }

MapperConvDims mapper_dims(const Layer& conv)
{
    if (conv.kind != LayerKind::Conv)
        throw Error("layer '" + conv.name + "': the DYNAMAP cost model takes conv layers, not " +
                    workload::kind_name(conv.kind));
    const workload::ConvParams& cp = conv.conv();
    if (cp.groups != 1)
        throw Error("layer '" + conv.name + "': the DYNAMAP cost model has no grouped convolution (groups " +
                    std::to_string(cp.groups) + ")");
    if (cp.dilation.h != 1 || cp.dilation.w != 1)
        throw Error("layer '" + conv.name + "': the DYNAMAP cost model has no dilation (" +
                    cp.dilation.str() + ")");
    if (conv.input_shapes.size() != 1)
        throw Error("layer '" + conv.name + "': not resolved by Network::add() (no input shape)");
    MapperConvDims d;
    d.out_h = conv.output.h;
    d.out_w = conv.output.w;
    d.in_h = conv.input_shapes[0].h;
    d.in_w = conv.input_shapes[0].w;
    d.k_h = cp.kernel.h;
    d.k_w = cp.kernel.w;
    d.c_in = conv.input_shapes[0].c;
    d.c_out = conv.output.c;
    return d;
}

std::vector<MapAlgorithm> candidate_algorithms(const Layer& conv)
{
    const MapperConvDims d = mapper_dims(conv);
    if (d.k_h == 1 && d.k_w == 1) return {MapAlgorithm::im2col};
    if (d.k_h == 2 || d.k_h != d.k_w) return {MapAlgorithm::im2col, MapAlgorithm::kn2row};
    return {MapAlgorithm::im2col, MapAlgorithm::kn2row, MapAlgorithm::winograd};
}

double analytic_node_cost(const Layer& conv, MapAlgorithm a, MapDataflow df, const DynamapParams& p)
{
    require_params(p);
    require_candidate(conv, a);
    const MapperConvDims d = mapper_dims(conv);
    const std::int64_t p1 = p.rows, p2 = p.cols;
    const double f = p.clock_hz, bw = p.bw_elements_per_s;
    const std::int64_t av = d.a(), c = d.c_out;
    switch (a) {
    case MapAlgorithm::im2col: {
        // a = H_out·W_out rows of the Toeplitz matrix, b = K1·K2·C_in its columns; the
        // second term streams the a×b and b×c operands once over DDR.
        const std::int64_t b = d.k_h * d.k_w * d.c_in;
        const double io = (as_d(av * b) + as_d(b * c)) / bw;
        if (df == MapDataflow::os) return as_d(ceil_div(av, p1) * ceil_div(c, p2) * b) / f + io;
        return as_d(ceil_div(b, p1) * ceil_div(c, p2) * av) / f + io;
    }
    case MapAlgorithm::kn2row: {
        // K1·K2 unit-kernel GEMMs with b = C_in; no DDR term in the mapper.
        const std::int64_t b = d.c_in, kk = d.k_h * d.k_w;
        if (df == MapDataflow::os) return as_d(ceil_div(av, p1) * ceil_div(c, p2) * b * kk) / f;
        return as_d(ceil_div(b, p1) * ceil_div(c, p2) * av * kk) / f;
    }
    case MapAlgorithm::winograd: {
        // F(m×m, r×r): a/m² tiles of (m+r−1)² elementwise products per (C_in, C_out) pair,
        // (k/r)² sub-kernels; the constant term is the transform pipeline's depth. OS takes
        // the ceiling of the tile count over P1; WS multiplies by the real a/m² (no ceiling).
        const std::int64_t m = winograd_m, r = winograd_r, b = d.c_in;
        const std::int64_t t = m + r - 1;
        const double kr2 = kr_squared(d.k_h);
        const double fill = kr2 * as_d(t * t) * as_d(std::max(m, r));
        if (df == MapDataflow::os)
            return (as_d(ceil_div(av, m * m * p1) * ceil_div(c, p2) * b * t * t) * kr2 + fill) / f;
        return (as_d(ceil_div(b, p1) * ceil_div(c, p2)) * (as_d(av) / as_d(m * m)) * as_d(t * t) * kr2 +
                fill) / f;
    }
    case MapAlgorithm::spectral: break;  // not a candidate: require_candidate threw
    }
    return 0;
}

NodeChoice analytic_best_dataflow(const Layer& conv, MapAlgorithm a, const DynamapParams& p)
{
    const double os = analytic_node_cost(conv, a, MapDataflow::os, p);
    const double ws = analytic_node_cost(conv, a, MapDataflow::ws, p);
    return ws < os ? NodeChoice{MapDataflow::ws, ws} : NodeChoice{MapDataflow::os, os};
}

bool edges_double_buffered(const DynamapParams& p)
{
    return p.double_buffering && (as_d(p.rows) + as_d(p.cols)) * p.clock_hz <= p.bw_elements_per_s;
}

double layout_transform_cost(std::int64_t o1, std::int64_t o2, std::int64_t channels, std::int64_t k1,
                             std::int64_t k2, MapAlgorithm from, MapAlgorithm to, const DynamapParams& p)
{
    require_params(p);
    if (o1 <= 0 || o2 <= 0 || channels <= 0 || k1 <= 0 || k2 <= 0)
        throw Error("DYNAMAP layout transformation: extents must be positive");
    const double bw = p.bw_elements_per_s;
    const double o = as_d(o1 * o2), cch = as_d(channels);
    const double m = winograd_m, r = winograd_r;
    const double grow = ((m + r - 1) / m) * ((m + r - 1) / m);  // ((m+r−1)/m)², 4 for F(2,3)
    double cost = 0;
    switch (to) {
    case MapAlgorithm::im2col: cost = o * as_d(k1 * k2) * cch / bw; break;
    case MapAlgorithm::kn2row: cost = o * cch / bw; break;
    case MapAlgorithm::winograd:
        if (from == MapAlgorithm::winograd) {
            cost = o * grow * cch / (m * m * bw);
        } else {
            // Written m**2/o1_last*o2_last in the mapper: Python reads (m²/o1)·o2.
            const double q = m * m / as_d(o1) * as_d(o2);
            cost = o * grow * cch / (cch * bw / (cch + q));
        }
        break;
    case MapAlgorithm::spectral:
        throw Error("DYNAMAP layout transformation: the public mapper has no spectral layout");
    }
    return edges_double_buffered(p) ? cost : 2 * cost;
}

double analytic_edge_cost(const Layer& consumer, MapAlgorithm a, const DynamapParams& p)
{
    return analytic_edge_cost(consumer, MapAlgorithm::kn2row, a, p);
}

double analytic_edge_cost(const Layer& consumer, MapAlgorithm producer, MapAlgorithm a,
                          const DynamapParams& p)
{
    require_candidate(consumer, a);
    const MapperConvDims d = mapper_dims(consumer);
    return layout_transform_cost(d.in_h, d.in_w, d.c_in, d.k_h, d.k_w, producer, a, p);
}

double analytic_join_edge_cost(const Layer& concat, MapAlgorithm producer, const DynamapParams& p)
{
    if (concat.kind != LayerKind::Concat)
        throw Error("layer '" + concat.name + "': a join edge ends in a concat layer, not " +
                    workload::kind_name(concat.kind));
    const workload::Shape& s = concat.output;
    return layout_transform_cost(s.h, s.w, s.c, 1, 1, MapAlgorithm::kn2row, producer, p);
}

}  // namespace specsim::mapping
