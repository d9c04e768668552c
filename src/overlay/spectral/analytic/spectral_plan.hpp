// SPDX-License-Identifier: MIT
// Compile step for the spectral overlay: one conv layer → tiling, streaming block (Ns, Ps),
// read schedules per (kernel group, input channel) and the exact DDR traffic the SystemC
// model must reproduce. Plain C++ (no SystemC): these figures are the model's oracles.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "overlay/common/conv_params.hpp"
#include "overlay/spectral/analytic/read_schedule.hpp"
#include "overlay/spectral/analytic/schedule_cache.hpp"
#include "config/arch_params.hpp"
#include "overlay/spectral/analytic/params.hpp"
#include "config/run_params.hpp"
#include "numerics/conv_fft.hpp"
#include "numerics/sparsity.hpp"
#include "workload/layer.hpp"

namespace specsim::analytic {

/// Streaming block: kernels (output channels) and input tiles held per pass over the input
/// channels. ns is a multiple of N′ and ps of P′, except where clipped to N or P.
struct BlockShape {
    int ns = 0;
    int ps = 0;
};

/// DDR bytes of one layer by kind (payload bytes; bursts are the DDR model's business).
struct LayerTraffic {
    std::uint64_t input_bytes = 0;   ///< spatial input pixels, read ⌈N/Ns⌉ times
    std::uint64_t kernel_bytes = 0;  ///< kernel buffer entries (value, select, valid), read ⌈P/Ps⌉ times
    std::uint64_t index_bytes = 0;   ///< index table rows (r bin addresses per cycle), read ⌈P/Ps⌉ times
    std::uint64_t output_bytes = 0;  ///< output pixels, written once
    std::uint64_t read_bytes() const { return input_bytes + kernel_bytes + index_bytes; }
    std::uint64_t total() const { return read_bytes() + output_bytes; }
};

/// The stride and padding of a network conv layer as the numerics conv routines take them
/// (shared by every overlay: overlay/common/conv_params.hpp).
using overlay::conv2d_params;

/// Bits of one kernel buffer entry: complex value (2·data_bits) + replica select
/// (⌈log2 r⌉) + valid (1); and of one index table row: r·index_bits.
std::uint32_t kernel_entry_bits(const analytic::SpectralOverlayParams& s);
std::uint32_t index_row_bits(const analytic::SpectralOverlayParams& s);

/// Bytes moved for one transfer of `bits` bits (rounded up to whole bytes).
inline std::uint64_t bytes_of_bits(std::uint64_t bits) { return (bits + 7) / 8; }

/// Sparse reader mode: play offline schedules, or arbitrate in order at run time.
enum class ReaderMode { offline, in_order, online };

/// How a layer that is not a convolution the engine runs costs time (whole-network latency).
enum class PassKind {
    none,    ///< a convolution on the engine (or a layer it skips)
    fused,   ///< applied in the producer's output path: 0 cycles, no traffic
    layout,  ///< concat: producers write their channel slices, 0 cycles
    stream,  ///< a streaming pass: reads its inputs from DDR, computes, writes its output
    fc,      ///< fc: a matrix-vector pass on the PE array, weights streamed from DDR
};
const char* to_string(PassKind k);

struct PassWork {
    PassKind kind = PassKind::none;
    std::string fused_into;           ///< fused: the producer layer
    std::uint64_t read_bytes = 0;     ///< activations read (DdrKind::input)
    std::uint64_t weight_bytes = 0;   ///< fc weights read (DdrKind::kernel)
    std::uint64_t write_bytes = 0;    ///< output written
    std::uint64_t cycles = 0;         ///< compute cycles, overlapped with the transfers
    std::uint64_t macs = 0;           ///< fc: real multiply-accumulates
};

struct SpectralLayerPlan {
    std::string layer;
    PassWork pass;                  ///< kind != none: not a convolution on the engine (see PassKind)
    std::string skip_reason;        ///< non-empty: the layer does not run on the engine (why)
    numerics::TileGeometry geom;    ///< OaA tiling (valid only when runnable)
    int out_channels = 0;           ///< N
    int in_channels = 0;            ///< M
    int tiles = 0;                  ///< P = tiles_h · tiles_w
    int kernel_groups = 0;          ///< G = ⌈N/N′⌉
    int tile_groups = 0;            ///< Q = ⌈P/P′⌉
    BlockShape block;
    ReaderMode reader = ReaderMode::offline;
    KernelBins bins;                ///< [n·M + m]: non-zero bins of kernel n at channel m
    std::vector<ReadSchedule> schedules;  ///< [g·M + m]: offline schedule of group g, channel m
    std::vector<InOrderResult> arbiter;   ///< [g·M + m]: run-time arbiter result (in_order, online)
    int window = 1;                       ///< online arbiter lookahead (1 for in_order)
    std::vector<int> lower_bounds;        ///< [g·M + m]: schedule_lower_bound of the lanes
    int exact_optimal = 0;                ///< scheduler exact: (g, m) proven optimal
    int exact_unproven = 0;               ///< scheduler exact: budget ran out (gap left)
    int cached_blocks = 0;                ///< schedules taken from the schedule cache, not made
    /// Elements the layer's output path writes to DDR: its own output, or — when layers
    /// run fused in its output path (pooling, activations) — the maps of that path other
    /// layers read (VGG16's conv1_2 writes pool1). 0 = the conv's own output.
    std::uint64_t written_elements = 0;
    /// Cross-layer partition (run.partition): the input is read from an on-chip line buffer
    /// (no DDR read), the output stays on chip (no DDR write), the filters stay in the
    /// kernel buffers once loaded (each (group, channel) stream read once per layer).
    bool input_on_chip = false;
    bool input_once = false;     ///< input from DDR once per layer (not once per kernel pass)
    bool output_on_chip = false;
    bool filters_resident = false;
    LayerTraffic traffic;           ///< exact analytic DDR bytes for `block`
    std::uint64_t compute_cycles = 0;     ///< Σ_g Σ_m T_{g,m} · Q: PE issue cycles
    std::uint64_t mac_ops = 0;            ///< complex MACs: Σ nnz · P
    std::uint64_t bubbles = 0;            ///< Σ_g Σ_m bubbles_{g,m} · Q

    bool runnable() const { return skip_reason.empty(); }
    bool is_pass() const { return pass.kind != PassKind::none; }
    /// A convolution the engine runs (tiling, blocks, schedules are valid).
    bool runs_conv() const { return runnable() && !is_pass(); }
    const std::vector<int>& bins_of(int n, int m) const { return bins[static_cast<std::size_t>(n) * in_channels + m]; }
    /// Cycles of group g at channel m: T of its schedule (offline) or of the in-order reader.
    int cycles_of(int g, int m) const;
    /// Kernel lanes of group g (N′, fewer in the last group).
    int lanes_of(int g, int kernels_parallel) const;
};

/// The kinds the planner runs in their producer's output path when output_path_fused
/// (PassKind::fused): activations, batchnorm, dropout and pooling.
inline const std::vector<workload::LayerKind>& output_path_kinds()
{
    using K = workload::LayerKind;
    static const std::vector<K> kinds{K::Relu, K::Tanh, K::BatchNorm, K::Dropout, K::MaxPool, K::AvgPool};
    return kinds;
}

/// Elements the conv's output path writes to DDR (SpectralLayerPlan::written_elements, or the
/// conv's N × out_h × out_w when that is 0), before output_on_chip.
inline std::uint64_t written_elements(const SpectralLayerPlan& plan)
{
    return plan.written_elements ? plan.written_elements
                                 : static_cast<std::uint64_t>(plan.out_channels) *
                                       static_cast<std::uint64_t>(plan.geom.out_h) *
                                       static_cast<std::uint64_t>(plan.geom.out_w);
}

/// What the kernel streamer loads for group g at channel m, per reader mode.
/// offline: every lane holds T entries of (value, replica select, valid) — bubbles are
///   stored as valid = 0 — plus T index-table rows of r bin addresses;
/// in_order, online: every lane holds only its own non-zeros as (value, bin index); no
///   index table (the arbiter derives addresses at run time), so `index_bytes` is 0.
/// depth: entries one kernel bank must hold.
struct KernelStream {
    std::uint64_t kernel_bytes = 0;
    std::uint64_t index_bytes = 0;
    std::uint64_t depth = 0;
};
KernelStream kernel_stream(const SpectralLayerPlan& plan, const analytic::SpectralOverlayParams& s, int g, int m);

/// The synthetic sparsity pattern of a conv layer: synth_sparsity(N, M/groups, K, {nnz =
/// run.sparsity.nnz_per_kernel, run.sparsity.distribution, σ = run.sparsity.lowfreq_sigma or
/// the generator's default when 0, seed_for(run.seed, layer.name)}). Throws specsim::Error
/// for a layer that is not a convolution or an invalid option.
numerics::SparsityPattern synthetic_pattern(const workload::Layer& layer, const config::ArchParams& arch,
                                            const config::RunParams& run);

/// Where each kernel's non-zeros come from: a pattern (synthetic or from pruned real
/// kernels), or nullptr for dense kernels (all K² bins).
/// Runs conv layers with groups 1, dilation 1 and kernels ≤ K (stride > 1 runs at stride 1
/// on the same tiles and subsamples); any other layer gets only `layer` and a skip_reason.
/// Schedules: schedule_greedy per (g, m), schedule_dense for dense kernels. Throws
/// specsim::Error when the pattern does not match the layer, nnz > max_nnz, or the minimum
/// block does not fit the buffers (see choose_block).
/// `cache` (optional): offline schedules of a pattern are looked up there by content and
/// stored after they are made; the plan is the same with or without it (cached_blocks says
/// how many came from it).
SpectralLayerPlan plan_spectral_layer(const workload::Layer& layer, const config::ArchParams& arch,
                                      const config::RunParams& run,
                                      const numerics::SparsityPattern* pattern,
                                      ScheduleCache* cache = nullptr);

/// One feasible streaming block of a layer with what it costs (the bandwidth–storage
/// analysis): DDR traffic, entries per bank it needs in each buffer, and an analytic
/// latency estimate.
struct BlockOption {
    BlockShape block;
    LayerTraffic traffic;
    std::uint64_t input_entries = 0;   ///< per input replica bank (of input_depth)
    std::uint64_t kernel_entries = 0;  ///< per kernel bank (of kernel_depth)
    std::uint64_t psum_entries = 0;    ///< per partial-sum bank (of psum_depth)
    double compute_cycles = 0;    ///< PE issue + per-block MAC drain and IFFT (cycles)
    double transfer_cycles = 0;   ///< traffic at the DDR's peak rate (overlay cycles)
    double est_cycles = 0;        ///< max(compute, transfer): transfers overlap compute
    bool transfer_bound() const { return transfer_cycles > compute_cycles; }
};

/// Every block (Ns a multiple of N′ up to N, Ps a multiple of P′ up to P, the last step
/// clipped) whose buffer needs fit the arch's buffer depths, Ns-major. Throws
/// specsim::Error when not even (N′, P′) fits.
std::vector<BlockOption> block_options(const SpectralLayerPlan& plan, const config::ArchParams& arch);

/// The block the run's dataflow policy picks among block_options():
/// kernel_reuse: Ns = N′, Ps as large as the buffers allow; activation_reuse: Ps = P′, Ns as
/// large as they allow; flexible: the least DDR traffic — unless that block's transfers
/// cannot hide under its compute, then the least estimated latency (ties: less traffic).
BlockShape choose_block(const SpectralLayerPlan& plan, const config::ArchParams& arch,
                        const std::string& dataflow);

/// "kernel_reuse" (Ns = N′, Ps > P′), "activation_reuse" (Ps = P′, Ns > N′), "both"
/// (both larger) or "none" (the minimum block): which operand a block keeps on chip.
std::string reuse_of(const SpectralLayerPlan& plan, const config::ArchParams& arch, BlockShape block);

/// Exact DDR traffic of a plan for a block (the formula the simulated byte counts must meet):
/// inputs Σ_tiles pixels·M·b_in·⌈N/Ns⌉, kernels and indices Σ_{g,m} kernel_stream(g, m)
/// times ⌈P/Ps⌉ (offline: ⌈lanes_g·T_{g,m}·entry_bits/8⌉ and ⌈T_{g,m}·r·index_bits/8⌉),
/// outputs N·H_out·W_out·b_out.
LayerTraffic layer_traffic(const SpectralLayerPlan& plan, const config::ArchParams& arch, BlockShape block);

}  // namespace specsim::analytic
