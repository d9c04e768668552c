// SPDX-License-Identifier: MIT
// The streaming block (Ns, Ps) a dataflow picks under the buffer capacities, and the exact
// DDR traffic of a plan for a block (the oracle the simulated byte counts must meet).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "overlay/spectral/analytic/spectral_plan.hpp"
#include "util/error.hpp"

namespace specsim::analytic {
namespace {

std::uint64_t div_up(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }

// Entries one bank of each buffer needs for block (ns, ps), against its capacity.
struct BufferNeed {
    const char* buffer;
    const char* key;
    std::uint64_t need;
    std::uint64_t have;
};

std::vector<BufferNeed> needs(const analytic::SpectralOverlayParams& s, std::uint64_t t_max, int ns, int ps)
{
    const std::uint64_t KK = std::uint64_t{s.fft_size} * s.fft_size;
    const std::uint64_t kernels_per_lane = div_up(static_cast<std::uint64_t>(ns), s.kernels_parallel);
    const std::uint64_t tiles_per_lane = div_up(static_cast<std::uint64_t>(ps), s.tiles_parallel);
    return {
        {"input replica buffer", "input_depth", tiles_per_lane * KK, s.buffers.input_depth},
        {"kernel buffer", "kernel_depth", kernels_per_lane * t_max, s.buffers.kernel_depth},
        {"partial-sum buffer", "psum_depth", kernels_per_lane * static_cast<std::uint64_t>(ps) * KK,
         s.buffers.psum_depth},
    };
}

bool fits(const std::vector<BufferNeed>& v)
{
    return std::all_of(v.begin(), v.end(), [](const BufferNeed& b) { return b.need <= b.have; });
}

}  // namespace

namespace {

// Σ_{g,m} kernel and index bytes of one pass over all (group, channel) blocks, and the
// deepest kernel bank: independent of the block.
struct KernelTotals {
    std::uint64_t kernel_bytes = 0, index_bytes = 0, depth = 0;
};

KernelTotals kernel_totals(const SpectralLayerPlan& plan, const analytic::SpectralOverlayParams& s)
{
    KernelTotals t;
    for (int g = 0; g < plan.kernel_groups; ++g)
        for (int m = 0; m < plan.in_channels; ++m) {
            const KernelStream k = kernel_stream(plan, s, g, m);
            t.kernel_bytes += k.kernel_bytes;
            t.index_bytes += k.index_bytes;
            t.depth = std::max(t.depth, k.depth);
        }
    return t;
}

LayerTraffic traffic_of(const SpectralLayerPlan& plan, const analytic::SpectralOverlayParams& s, const KernelTotals& kt,
                        BlockShape block)
{
    LayerTraffic t;
    const std::uint64_t pixel_bytes = bytes_of_bits(s.data_bits);
    const auto N = static_cast<std::uint64_t>(plan.out_channels), M = static_cast<std::uint64_t>(plan.in_channels);
    const auto P = static_cast<std::uint64_t>(plan.tiles);
    const std::uint64_t kernel_passes = div_up(N, static_cast<std::uint64_t>(block.ns));
    const std::uint64_t tile_passes = div_up(P, static_cast<std::uint64_t>(block.ps));
    t.input_bytes = plan.input_on_chip ? 0
                                       : M * static_cast<std::uint64_t>(plan.geom.in_h) *
                                             static_cast<std::uint64_t>(plan.geom.in_w) * pixel_bytes *
                                             (plan.input_once ? 1 : kernel_passes);
    const std::uint64_t kernel_reads = plan.filters_resident ? 1 : tile_passes;
    t.kernel_bytes = kt.kernel_bytes * kernel_reads;
    t.index_bytes = kt.index_bytes * kernel_reads;
    t.output_bytes = plan.output_on_chip ? 0 : written_elements(plan) * pixel_bytes;
    return t;
}

// Analytic latency of a block: the PE issue cycles plus, per block, the MAC drain and the
// IFFT of its Ns·Ps tiles (the partial-sum buffer is single, so those do not overlap the
// next block's MACs); transfers at the DDR's peak rate overlap all of it.
void estimate(BlockOption& o, const SpectralLayerPlan& plan, const config::ArchParams& arch)
{
    const auto& s = analytic::spectral_params(arch);
    const double kk_ifft = std::ceil(double(s.fft_size) * s.fft_size / s.ifft.points_per_cycle);
    double drains = 0, iffts = 0;
    for (int n0 = 0; n0 < plan.out_channels; n0 += o.block.ns)
        for (int p0 = 0; p0 < plan.tiles; p0 += o.block.ps) {
            const double nb = std::min(o.block.ns, plan.out_channels - n0), pb = std::min(o.block.ps, plan.tiles - p0);
            drains += s.mac_latency_cycles;
            iffts += std::ceil(nb * pb / s.tiles_parallel) * kk_ifft + s.ifft.latency_cycles;
        }
    // One partial-sum buffer: MACs wait for each IFFT; two: IFFTs overlap the next MACs.
    o.compute_cycles = s.buffers.psum_halves > 1 ? std::max(double(plan.compute_cycles), iffts) + drains
                                                 : double(plan.compute_cycles) + iffts + drains;
    const double bytes_per_cycle = arch.ddr.channels * arch.ddr.bandwidth_per_channel.bytes_per_s / arch.clock.hz;
    o.transfer_cycles = double(o.traffic.total()) / bytes_per_cycle;
    o.est_cycles = std::max(o.compute_cycles, o.transfer_cycles);
}

}  // namespace

std::vector<BlockOption> block_options(const SpectralLayerPlan& plan, const config::ArchParams& arch)
{
    std::vector<BlockOption> out;
    if (!plan.runs_conv()) return out;
    const analytic::SpectralOverlayParams& s = analytic::spectral_params(arch);
    const int N = plan.out_channels, P = plan.tiles;
    const int Np = static_cast<int>(s.kernels_parallel), Pp = static_cast<int>(s.tiles_parallel);
    const KernelTotals kt = kernel_totals(plan, s);
    const BlockShape min_block{std::min(N, Np), std::min(P, Pp)};
    for (const BufferNeed& n : needs(s, kt.depth, min_block.ns, min_block.ps))
        if (n.need > n.have)
            throw Error("layer " + plan.layer + ": the " + n.buffer + " is too small for the minimum block (Ns, Ps) = (" +
                        std::to_string(min_block.ns) + ", " + std::to_string(min_block.ps) + "): it needs " +
                        std::to_string(n.need) + " entries per bank, " + n.key + " is " + std::to_string(n.have) +
                        " (short by " + std::to_string(n.need - n.have) + ")");
    for (int ns = min_block.ns;; ns = std::min(N, ns + Np)) {
        // Needs grow with ns and with ps: stop a row at the first misfit, and stop
        // altogether when even the smallest ps does not fit.
        if (!fits(needs(s, kt.depth, ns, min_block.ps))) break;
        for (int ps = min_block.ps;; ps = std::min(P, ps + Pp)) {
            const auto v = needs(s, kt.depth, ns, ps);
            if (!fits(v)) break;
            BlockOption o;
            o.block = {ns, ps};
            o.traffic = traffic_of(plan, s, kt, o.block);
            o.input_entries = v[0].need;
            o.kernel_entries = v[1].need;
            o.psum_entries = v[2].need;
            estimate(o, plan, arch);
            out.push_back(o);
            if (ps == P) break;
        }
        if (ns == N) break;
    }
    return out;
}

BlockShape choose_block(const SpectralLayerPlan& plan, const config::ArchParams& arch, const std::string& requested)
{
    if (!plan.runs_conv()) return {};
    // A RunParams built in code (no run file) has no dataflow: the overlay's default.
    const std::string dataflow = requested.empty() ? "kernel_reuse" : requested;
    if (dataflow != "kernel_reuse" && dataflow != "activation_reuse" && dataflow != "flexible")
        throw Error("unknown dataflow '" + dataflow + "' (kernel_reuse | activation_reuse | flexible)");
    const std::vector<BlockOption> opts = block_options(plan, arch);  // Ns-major, ascending
    const BlockShape min_block = opts.front().block;
    const BlockOption* best = nullptr;
    if (dataflow == "kernel_reuse") {
        for (const auto& o : opts)  // Ns = N′: the largest Ps that fits
            if (o.block.ns == min_block.ns) best = &o;
    } else if (dataflow == "activation_reuse") {
        for (const auto& o : opts)  // Ps = P′: the largest Ns that fits
            if (o.block.ps == min_block.ps) best = &o;
    } else {
        for (const auto& o : opts)
            if (!best || o.traffic.total() < best->traffic.total() ||
                (o.traffic.total() == best->traffic.total() && o.est_cycles < best->est_cycles))
                best = &o;
        if (best->transfer_bound())
            for (const auto& o : opts)
                if (o.est_cycles < best->est_cycles ||
                    (o.est_cycles == best->est_cycles && o.traffic.total() < best->traffic.total()))
                    best = &o;
    }
    return best->block;
}

std::string reuse_of(const SpectralLayerPlan& plan, const config::ArchParams& arch, BlockShape block)
{
    const bool more_kernels = block.ns > std::min<int>(plan.out_channels, static_cast<int>(analytic::spectral_params(arch).kernels_parallel));
    const bool more_tiles = block.ps > std::min<int>(plan.tiles, static_cast<int>(analytic::spectral_params(arch).tiles_parallel));
    if (more_kernels && more_tiles) return "both";
    if (more_tiles) return "kernel_reuse";
    if (more_kernels) return "activation_reuse";
    return "none";
}

// Inputs: the tiles partition the padded plane and pads are generated on chip, so one pass
// over the M channels reads every input pixel once: M·H·W pixels, repeated ⌈N/Ns⌉ times.
// Outputs: the overlap-add halo between tile blocks is kept on chip (tile blocks advance in
// raster order, so a block's right/bottom halo is added into its neighbour before that is
// written), hence every output pixel is written exactly once: N·H_out·W_out pixels.
LayerTraffic layer_traffic(const SpectralLayerPlan& plan, const config::ArchParams& arch, BlockShape block)
{
    if (!plan.runs_conv()) return {};
    if (block.ns < 1 || block.ps < 1)
        throw Error("layer " + plan.layer + ": block (" + std::to_string(block.ns) + ", " + std::to_string(block.ps) +
                    ") must be positive");
    return traffic_of(plan, analytic::spectral_params(arch), kernel_totals(plan, analytic::spectral_params(arch)), block);
}

}  // namespace specsim::analytic
