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

ArchParams parse_arch(const Node& root, const OverlayParser& overlays)
{
    MapReader r(root);
    ArchParams a;
    a.name = r.get<std::string>("name", "design name, for reports");
    a.device = parse_device(r.map("device", "FPGA resources"));
    a.clock = r.opt<Frequency>("clock", "200MHz", "overlay clock");
    if (a.clock.hz <= 0) r.fail("clock", "must be positive");
    MapReader ov = r.map("overlay", "the accelerator overlay configured on the device");
    a.overlay_type = ov.choice("type", overlays.types, "spectral", "overlay kind");
    a.overlay = OverlayParamsHolder(overlays.parse(a.overlay_type, ov));
    ov.done();
    a.ddr = parse_ddr(r.map_opt("ddr", "off-chip memory"));
    r.done();
    return a;
}

}  // namespace specsim::config
