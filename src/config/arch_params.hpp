// SPDX-License-Identifier: MIT
// Typed parameters of an architecture file: the FPGA device, the overlay configured on it
// and its DDR memory. Parsed once from YAML (see arch_params.cpp for every key's meaning).
#pragma once

#include <cstdint>
#include <string>

#include "config/units.hpp"
#include "config/yaml_reader.hpp"

namespace specsim::config {

/// FPGA resources available to the overlay.
struct DeviceParams {
    std::string name;
    std::uint64_t dsp = 0;      ///< DSP slices (DSP48E2)
    std::uint64_t bram36 = 0;   ///< 36 Kib block RAMs
    std::uint64_t uram = 0;     ///< 288 Kib UltraRAMs
};

/// A streaming 2-D FFT or IFFT unit.
struct FftUnitParams {
    std::uint32_t points_per_cycle = 8;  ///< complex points accepted per cycle per unit
    std::uint32_t latency_cycles = 0;    ///< pipeline latency, first point in → first out
};

/// On-chip buffer capacities of the spectral overlay, in entries per bank and per half of a
/// double buffer. The planner picks the streaming block (Ns, Ps) within them; the resource
/// model maps them onto BRAM36 primitives.
struct SpectralBufferParams {
    std::uint32_t input_depth = 512;   ///< bins per replica bank: (Ps/P′)·K² must fit
    std::uint32_t kernel_depth = 512;  ///< entries per kernel bank: (Ns/N′)·T must fit
    std::uint32_t psum_depth = 4096;   ///< partial sums per PE-lane bank: (Ns/N′)·Ps·K² must fit
    std::uint32_t acc_bits = 32;       ///< bits of one real component of a partial sum
    std::uint32_t psum_halves = 1;     ///< 1: IFFT after MACs (RTL FSM); 2: a block's IFFT overlaps the next block's MACs
};

/// The flexible-dataflow spectral sparse overlay (PAPERS.md §1).
struct SpectralOverlayParams {
    std::uint32_t fft_size = 8;          ///< K: FFT size (K×K bins)
    std::uint32_t tiles_parallel = 9;    ///< P′: input tiles processed in parallel
    std::uint32_t kernels_parallel = 64; ///< N′: kernels (output channels) in parallel
    std::uint32_t replicas = 8;          ///< r: copies of each tile spectrum (read ports)
    std::uint32_t max_nnz = 16;          ///< kernel buffer slots per kernel per input channel
    std::uint32_t data_bits = 16;        ///< word length of one real component
    std::uint32_t frac_bits = 10;        ///< fraction bits of the fixed-point format
    std::uint32_t index_bits = 6;        ///< bits of one bin index in the index table
    std::uint32_t dsp_per_cmul = 3;      ///< DSPs per complex multiplier (3 or 4)
    std::uint32_t mac_latency_cycles = 4;///< PE pipeline: operands in → accumulator updated
    FftUnitParams fft;
    FftUnitParams ifft;
    SpectralBufferParams buffers;
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

struct ArchParams {
    std::string name;
    DeviceParams device;
    Frequency clock;                     ///< overlay clock
    std::string overlay_type = "spectral";
    SpectralOverlayParams spectral;
    DdrParams ddr;
};

/// The DDR4 presets shipped in configs/dram of the source tree: the file of a name (it
/// may not exist), and every name, sorted.
std::string shipped_ddr4_preset(const std::string& name);
std::vector<std::string> shipped_ddr4_presets();

/// Reads an arch map (a whole arch file, or `arch:` inside an experiment).
ArchParams parse_arch(const Node& root);

}  // namespace specsim::config
