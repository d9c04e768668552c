// SPDX-License-Identifier: MIT
// DSP and block-RAM estimates of the spectral overlay (see resources.hpp for the model).
#include "overlay/spectral/analytic/resources.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <utility>

#include "overlay/spectral/analytic/spectral_plan.hpp"

namespace specsim::analytic {
namespace {

std::uint64_t div_up(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }

std::uint32_t ceil_log2(std::uint64_t v)
{
    std::uint32_t n = 0;
    while ((std::uint64_t{1} << n) < v) ++n;
    return n;
}

std::string memory_detail(std::uint64_t count, std::uint64_t depth, std::uint64_t width)
{
    return std::to_string(count) + " x " + std::to_string(depth) + "x" + std::to_string(width) + " bit";
}

std::string fmt_bram(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

}  // namespace

SpectralResources spectral_resources(const config::ArchParams& arch, const std::string& reader)
{
    const analytic::SpectralOverlayParams& s = analytic::spectral_params(arch);
    const analytic::SpectralBufferParams& b = s.buffers;
    SpectralResources r;
    const std::uint64_t Pp = s.tiles_parallel, Np = s.kernels_parallel;

    const std::uint64_t macs = Pp * Np;
    r.items.push_back({"PE array", macs, macs * s.dsp_per_cmul, 0.0,
                       std::to_string(macs) + " complex MACs x " + std::to_string(s.dsp_per_cmul) + " DSP"});
    // Streaming radix-2 2-D FFT: each 1-D pass has log2 K butterfly stages of
    // points_per_cycle/2 butterflies; the first two stages multiply only by ±1 and ±j
    // (trivial twiddles, no DSP), the others use one complex multiplier per butterfly.
    // Row and column passes share the multipliers (×2 for the two passes).
    for (const auto& [name, f] : {std::pair<const char*, const analytic::FftUnitParams&>{"FFT units", s.fft},
                                  std::pair<const char*, const analytic::FftUnitParams&>{"IFFT units", s.ifft}}) {
        const std::uint32_t lg = ceil_log2(s.fft_size);
        const std::uint64_t stages = lg > 2 ? lg - 2 : 0;
        const std::uint64_t per_unit = std::uint64_t{s.dsp_per_cmul} * (f.points_per_cycle / 2) * 2 * stages;
        r.items.push_back({name, Pp, Pp * per_unit, 0.0,
                           std::to_string(Pp) + " units x " + std::to_string(per_unit) + " DSP"});
    }
    const auto memory = [&](const char* name, std::uint64_t count, std::uint64_t depth, std::uint64_t width) {
        r.items.push_back({name, count, 0, static_cast<double>(count) * bram36_for(depth, width),
                           memory_detail(count, depth, width)});
    };
    memory("input replica buffers", Pp * s.replicas * 2, b.input_depth, 2ULL * s.data_bits);
    if (reader == "offline") {
        memory("kernel buffer", Np * 2, b.kernel_depth, kernel_entry_bits(s));
        memory("index table", 2, b.kernel_depth, index_row_bits(s));
    } else {  // run-time arbiters: (value, bin index) per non-zero, no index table
        memory("kernel buffer", Np * 2, b.kernel_depth, 2ULL * s.data_bits + s.index_bits);
        r.items.push_back({"index table", 0, 0, 0.0, "none: the " + reader + " reader arbitrates at run time"});
    }
    memory("partial-sum buffer", Np * b.psum_halves, b.psum_depth, 2ULL * b.acc_bits);

    for (const ResourceItem& it : r.items) {
        r.dsp += it.dsp;
        r.bram36 += it.bram36;
    }
    r.dsp_available = arch.device.dsp;
    r.bram36_available = arch.device.bram36;
    if (r.dsp > r.dsp_available)
        r.reason = "DSP " + std::to_string(r.dsp) + " > " + std::to_string(r.dsp_available) + " available";
    if (r.bram36 > static_cast<double>(r.bram36_available))
        r.reason += (r.reason.empty() ? "" : "; ") + std::string("BRAM36 ") + fmt_bram(r.bram36) + " > " +
                    std::to_string(r.bram36_available) + " available";
    r.feasible = r.reason.empty();
    return r;
}

}  // namespace specsim::analytic
