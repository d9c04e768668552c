// SPDX-License-Identifier: MIT
// arch.overlay (type: spectral) → SpectralOverlayParams. Each key's description here is what
// docs/config-reference.md shows (it is generated from these calls).
#include "overlay/spectral/analytic/params.hpp"

namespace specsim::analytic {
namespace {

using config::MapReader;

void require_positive(MapReader& r, const std::string& key, std::uint64_t v)
{
    if (v == 0) r.fail(key, "must be at least 1");
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
    s.output_path_fused =
        r.choice("output_path", {"fused", "pass"}, "fused",
                 "layers that are not convolutions: fused = ReLU, tanh, batchnorm, dropout and pooling are applied "
                 "in the producer's output path as its words leave (0 cycles); pass = each is its own streaming pass "
                 "over DDR. LRN, add, softmax are always passes, fc a matrix-vector pass on the PE array") == "fused";
    s.pass_elements_per_cycle = r.opt<std::uint32_t>(
        "pass_elements_per_cycle", 64,
        "throughput of the unit running pooling, LRN, add, softmax passes (elements per cycle); our assumption");
    require_positive(r, "pass_elements_per_cycle", s.pass_elements_per_cycle);
    return s;
}

}  // namespace

std::unique_ptr<config::OverlayParams> parse_spectral_params(config::MapReader& overlay)
{
    return std::make_unique<SpectralOverlayParams>(parse_spectral(overlay));
}

}  // namespace specsim::analytic
