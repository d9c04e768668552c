// SPDX-License-Identifier: MIT
// DSP and on-chip memory estimate of the systolic overlay (model in resources.hpp).
#include "overlay/systolic/analytic/resources.hpp"

#include <cstdio>

#include "overlay/common/fpga_memory.hpp"

namespace specsim::systolic {
namespace {

std::uint64_t div_up(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }

std::string fmt1(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

}  // namespace

SystolicResources systolic_resources(const SystolicOverlayParams& s, const config::DeviceParams& device)
{
    SystolicResources r;
    r.dsp = div_up(std::uint64_t{s.rows} * s.cols, s.macs_per_dsp);
    const BufferWords w = s.buffer_words();
    const auto cost = [&](std::uint64_t words) {
        const std::uint64_t half_lo = words / 2, half_hi = words - words / 2;
        if (s.buffers.memory == BufferMemory::uram)
            return static_cast<double>(fpga::uram_for(half_hi, s.data_bits) + fpga::uram_for(half_lo, s.data_bits));
        return fpga::bram36_for(half_hi, s.data_bits) + fpga::bram36_for(half_lo, s.data_bits);
    };
    r.ifmap_mem = cost(w.ifmap);
    r.filter_mem = cost(w.filter);
    r.ofmap_mem = cost(w.ofmap);
    const double total = r.ifmap_mem + r.filter_mem + r.ofmap_mem;
    if (s.buffers.memory == BufferMemory::uram) r.uram = static_cast<std::uint64_t>(total);
    else r.bram36 = total;
    std::string why;
    const auto add = [&why](const std::string& w) { why += (why.empty() ? "" : "; ") + w; };
    if (r.dsp > device.dsp) add("DSP " + std::to_string(r.dsp) + " > " + std::to_string(device.dsp) + " available");
    if (r.bram36 > static_cast<double>(device.bram36))
        add("BRAM36 " + fmt1(r.bram36) + " > " + std::to_string(device.bram36) + " available");
    if (r.uram > device.uram) add("URAM " + std::to_string(r.uram) + " > " + std::to_string(device.uram) + " available");
    r.feasible = why.empty();
    r.reason = why;
    return r;
}

}  // namespace specsim::systolic
