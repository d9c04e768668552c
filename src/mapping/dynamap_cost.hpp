// SPDX-License-Identifier: MIT
// The analytic cost model of the public DYNAMAP mapper (Meng et al., FPGA 2021; repository
// CatherineMeng/DYNAMAP, graph_const.py): node costs per (conv layer, algorithm, dataflow)
// and layout-transformation edge costs, in seconds. docs/dynamap.md derives every formula.
#pragma once

#include <cstdint>
#include <vector>

#include "workload/layer.hpp"

namespace specsim::mapping {

/// The three convolution algorithm families the DYNAMAP overlay runs.
/// `spectral`: a layer run on a spectral (FFT) overlay instead — beyond the public mapper,
/// with simulated costs only (no analytic model: the functions below refuse it).
enum class MapAlgorithm { im2col, kn2row, winograd, spectral };
/// Systolic-array dataflow: output stationary or weight stationary.
enum class MapDataflow { os, ws };

const char* to_string(MapAlgorithm a);  ///< "im2col", "kn2row", "winograd"
const char* to_string(MapDataflow d);   ///< "os", "ws"

/// Winograd F(m×m, r×r) tile of the public mapper: m = 2, r = 3 (the only one it supports).
inline constexpr int winograd_m = 2;
inline constexpr int winograd_r = 3;

/// The public mapper's defaults: 92×64 array, 200 MHz, 64 G elements/s.
struct DynamapParams {
    std::uint32_t rows = 92;  ///< P1, systolic array rows (the "input dimension")
    std::uint32_t cols = 64;  ///< P2, systolic array columns (the "kernel dimension")
    double clock_hz = 200e6;  ///< f
    /// BW in elements per second of the 16-bit data (the mapper labels its 64 "GB/s" but
    /// divides element counts by it).
    double bw_elements_per_s = 64e9;
    /// The mapper's "Double Buffering (Yes-1/No-0)" prompt (default yes). Even when on, edges
    /// are double buffered only if (P1 + P2)·f ≤ BW; otherwise every edge cost is doubled.
    bool double_buffering = true;
};

/// The public mapper's view of a conv layer (its input line "H1 H2 K1 K2 C_in C_out"),
/// split into the node's output plane and the edge's input plane (equal for stride 1 with
/// "same" padding, the only case the mapper's example has).
struct MapperConvDims {
    std::int64_t out_h = 0, out_w = 0;  ///< H_out, W_out: a = out_h·out_w
    std::int64_t in_h = 0, in_w = 0;    ///< o1, o2: the producer's output plane
    std::int64_t k_h = 0, k_w = 0;      ///< K1, K2
    std::int64_t c_in = 0, c_out = 0;   ///< C_in, C_out
    std::int64_t a() const { return out_h * out_w; }
};

/// The dims above for a conv layer resolved by Network::add(). Throws specsim::Error for a
/// non-conv layer, and for groups ≠ 1 or dilation ≠ 1 (the mapper's model has neither).
MapperConvDims mapper_dims(const workload::Layer& conv);

/// Algorithms the public mapper considers for a conv layer: 1×1 → im2col; k = 2 or
/// non-square → im2col, kn2row; square k ≥ 3 → all three. Stride plays no part (the mapper
/// has no stride input), so a stride-2 7×7 layer gets all three. Throws specsim::Error for a
/// non-conv layer (and as mapper_dims()).
std::vector<MapAlgorithm> candidate_algorithms(const workload::Layer& conv);

/// Node cost in seconds of a conv layer (batch 1) under (algorithm, dataflow), the public
/// mapper's formulas. Throws specsim::Error when `a` is not a candidate of the layer.
double analytic_node_cost(const workload::Layer& conv, MapAlgorithm a, MapDataflow d,
                          const DynamapParams& p);

/// What the public mapper puts in a node's cost vector: the cheaper dataflow of `a`
/// (OS on a tie, as Python's min keeps its first argument) and its cost in seconds.
struct NodeChoice {
    MapDataflow dataflow = MapDataflow::os;
    double cost_s = 0;
};
NodeChoice analytic_best_dataflow(const workload::Layer& conv, MapAlgorithm a,
                                  const DynamapParams& p);

/// True when edges are double buffered, i.e. not doubled: double_buffering is on and
/// (P1 + P2)·f ≤ BW (graph_const.py's rule).
bool edges_double_buffered(const DynamapParams& p);

/// The mapper's transition_LD_cost in seconds: re-laying out an o1 × o2 × `channels` tensor
/// held in `from`'s layout into what a consumer with a k1 × k2 kernel run with `to` reads.
/// → im2col o1·o2·k1·k2·C/BW; → kn2row o1·o2·C/BW; → Winograd o1·o2·((m+r−1)/m)²·C·
/// (C + m²/o1·o2)/(C·BW) from im2col or kn2row (evaluated left to right as written, so the
/// last term is m²·o2/o1), o1·o2·((m+r−1)/m)²·C/(m²·BW) from Winograd. Doubled unless
/// edges_double_buffered(p).
double layout_transform_cost(std::int64_t o1, std::int64_t o2, std::int64_t channels,
                             std::int64_t k1, std::int64_t k2, MapAlgorithm from,
                             MapAlgorithm to, const DynamapParams& p);

/// Edge cost in seconds: the layout transformation of the consumer's input (o1 × o2 × C,
/// the producer's output, in the plain tensor layout that concat and fork nodes pass and
/// im2col/kn2row producers leave) into what `consumer` run with `a` reads. Throws
/// specsim::Error when `a` is not a candidate of `consumer`.
double analytic_edge_cost(const workload::Layer& consumer, MapAlgorithm a,
                          const DynamapParams& p);

/// The same edge with the producer's algorithm known: one entry of the PBQP edge matrix.
/// Differs from the overload above only for Winograd → Winograd.
double analytic_edge_cost(const workload::Layer& consumer, MapAlgorithm producer,
                          MapAlgorithm a, const DynamapParams& p);

/// What the public mapper charges on the edge from a branch whose last conv runs
/// `producer` into a join (concat) node: layout_transform_cost(o1, o2, C, 1, 1, kn2row,
/// producer) with o1 × o2 × C the concat's whole output (graph_const.py lines 253–259).
/// Throws specsim::Error when `concat` is not a concat layer.
double analytic_join_edge_cost(const workload::Layer& concat, MapAlgorithm producer,
                               const DynamapParams& p);

}  // namespace specsim::mapping
