// SPDX-License-Identifier: MIT
// Closed forms for the stall-free SCALE-Sim v2 fold geometry and SRAM access counts
// (cross-checked against every CALC row of tests/data/scalesim/cases.csv).
#include "overlay/systolic/analytic/fold_geometry.hpp"

#include "util/error.hpp"

namespace specsim::systolic {

namespace {

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }

void check(const numerics::GemmDims& g, ArrayShape a) {
    if (g.m == 0 || g.n == 0 || g.k == 0)
        throw Error("systolic GEMM " + g.str() + ": M, N and K must all be at least 1");
    if (a.rows == 0 || a.cols == 0)
        throw Error("systolic array " + std::to_string(a.rows) + "x" + std::to_string(a.cols) +
                    ": rows and columns must be at least 1");
}

}  // namespace

Dataflow parse_dataflow(const std::string& name) {
    if (name == "os") return Dataflow::os;
    if (name == "ws") return Dataflow::ws;
    if (name == "is") return Dataflow::is;
    throw Error("unknown systolic dataflow '" + name + "' (expected os, ws or is)");
}

const char* to_string(Dataflow dataflow) {
    switch (dataflow) {
        case Dataflow::os: return "os";
        case Dataflow::ws: return "ws";
        case Dataflow::is: return "is";
    }
    return "?";
}

FoldGeometry fold_geometry(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow) {
    check(gemm, array);
    FoldGeometry f;
    const std::uint64_t r = array.rows, c = array.cols;
    switch (dataflow) {
        case Dataflow::os: f.spread_rows = gemm.m; f.spread_cols = gemm.n; f.streamed = gemm.k; break;
        case Dataflow::ws: f.spread_rows = gemm.k; f.spread_cols = gemm.n; f.streamed = gemm.m; break;
        case Dataflow::is: f.spread_rows = gemm.k; f.spread_cols = gemm.m; f.streamed = gemm.n; break;
    }
    f.row_folds = ceil_div(f.spread_rows, r);
    f.col_folds = ceil_div(f.spread_cols, c);
    f.folds = f.row_folds * f.col_folds;
    const std::uint64_t t = f.streamed;
    // os: T operand cycles + R-1 / C-1 skew and output shift; ws/is: R cycles of stationary
    // load, T streaming, R-1 skew, C-1 drain, no overlap between folds.
    f.fold_cycles = dataflow == Dataflow::os ? t + r + c - 2 : 2 * r + c + t - 2;
    f.stall_free_cycles = f.folds * f.fold_cycles;
    f.mapping_efficiency = static_cast<double>(f.spread_rows) * static_cast<double>(f.spread_cols) /
                           (static_cast<double>(f.folds) * static_cast<double>(r * c));
    const std::uint64_t util_len = dataflow == Dataflow::os ? f.fold_cycles : 2 * r + 2 * c + t - 3;
    f.compute_utilisation = f.mapping_efficiency * static_cast<double>(t) / static_cast<double>(util_len);
    return f;
}

SramAccesses sram_accesses(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow) {
    const FoldGeometry f = fold_geometry(gemm, array, dataflow);
    const std::uint64_t mk = gemm.m * gemm.k, kn = gemm.k * gemm.n, mn = gemm.m * gemm.n;
    SramAccesses s;
    switch (dataflow) {
        case Dataflow::os:
            s.ifmap_reads = f.col_folds * mk;
            s.filter_reads = f.row_folds * kn;
            s.ofmap_writes = mn + f.folds * (array.rows + array.cols);  // SCALE-Sim's counting quirk
            break;
        case Dataflow::ws:
            s.ifmap_reads = f.col_folds * mk;
            s.filter_reads = kn;
            s.ofmap_writes = f.row_folds * mn;  // partial sums written once per K fold
            break;
        case Dataflow::is:
            s.ifmap_reads = mk;
            s.filter_reads = f.col_folds * kn;
            s.ofmap_writes = f.row_folds * mn;
            break;
    }
    return s;
}

numerics::GemmDims scalesim_conv_gemm(std::uint64_t ifmap_h, std::uint64_t ifmap_w,
                                      std::uint64_t filter_h, std::uint64_t filter_w,
                                      std::uint64_t channels, std::uint64_t filters,
                                      std::uint64_t stride) {
    if (ifmap_h == 0 || ifmap_w == 0 || filter_h == 0 || filter_w == 0 || channels == 0 || filters == 0 ||
        stride == 0)
        throw Error("SCALE-Sim convolution: every size and the stride must be at least 1");
    if (filter_h > ifmap_h || filter_w > ifmap_w)
        throw Error("SCALE-Sim convolution: filter " + std::to_string(filter_h) + "x" + std::to_string(filter_w) +
                    " is larger than the input " + std::to_string(ifmap_h) + "x" + std::to_string(ifmap_w) +
                    " (SCALE-Sim has no padding: pass the padded input size)");
    // SCALE-Sim computes ceil((H - R + s) / s) = ceil((H - R) / s) + 1, one more than the
    // usual floor((H - R) / s) + 1 when s does not divide H - R (AlexNet conv1: 55, not 54).
    const std::uint64_t oh = (ifmap_h - filter_h + stride + stride - 1) / stride;
    const std::uint64_t ow = (ifmap_w - filter_w + stride + stride - 1) / stride;
    return numerics::GemmDims{oh * ow, filters, filter_h * filter_w * channels};
}

std::uint64_t scalesim_preload_words(const numerics::GemmDims& g, ArrayShape a, Dataflow df, bool ifmap,
                                     std::uint64_t sram_kb, std::uint64_t line_words)
{
    const FoldGeometry f = fold_geometry(g, a, df);
    std::uint64_t padded = 0;
    switch (df) {
        case Dataflow::os: padded = ifmap ? f.row_folds * g.k * a.rows : f.col_folds * g.k * a.cols; break;
        case Dataflow::ws: padded = ifmap ? f.row_folds * g.m * a.rows : f.col_folds * g.k * a.cols; break;
        case Dataflow::is: padded = ifmap ? f.col_folds * g.k * a.cols : f.row_folds * g.n * a.rows; break;
    }
    const std::uint64_t active = (1024 * sram_kb + 1) / 2;
    const std::uint64_t b = line_words;
    return std::min((active + b - 1) / b, (padded + b - 1) / b) * b;
}

}  // namespace specsim::systolic
