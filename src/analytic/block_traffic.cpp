// SPDX-License-Identifier: MIT
// The streaming block (Ns, Ps) a dataflow picks under the buffer capacities, and the exact
// DDR traffic of a plan for a block (the oracle the simulated byte counts must meet).
#include <algorithm>
#include <string>
#include <vector>

#include "analytic/spectral_plan.hpp"
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

std::vector<BufferNeed> needs(const config::SpectralOverlayParams& s, std::uint64_t t_max, int ns, int ps)
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

BlockShape choose_block(const SpectralLayerPlan& plan, const config::ArchParams& arch, const std::string& dataflow)
{
    const config::SpectralOverlayParams& s = arch.spectral;
    if (!plan.runnable()) return {};
    if (dataflow != "kernel_reuse" && dataflow != "activation_reuse")
        throw Error("unknown dataflow '" + dataflow + "' (kernel_reuse | activation_reuse)");
    const int N = plan.out_channels, P = plan.tiles;
    const int Np = static_cast<int>(s.kernels_parallel), Pp = static_cast<int>(s.tiles_parallel);
    std::uint64_t t_max = 0;  // deepest kernel bank any (g, m) needs
    for (int g = 0; g < plan.kernel_groups; ++g)
        for (int m = 0; m < plan.in_channels; ++m) t_max = std::max(t_max, kernel_stream(plan, s, g, m).depth);

    BlockShape b{std::min(N, Np), std::min(P, Pp)};
    for (const BufferNeed& n : needs(s, t_max, b.ns, b.ps))
        if (n.need > n.have)
            throw Error("layer " + plan.layer + ": the " + n.buffer + " is too small for the minimum block (Ns, Ps) = (" +
                        std::to_string(b.ns) + ", " + std::to_string(b.ps) + "): it needs " + std::to_string(n.need) +
                        " entries per bank, " + n.key + " is " + std::to_string(n.have) + " (short by " +
                        std::to_string(n.need - n.have) + ")");
    // Grow the streamed-over operand in steps of its parallelism while everything fits.
    const bool grow_tiles = dataflow == "kernel_reuse";
    int& x = grow_tiles ? b.ps : b.ns;
    const int step = grow_tiles ? Pp : Np, limit = grow_tiles ? P : N;
    for (int mult = 2; x < limit; ++mult) {
        const int cand = std::min(limit, mult * step);
        const BlockShape c = grow_tiles ? BlockShape{b.ns, cand} : BlockShape{cand, b.ps};
        if (!fits(needs(s, t_max, c.ns, c.ps))) break;
        x = cand;
    }
    return b;
}

// Inputs: the tiles partition the padded plane and pads are generated on chip, so one pass
// over the M channels reads every input pixel once: M·H·W pixels, repeated ⌈N/Ns⌉ times.
// Outputs: the overlap-add halo between tile blocks is kept on chip (tile blocks advance in
// raster order, so a block's right/bottom halo is added into its neighbour before that is
// written), hence every output pixel is written exactly once: N·H_out·W_out pixels.
LayerTraffic layer_traffic(const SpectralLayerPlan& plan, const config::ArchParams& arch, BlockShape block)
{
    LayerTraffic t;
    if (!plan.runnable()) return t;
    const config::SpectralOverlayParams& s = arch.spectral;
    if (block.ns < 1 || block.ps < 1)
        throw Error("layer " + plan.layer + ": block (" + std::to_string(block.ns) + ", " + std::to_string(block.ps) +
                    ") must be positive");
    const std::uint64_t pixel_bytes = bytes_of_bits(s.data_bits);
    const auto N = static_cast<std::uint64_t>(plan.out_channels), M = static_cast<std::uint64_t>(plan.in_channels);
    const auto P = static_cast<std::uint64_t>(plan.tiles);
    const std::uint64_t kernel_passes = div_up(N, static_cast<std::uint64_t>(block.ns));
    const std::uint64_t tile_passes = div_up(P, static_cast<std::uint64_t>(block.ps));
    t.input_bytes = M * static_cast<std::uint64_t>(plan.geom.in_h) * static_cast<std::uint64_t>(plan.geom.in_w) *
                    pixel_bytes * kernel_passes;
    std::uint64_t kbytes = 0, ibytes = 0;
    for (int g = 0; g < plan.kernel_groups; ++g)
        for (int m = 0; m < plan.in_channels; ++m) {
            const KernelStream k = kernel_stream(plan, s, g, m);
            kbytes += k.kernel_bytes;
            ibytes += k.index_bytes;
        }
    t.kernel_bytes = kbytes * tile_passes;
    t.index_bytes = ibytes * tile_passes;
    t.output_bytes = N * static_cast<std::uint64_t>(plan.geom.out_h) * static_cast<std::uint64_t>(plan.geom.out_w) *
                     pixel_bytes;
    return t;
}

}  // namespace specsim::analytic
