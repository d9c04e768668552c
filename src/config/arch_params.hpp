// SPDX-License-Identifier: MIT
// Typed parameters of an architecture file: the FPGA device, the overlay configured on it
// and its DDR memory. Parsed once from YAML (see arch_params.cpp for every key's meaning).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/units.hpp"
#include "config/yaml_reader.hpp"
#include "util/error.hpp"

namespace specsim::config {

/// FPGA resources available to the overlay.
struct DeviceParams {
    std::string name;
    std::uint64_t dsp = 0;      ///< DSP slices (DSP48E2)
    std::uint64_t bram36 = 0;   ///< 36 Kib block RAMs
    std::uint64_t uram = 0;     ///< 288 Kib UltraRAMs
};

/// The accelerator's AXI master ports in front of the DDR4 controllers (ddr.model ddr4):
/// one port per kind of data (input, kernel, index, output).
struct AxiParams {
    std::uint32_t data_bytes = 64;       ///< bytes per beat (512-bit data bus)
    std::uint32_t max_burst_beats = 64;  ///< beats per burst at most (AXI4 INCR: 1..256)
    std::uint32_t max_outstanding = 16;  ///< bursts in flight per port at most
    Duration latency;                    ///< port → controller queue (interconnect, controller front end, PHY)
    Frequency clock;                     ///< port clock: one beat per cycle per port; 0 = no rate limit

    std::uint64_t max_burst_bytes() const { return std::uint64_t{data_bytes} * max_burst_beats; }
};

/// Which off-chip memory model (`ddr.model`), read once from its YAML string.
enum class DdrModel {
    simple,  ///< per channel a bus of fixed peak rate and an unloaded latency, in bursts
    ddr4,    ///< AXI front end + the cycle-level DDR4 controllers of src/dram (ddr.preset)
    ideal,   ///< every transfer done at the next overlay edge: no latency, unlimited bandwidth
};

/// How the simple model's channels are shared between the kinds of data (`ddr.ports`).
enum class DdrPorts {
    shared,    ///< one set of `channels` channels; every request is split over all of them
    per_kind,  ///< input, kernel, index and output each have their own `channels` channels
};

/// The YAML value of a model / ports setting ("simple", "per_kind", ...).
const char* to_string(DdrModel m);
const char* to_string(DdrPorts p);

/// The off-chip memory behind the overlay.
struct DdrParams {
    DdrModel model = DdrModel::simple;
    DdrPorts ports = DdrPorts::shared;   ///< simple: channels shared by all kinds of data, or per kind
    std::string preset;                  ///< ddr4: preset file, resolved against the arch file
    std::uint32_t channels = 1;
    Bandwidth bandwidth_per_channel;     ///< peak data rate of one channel
    Duration latency;                    ///< request → first data, unloaded
    DataSize burst;                      ///< bytes per burst / transaction granule
    Frequency clock;                     ///< the channel's own clock (controller side)
    AxiParams axi;                       ///< ddr4: the AXI front end
};

/// Base of every overlay's parameters; each overlay defines its own in its folder
/// (src/overlay/<type>/) and parses them from the arch file's `overlay:` map.
struct OverlayParams {
    virtual ~OverlayParams() = default;
    virtual std::unique_ptr<OverlayParams> clone() const = 0;
};

/// An overlay's parameters held by value: copies of an ArchParams do not share them.
class OverlayParamsHolder {
public:
    OverlayParamsHolder() = default;
    explicit OverlayParamsHolder(std::unique_ptr<OverlayParams> p) : m_p(std::move(p)) {}
    OverlayParamsHolder(const OverlayParamsHolder& o) : m_p(o.m_p ? o.m_p->clone() : nullptr) {}
    OverlayParamsHolder& operator=(const OverlayParamsHolder& o)
    {
        if (this != &o) m_p = o.m_p ? o.m_p->clone() : nullptr;
        return *this;
    }
    OverlayParamsHolder(OverlayParamsHolder&&) = default;
    OverlayParamsHolder& operator=(OverlayParamsHolder&&) = default;
    const OverlayParams* get() const { return m_p.get(); }
    OverlayParams* get() { return m_p.get(); }

private:
    std::unique_ptr<OverlayParams> m_p;
};

/// How parse_arch reads `overlay:`: the overlay types there are, and the parser of each
/// type's keys (the overlay registry supplies it; `type` is read before it is called and
/// `done()` after).
struct OverlayParser {
    std::vector<std::string> types;
    std::function<std::unique_ptr<OverlayParams>(const std::string& type, MapReader& overlay)> parse;
};

struct ArchParams {
    std::string name;
    DeviceParams device;
    Frequency clock;                     ///< overlay clock
    std::string overlay_type;            ///< arch.overlay.type
    OverlayParamsHolder overlay;         ///< arch.overlay: the overlay's own parameters
    DdrParams ddr;

    /// The overlay's parameters as type T; throws specsim::Error if the overlay is another type.
    template <class T>
    const T& overlay_as() const
    {
        const T* p = dynamic_cast<const T*>(overlay.get());
        if (!p) throw Error("arch '" + name + "': this needs another overlay type than '" + overlay_type + "'");
        return *p;
    }
    template <class T>
    T& overlay_as()
    {
        return const_cast<T&>(static_cast<const ArchParams&>(*this).overlay_as<T>());
    }
};

/// The DDR4 presets shipped in configs/dram of the source tree: the file of a name (it
/// may not exist), and every name, sorted.
std::string shipped_ddr4_preset(const std::string& name);
std::vector<std::string> shipped_ddr4_presets();

/// Reads an arch map (a whole arch file, or `arch:` inside an experiment); the overlay's
/// own keys through `overlays`.
ArchParams parse_arch(const Node& root, const OverlayParser& overlays);

}  // namespace specsim::config
