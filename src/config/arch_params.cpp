// SPDX-License-Identifier: MIT
// Arch YAML → ArchParams. Each key's description here is what docs/config-reference.md
// shows (it is generated from these calls).
#include "config/arch_params.hpp"

#include <algorithm>
#include <filesystem>

#include "config/experiment.hpp"
#include "util/did_you_mean.hpp"

namespace specsim::config {
namespace {

void require_positive(MapReader& r, const std::string& key, std::uint64_t v)
{
    if (v == 0) r.fail(key, "must be at least 1");
}

DeviceParams parse_device(MapReader r)
{
    DeviceParams d;
    d.name = r.get<std::string>("name", "device name, for reports (e.g. 'Alveo U200 (xcu200)')");
    d.dsp = r.get<std::uint64_t>("dsp", "DSP slices available to the overlay");
    d.bram36 = r.get<std::uint64_t>("bram36", "36 Kib block RAMs available to the overlay");
    d.uram = r.opt<std::uint64_t>("uram", 0, "288 Kib UltraRAMs available to the overlay");
    r.done();
    return d;
}

FftUnitParams parse_fft_unit(MapReader r, std::uint32_t def_ppc, std::uint32_t def_latency)
{
    FftUnitParams f;
    f.points_per_cycle = r.opt<std::uint32_t>(
        "points_per_cycle", def_ppc, "complex points one unit accepts per cycle (default K)");
    f.latency_cycles = r.opt<std::uint32_t>(
        "latency_cycles", def_latency, "pipeline latency of one unit in overlay cycles (default 2K)");
    require_positive(r, "points_per_cycle", f.points_per_cycle);
    r.done();
    return f;
}

SpectralOverlayParams parse_spectral(MapReader& r)
{
    SpectralOverlayParams s;
    s.fft_size = r.opt<std::uint32_t>("fft_size", 8, "K: FFT size; tiles are K×K bins");
    s.tiles_parallel = r.opt<std::uint32_t>("tiles_parallel", 9, "P′: input tiles processed in parallel (PARATIL)");
    s.kernels_parallel = r.opt<std::uint32_t>("kernels_parallel", 64, "N′: kernels processed in parallel (PARAKRN)");
    s.replicas = r.opt<std::uint32_t>("replicas", 8, "r: copies of each tile spectrum, one read port each (REPLICA)");
    s.max_nnz = r.opt<std::uint32_t>("max_nnz", 16, "kernel buffer slots per kernel and input channel");
    s.data_bits = r.opt<std::uint32_t>("data_bits", 16, "bits of one real component in fixed point (complex = 2×)");
    s.frac_bits = r.opt<std::uint32_t>("frac_bits", 10, "fraction bits of the fixed-point format");
    s.index_bits = r.opt<std::uint32_t>("index_bits", 6, "bits of one spectral bin index (log2 K²)");
    s.dsp_per_cmul = r.opt<std::uint32_t>("dsp_per_cmul", 3, "DSP slices per complex multiplier (3 or 4)");
    s.mac_latency_cycles = r.opt<std::uint32_t>("mac_latency_cycles", 4, "PE pipeline latency in cycles");
    for (const char* key : {"fft_size", "tiles_parallel", "kernels_parallel", "replicas", "max_nnz"})
        require_positive(r, key, r.at(key).as<std::uint32_t>());
    if (s.fft_size < 2 || (s.fft_size & (s.fft_size - 1)) != 0)
        r.fail("fft_size", "must be a power of two ≥ 2, got " + std::to_string(s.fft_size));
    if (s.dsp_per_cmul != 3 && s.dsp_per_cmul != 4) r.fail("dsp_per_cmul", "must be 3 or 4");
    if (s.data_bits < 2 || s.data_bits > 32) r.fail("data_bits", "must be between 2 and 32");
    if (s.frac_bits >= s.data_bits) r.fail("frac_bits", "must be less than data_bits");
    if (s.max_nnz > s.fft_size * s.fft_size) r.fail("max_nnz", "cannot exceed fft_size² bins");
    if ((1ULL << s.index_bits) < std::uint64_t(s.fft_size) * s.fft_size)
        r.fail("index_bits", "too few bits to address fft_size² bins");
    s.fft = parse_fft_unit(r.map_opt("fft", "2-D FFT units (P′ of them)"), s.fft_size, 2 * s.fft_size);
    s.ifft = parse_fft_unit(r.map_opt("ifft", "2-D IFFT units (P′ of them)"), s.fft_size, 2 * s.fft_size);
    MapReader b = r.map_opt("buffers", "on-chip buffer capacities (entries per bank, per half of a double buffer)");
    s.buffers.input_depth = b.opt<std::uint32_t>("input_depth", 512, "tile-spectrum bins per replica bank; (Ps/P′)·K² must fit");
    s.buffers.kernel_depth = b.opt<std::uint32_t>("kernel_depth", 512, "entries per kernel bank; (Ns/N′)·T must fit");
    s.buffers.psum_depth = b.opt<std::uint32_t>("psum_depth", 4096, "partial sums per PE-lane bank; (Ns/N′)·Ps·K² must fit");
    s.buffers.acc_bits = b.opt<std::uint32_t>("acc_bits", 32, "bits of one real component of a partial sum");
    s.buffers.psum_halves = b.opt<std::uint32_t>(
        "psum_halves", 1,
        "partial-sum buffer copies: 1 = the RTL's FSM (PROC IFFT after DONE CONV, the MACs wait); 2 = double "
        "buffered, a block's IFFT overlaps the next block's MACs (twice the BRAM)");
    if (s.buffers.psum_halves != 1 && s.buffers.psum_halves != 2) b.fail("psum_halves", "must be 1 or 2");
    for (const char* key : {"input_depth", "kernel_depth", "psum_depth"})
        require_positive(b, key, b.at(key).as<std::uint32_t>());
    if (s.buffers.acc_bits < s.data_bits || s.buffers.acc_bits > 64)
        b.fail("acc_bits", "must be between data_bits and 64");
    b.done();
    return s;
}

AxiParams parse_axi(MapReader r)
{
    AxiParams a;
    a.data_bytes = r.opt<std::uint32_t>(
        "data_bytes", 64, "bytes per AXI beat (data bus width / 8; 64 = 512 bit); a power of two, 4..128");
    a.max_burst_beats = r.opt<std::uint32_t>(
        "max_burst_beats", 64, "beats per AXI burst at most (AXI4 INCR: 1..256); bursts never cross a 4 KiB boundary");
    a.max_outstanding = r.opt<std::uint32_t>(
        "max_outstanding", 16, "AXI bursts in flight per port at most (issued, not yet complete); ≥ 1");
    a.latency = r.opt<Duration>("latency", "0ns",
                                "fixed delay from an AXI port to the controller's queue (interconnect, clock crossing, "
                                "controller front end, PHY), on top of the DRAM's own timing");
    a.clock = r.opt<Frequency>("clock", "0Hz",
                               "port clock: each port moves at most one beat (data_bytes) per cycle of it, per "
                               "direction; 0Hz = no limit (a port may feed every channel each DRAM cycle)");
    if (a.clock.hz < 0) r.fail("clock", "must not be negative");
    if (a.data_bytes < 4 || a.data_bytes > 128 || (a.data_bytes & (a.data_bytes - 1)) != 0)
        r.fail("data_bytes", "must be a power of two between 4 and 128 bytes, got " + std::to_string(a.data_bytes));
    if (a.max_burst_beats < 1 || a.max_burst_beats > 256)
        r.fail("max_burst_beats", "must be between 1 and 256 (AXI4 INCR), got " + std::to_string(a.max_burst_beats));
    require_positive(r, "max_outstanding", a.max_outstanding);
    r.done();
    return a;
}

}  // namespace

const char* to_string(DdrModel m)
{
    switch (m) {
    case DdrModel::simple: return "simple";
    case DdrModel::ddr4: return "ddr4";
    case DdrModel::ideal: return "ideal";
    }
    return "?";
}

const char* to_string(DdrPorts p) { return p == DdrPorts::per_kind ? "per_kind" : "shared"; }

std::string shipped_ddr4_preset(const std::string& name)
{
    return std::string(SPECSIM_SOURCE_DIR) + "/configs/dram/" + name + ".yaml";
}

std::vector<std::string> shipped_ddr4_presets()
{
    std::vector<std::string> names;
    const std::string dir = std::string(SPECSIM_SOURCE_DIR) + "/configs/dram";
    if (std::filesystem::is_directory(dir))
        for (const auto& e : std::filesystem::directory_iterator(dir))
            if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

namespace {

DdrParams parse_ddr(MapReader r)
{
    DdrParams d;
    const std::string model =
        r.choice("model", {"simple", "ddr4", "ideal"}, "simple",
                 "simple: bandwidth + latency + bursts; ddr4: the cycle-level DDR4 controller (src/dram); ideal: every "
                 "transfer done one overlay cycle after its issue, whatever its size (no latency, unlimited bandwidth)");
    d.model = model == "ddr4" ? DdrModel::ddr4 : model == "ideal" ? DdrModel::ideal : DdrModel::simple;
    const std::string preset = r.opt<std::string>(
        "preset", "", "ddr4: a preset file (relative to this file) or a name: ../dram/NAME.yaml next to this file, else the shipped configs/dram/NAME.yaml (e.g. u200-ddr4-2400)");
    if (d.model == DdrModel::ddr4) {
        if (preset.empty()) r.fail("preset", "model ddr4 needs a preset");
        const bool is_path = preset.find('/') != std::string::npos || preset.find(".yaml") != std::string::npos;
        // A name: ../dram/NAME.yaml next to this file, else the shipped configs/dram/NAME.yaml.
        d.preset = resolve_relative(r.node().file(), is_path ? preset : "../dram/" + preset + ".yaml");
        const std::string shipped = shipped_ddr4_preset(preset);
        if (!is_path && !std::filesystem::is_regular_file(d.preset) && std::filesystem::is_regular_file(shipped))
            d.preset = shipped;
        if (!std::filesystem::is_regular_file(d.preset))
            r.fail("preset", "no preset '" + preset + "'" + (is_path ? "" : did_you_mean_suffix(preset, shipped_ddr4_presets())) +
                                 " (looked for " + d.preset + (is_path ? ")" : " and " + shipped + ")"));
    }
    d.channels = r.opt<std::uint32_t>("channels", 1, "independent DDR channels");
    d.ports = r.choice("ports", {"shared", "per_kind"}, "shared",
                       "simple: shared = every request split burst by burst over all the channels; per_kind = "
                       "input, kernel, index and output each have their own `channels` channels of "
                       "bandwidth_per_channel (streams of different kinds never queue behind each other); "
                       "ignored by ddr4 (one AXI port per kind) and ideal") == "per_kind"
                  ? DdrPorts::per_kind
                  : DdrPorts::shared;
    d.bandwidth_per_channel = r.opt<Bandwidth>("bandwidth_per_channel", "19.2GB/s", "peak data rate of one channel");
    d.latency = r.opt<Duration>("latency", "100ns", "unloaded request-to-first-data latency");
    d.burst = r.opt<DataSize>("burst", "64B", "transfer granule: requests are rounded up to whole bursts");
    d.clock = r.opt<Frequency>("clock", "300MHz", "clock of the channel's controller side");
    require_positive(r, "channels", d.channels);
    if (d.bandwidth_per_channel.bytes_per_s <= 0) r.fail("bandwidth_per_channel", "must be positive");
    if (d.burst.bits == 0 || d.burst.bits % 8 != 0) r.fail("burst", "must be a positive whole number of bytes");
    if (d.clock.hz <= 0) r.fail("clock", "must be positive");
    d.axi = parse_axi(r.map_opt("axi", "ddr4: the AXI master ports in front of the controllers, one per kind of data "
                                       "(input, kernel, index, output)"));
    r.done();
    return d;
}

}  // namespace

ArchParams parse_arch(const Node& root)
{
    MapReader r(root);
    ArchParams a;
    a.name = r.get<std::string>("name", "design name, for reports");
    a.device = parse_device(r.map("device", "FPGA resources"));
    a.clock = r.opt<Frequency>("clock", "200MHz", "overlay clock");
    if (a.clock.hz <= 0) r.fail("clock", "must be positive");
    MapReader ov = r.map("overlay", "the accelerator overlay configured on the device");
    a.overlay_type = ov.choice("type", {"spectral"}, "spectral", "overlay kind");
    a.spectral = parse_spectral(ov);
    ov.done();
    a.ddr = parse_ddr(r.map_opt("ddr", "off-chip memory"));
    r.done();
    return a;
}

}  // namespace specsim::config
