// SPDX-License-Identifier: MIT
// Compiling one layer for the spectral overlay: which layers run, the OaA tiling, kernel
// non-zeros, read schedules per (kernel group, input channel) and the cycle figures.
// The streaming block and the traffic formula live in block_traffic.cpp.
#include "overlay/spectral/analytic/spectral_plan.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "numerics/random.hpp"
#include "util/error.hpp"
#include "util/parallel.hpp"

namespace specsim::analytic {
namespace {

std::size_t uz(std::int64_t v) { return static_cast<std::size_t>(v); }

std::uint64_t div_up(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }

std::uint64_t input_elements(const workload::Layer& l)
{
    std::uint64_t n = 0;
    for (const auto& s : l.input_shapes) n += static_cast<std::uint64_t>(s.elements());
    return n;
}

// The pass work of a layer that is not a convolution (PassKind).
PassWork pass_of(const workload::Layer& l, const analytic::SpectralOverlayParams& s)
{
    using workload::LayerKind;
    PassWork p;
    const std::uint64_t wb = (s.data_bits + 7) / 8;  // one real word in DDR
    const std::uint64_t in = input_elements(l), out = static_cast<std::uint64_t>(l.output.elements());
    const bool has_producer = l.input_ids.size() == 1 && l.input_ids[0] >= 0;
    const auto stream = [&] {
        p.kind = PassKind::stream;
        p.read_bytes = in * wb;
        p.write_bytes = out * wb;
        p.cycles = div_up(std::max(in, out), s.pass_elements_per_cycle);
    };
    const auto& fusable = output_path_kinds();
    if (std::find(fusable.begin(), fusable.end(), l.kind) != fusable.end()) {
        if (s.output_path_fused && has_producer) {
            p.kind = PassKind::fused;
            p.fused_into = l.inputs.at(0);
        } else {
            stream();
        }
        return p;
    }
    switch (l.kind) {
        case LayerKind::Lrn:
        case LayerKind::Add:
        case LayerKind::Softmax: stream(); break;
        case LayerKind::Concat: p.kind = PassKind::layout; break;
        case LayerKind::Fc: {
            // y = W·x on the PE array: one real MAC per complex-MAC lane per cycle (a complex
            // multiplier used for a real product), the weights streamed once from DDR.
            p.kind = PassKind::fc;
            p.macs = in * out;
            p.read_bytes = in * wb;
            p.weight_bytes = in * out * wb;
            p.write_bytes = out * wb;
            p.cycles = div_up(p.macs, std::uint64_t{s.tiles_parallel} * s.kernels_parallel);
            break;
        }
        case LayerKind::Conv: break;
        case LayerKind::Relu:
        case LayerKind::Tanh:
        case LayerKind::BatchNorm:
        case LayerKind::Dropout:
        case LayerKind::MaxPool:
        case LayerKind::AvgPool: break;  // output_path_kinds(): returned above
    }
    return p;
}

// Why a conv layer cannot run on the engine, or "" when it can.
std::string skip_reason_of(const workload::Layer& layer, int K)
{
    const workload::ConvParams& c = layer.conv();
    if (c.groups != 1) return "grouped conv (groups " + std::to_string(c.groups) + ")";
    if (c.dilation.h != 1 || c.dilation.w != 1) return "dilated conv (dilation " + c.dilation.str() + ")";
    if (c.kernel.h > K || c.kernel.w > K)
        return "kernel " + c.kernel.str() + " larger than FFT size " + std::to_string(K);
    if (layer.input_shapes.size() != 1) return "conv without exactly one input shape";
    return "";
}

// Fills plan.bins from the pattern (or all K² bins), checking shapes and max_nnz.
void fill_bins(SpectralLayerPlan& plan, const analytic::SpectralOverlayParams& s,
               const numerics::SparsityPattern* pattern)
{
    const int N = plan.out_channels, M = plan.in_channels, K = static_cast<int>(s.fft_size);
    plan.bins.assign(uz(N) * uz(M), {});
    if (!pattern) {
        std::vector<int> all(uz(K) * uz(K));
        for (std::size_t b = 0; b < all.size(); ++b) all[b] = static_cast<int>(b);
        for (auto& b : plan.bins) b = all;
        return;
    }
    if (pattern->out_channels != N || pattern->in_channels != M || pattern->fft_size != K)
        throw Error("layer " + plan.layer + ": sparsity pattern is " + std::to_string(pattern->out_channels) + "x" +
                    std::to_string(pattern->in_channels) + " kernels of K = " + std::to_string(pattern->fft_size) +
                    ", the layer needs " + std::to_string(N) + "x" + std::to_string(M) + " of K = " + std::to_string(K));
    if (pattern->nnz < 0 || static_cast<std::uint32_t>(pattern->nnz) > s.max_nnz)
        throw Error("layer " + plan.layer + ": " + std::to_string(pattern->nnz) +
                    " non-zeros per kernel exceed the kernel buffer's max_nnz = " + std::to_string(s.max_nnz));
    for (int n = 0; n < N; ++n)
        for (int m = 0; m < M; ++m) {
            const int* b = pattern->kernel_bins(n, m);
            plan.bins[uz(n) * uz(M) + uz(m)].assign(b, b + pattern->nnz);
        }
}

}  // namespace

std::uint32_t kernel_entry_bits(const analytic::SpectralOverlayParams& s)
{
    std::uint32_t sel_bits = 0;
    while ((std::uint64_t{1} << sel_bits) < s.replicas) ++sel_bits;  // ⌈log2 r⌉
    return 2 * s.data_bits + sel_bits + 1;
}

std::uint32_t index_row_bits(const analytic::SpectralOverlayParams& s) { return s.replicas * s.index_bits; }

int SpectralLayerPlan::cycles_of(int g, int m) const
{
    const std::size_t i = static_cast<std::size_t>(g) * static_cast<std::size_t>(in_channels) + static_cast<std::size_t>(m);
    return reader == ReaderMode::offline ? schedules.at(i).cycles : arbiter.at(i).cycles;
}

int SpectralLayerPlan::lanes_of(int g, int kernels_parallel) const
{
    return std::min(out_channels, (g + 1) * kernels_parallel) - g * kernels_parallel;
}

KernelStream kernel_stream(const SpectralLayerPlan& plan, const analytic::SpectralOverlayParams& s, int g, int m)
{
    KernelStream k;
    const int np = static_cast<int>(s.kernels_parallel);
    const auto lanes = static_cast<std::uint64_t>(plan.lanes_of(g, np));
    if (plan.reader == ReaderMode::offline) {
        const auto T = static_cast<std::uint64_t>(plan.cycles_of(g, m));
        k.kernel_bytes = bytes_of_bits(lanes * T * kernel_entry_bits(s));
        k.index_bytes = bytes_of_bits(T * index_row_bits(s));
        k.depth = T;
        return k;
    }
    std::uint64_t nnz = 0;
    for (int n = g * np; n < g * np + static_cast<int>(lanes); ++n) {
        const auto c = static_cast<std::uint64_t>(plan.bins_of(n, m).size());
        nnz += c;
        k.depth = std::max(k.depth, c);
    }
    k.kernel_bytes = bytes_of_bits(nnz * (2 * std::uint64_t{s.data_bits} + s.index_bits));
    return k;
}

numerics::SparsityPattern synthetic_pattern(const workload::Layer& layer, const config::ArchParams& arch,
                                            const config::RunParams& run)
{
    if (layer.kind != workload::LayerKind::Conv || layer.input_shapes.empty())
        throw Error("layer " + layer.name + ": synthetic sparsity needs a conv layer");
    const workload::ConvParams& c = layer.conv();
    numerics::SparsityOptions o;
    o.nnz = static_cast<int>(run.sparsity.nnz_per_kernel);
    o.dist = numerics::parse_sparsity_dist(run.sparsity.distribution);
    o.sigma = run.sparsity.lowfreq_sigma > 0 ? run.sparsity.lowfreq_sigma : numerics::k_default_lowfreq_sigma;
    o.seed = numerics::seed_for(run.seed, layer.name);
    const std::int64_t groups = std::max<std::int64_t>(1, c.groups);
    return numerics::synth_sparsity(static_cast<int>(c.out_channels),
                                    static_cast<int>(layer.input_shapes[0].c / groups),
                                    static_cast<int>(analytic::spectral_params(arch).fft_size), o);
}

const char* to_string(PassKind k)
{
    switch (k) {
        case PassKind::none: return "conv";
        case PassKind::fused: return "fused";
        case PassKind::layout: return "layout";
        case PassKind::stream: return "pass";
        case PassKind::fc: return "fc";
    }
    return "?";
}

SpectralLayerPlan plan_spectral_layer(const workload::Layer& layer, const config::ArchParams& arch,
                                      const config::RunParams& run, const numerics::SparsityPattern* pattern,
                                      ScheduleCache* cache)
{
    const analytic::SpectralOverlayParams& s = analytic::spectral_params(arch);
    const int K = static_cast<int>(s.fft_size);
    SpectralLayerPlan plan;
    plan.layer = layer.name;
    if (layer.kind != workload::LayerKind::Conv) {  // whole-network latency: a pass, not a skip
        plan.pass = pass_of(layer, s);
        return plan;
    }
    plan.skip_reason = skip_reason_of(layer, K);
    if (!plan.runnable()) return plan;
    if (run.reader == "offline") plan.reader = ReaderMode::offline;
    else if (run.reader == "in_order") plan.reader = ReaderMode::in_order;
    else if (run.reader == "online") plan.reader = ReaderMode::online;
    else throw Error("unknown sparse reader '" + run.reader + "' (offline | in_order | online)");
    if (run.scheduler != "greedy" && run.scheduler != "exact")
        throw Error("unknown read scheduler '" + run.scheduler + "' (greedy | exact)");
    plan.window = plan.reader == ReaderMode::online ? static_cast<int>(run.online_window) : 1;

    // Stride > 1 runs at stride 1 and subsamples the output: the tiles are the same.
    const workload::ConvParams& c = layer.conv();
    const workload::Shape& in = layer.input_shapes[0];
    plan.geom = numerics::tile_geometry(static_cast<int>(in.h), static_cast<int>(in.w), static_cast<int>(c.kernel.h),
                                        static_cast<int>(c.kernel.w), K, conv2d_params(c));
    const int N = static_cast<int>(c.out_channels), M = static_cast<int>(in.c);
    const int Np = static_cast<int>(s.kernels_parallel), Pp = static_cast<int>(s.tiles_parallel);
    plan.out_channels = N;
    plan.in_channels = M;
    plan.tiles = plan.geom.tiles();
    plan.kernel_groups = (N + Np - 1) / Np;
    plan.tile_groups = (plan.tiles + Pp - 1) / Pp;
    fill_bins(plan, s, pattern);

    const int G = plan.kernel_groups, r = static_cast<int>(s.replicas);
    const std::uint64_t Q = static_cast<std::uint64_t>(plan.tile_groups);
    // One read schedule per (kernel group g, input channel m): independent, so they are
    // made in parallel; item g·M + m lands in its own slot (results do not depend on the
    // thread count). The in-order reader needs no offline schedule.
    const bool offline = plan.reader == ReaderMode::offline;
    const std::size_t blocks = uz(G) * uz(M);
    if (offline) plan.schedules.assign(blocks, {});
    else plan.arbiter.assign(blocks, {});
    plan.lower_bounds.assign(blocks, 0);
    std::vector<char> proven(blocks, 0), unproven(blocks, 0);
    analytic::ExactOptions exact;
    exact.conflicts_per_call = run.exact_conflicts;
    auto lanes_of_block = [&](std::size_t i) {
        const int g = static_cast<int>(i / uz(M)), m = static_cast<int>(i % uz(M));
        const int n0 = g * Np, lanes = std::min(N, n0 + Np) - n0;
        KernelBins lanes_bins(uz(lanes));
        for (int k = 0; k < lanes; ++k) lanes_bins[uz(k)] = plan.bins_of(n0 + k, m);
        return lanes_bins;
    };
    // Offline schedules of a sparsity pattern are what the cache holds (dense ones and the
    // arbiters are cheap): the whole layer's blocks are one entry, keyed by their content.
    if (cache && offline && pattern) {
        std::vector<KernelBins> all(blocks);
        util::parallel_for(blocks, [&](std::size_t i) { all[i] = lanes_of_block(i); });
        const std::string key = schedule_cache_key(all, r, run.scheduler, run.exact_conflicts);
        std::optional<std::vector<CachedSchedule>> got = cache->load(key, all, r);
        if (!got) {
            got.emplace(blocks);
            util::parallel_for(blocks, [&](std::size_t i) {
                CachedSchedule& c = (*got)[i];
                if (run.scheduler == "exact") {
                    ExactResult e = schedule_exact(all[i], r, exact);
                    c.lower_bound = e.lower_bound;
                    c.optimal = e.optimal;
                    c.schedule = std::move(e.schedule);
                } else {
                    c.lower_bound = schedule_lower_bound(all[i], r);
                    c.schedule = schedule_greedy(all[i], r);
                }
            });
            cache->store(key, *got);
        } else {
            plan.cached_blocks = static_cast<int>(blocks);
        }
        for (std::size_t i = 0; i < blocks; ++i) {
            CachedSchedule& c = (*got)[i];
            plan.lower_bounds[i] = c.lower_bound;
            if (run.scheduler == "exact") {
                proven[i] = c.optimal;
                unproven[i] = !c.optimal;
            }
            plan.schedules[i] = std::move(c.schedule);
        }
    } else {
        util::parallel_for(blocks, [&](std::size_t i) {
            const KernelBins lanes_bins = lanes_of_block(i);
            const int lanes = static_cast<int>(lanes_bins.size());
            plan.lower_bounds[i] = schedule_lower_bound(lanes_bins, r);
            if (plan.reader == ReaderMode::in_order) {
                plan.arbiter[i] = simulate_in_order(lanes_bins, r);
            } else if (plan.reader == ReaderMode::online) {
                plan.arbiter[i] = simulate_online(lanes_bins, r, plan.window);
            } else if (!pattern) {
                plan.schedules[i] = schedule_dense(lanes, K * K, r);
            } else if (run.scheduler == "exact") {
                ExactResult e = schedule_exact(lanes_bins, r, exact);
                plan.lower_bounds[i] = e.lower_bound;
                proven[i] = e.optimal;
                unproven[i] = !e.optimal;
                plan.schedules[i] = std::move(e.schedule);
            } else {
                plan.schedules[i] = schedule_greedy(lanes_bins, r);
            }
        });
    }
    for (std::size_t i = 0; i < blocks; ++i) {
        plan.exact_optimal += proven[i];
        plan.exact_unproven += unproven[i];
    }
    for (int g = 0; g < G; ++g) {
        const int n0 = g * Np, lanes = std::min(N, n0 + Np) - n0;
        for (int m = 0; m < M; ++m) {
            std::uint64_t nnz = 0;
            for (int k = 0; k < lanes; ++k) nnz += plan.bins_of(n0 + k, m).size();
            plan.mac_ops += nnz * static_cast<std::uint64_t>(plan.tiles);
            const auto cyc = static_cast<std::uint64_t>(plan.cycles_of(g, m));
            plan.bubbles += (cyc * static_cast<std::uint64_t>(lanes) - nnz) * Q;
            plan.compute_cycles += cyc * Q;
        }
    }
    plan.block = choose_block(plan, arch, run.dataflow);
    plan.traffic = layer_traffic(plan, arch, plan.block);
    return plan;
}

}  // namespace specsim::analytic
