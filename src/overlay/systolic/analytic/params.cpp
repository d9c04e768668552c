// SPDX-License-Identifier: MIT
// arch.overlay (type: systolic) → SystolicOverlayParams. Each key's description is what the
// config reference shows.
#include "overlay/systolic/analytic/params.hpp"

#include <cmath>

namespace specsim::systolic {

BufferWords SystolicOverlayParams::buffer_words() const
{
    const std::uint64_t wb = word_bytes();
    const auto words = [wb](const DataSize& s) { return s.bits / 8 / wb; };
    return BufferWords{words(buffers.ifmap), words(buffers.filter), words(buffers.ofmap)};
}

const SystolicOverlayParams& systolic_params(const config::ArchParams& arch)
{
    return arch.overlay_as<SystolicOverlayParams>();
}

SystolicOverlayParams parse_systolic_params(config::MapReader& r)
{
    SystolicOverlayParams s;
    s.rows = r.opt<std::uint32_t>("rows", 32, "P1: processing-element rows of the array (SCALE-Sim ArrayHeight)");
    s.cols = r.opt<std::uint32_t>("cols", 32, "P2: processing-element columns of the array (SCALE-Sim ArrayWidth)");
    s.data_bits = r.opt<std::uint32_t>("data_bits", 16, "bits of one operand word (ifmap, filter, ofmap)");
    s.frac_bits = r.opt<std::uint32_t>("frac_bits", 8, "fraction bits of the fixed-point format");
    s.macs_per_dsp = r.opt<std::uint32_t>("macs_per_dsp", 1,
                                          "MACs one DSP slice does per cycle: 1, or 2 (int8 packing, data_bits ≤ 8)");
    if (s.rows == 0) r.fail("rows", "must be at least 1");
    if (s.cols == 0) r.fail("cols", "must be at least 1");
    if (s.data_bits < 2 || s.data_bits > 32) r.fail("data_bits", "must be between 2 and 32");
    if (s.frac_bits >= s.data_bits) r.fail("frac_bits", "must be less than data_bits");
    if (s.macs_per_dsp != 1 && s.macs_per_dsp != 2) r.fail("macs_per_dsp", "must be 1 or 2");
    if (s.macs_per_dsp == 2 && s.data_bits > 8) r.fail("macs_per_dsp", "2 (int8 packing) needs data_bits ≤ 8");

    config::MapReader b = r.map_opt("buffers", "the three double-buffered SRAMs (sizes include both halves)");
    s.buffers.ifmap = b.opt<DataSize>("ifmap", "64KiB", "ifmap SRAM size, both halves (SCALE-Sim IfmapSramSzkB)");
    s.buffers.filter = b.opt<DataSize>("filter", "64KiB", "filter SRAM size, both halves (SCALE-Sim FilterSramSzkB)");
    s.buffers.ofmap = b.opt<DataSize>("ofmap", "64KiB", "ofmap SRAM size, both halves (SCALE-Sim OfmapSramSzkB)");
    s.buffers.memory = b.choice("memory", {"bram", "uram"}, "bram",
                                "primitives of the SRAMs: bram (BRAM36) or uram (288 Kib UltraRAM)") == "uram"
                           ? BufferMemory::uram
                           : BufferMemory::bram;
    const std::uint64_t wb = s.word_bytes();
    for (const char* key : {"ifmap", "filter", "ofmap"}) {
        const DataSize d = b.at(key).as<DataSize>();
        if (d.bits % 8 != 0 || d.bits / 8 % wb != 0)
            b.fail(key, "must be a whole number of " + std::to_string(wb) + "-byte words");
    }
    const std::uint64_t edge = 2ULL * std::max(s.rows, s.cols) * wb;  // the engine's minimum
    if (s.buffers.ifmap.bits / 8 < edge) b.fail("ifmap", "must hold two array edges (" + std::to_string(edge) + " bytes)");
    if (s.buffers.filter.bits / 8 < edge) b.fail("filter", "must hold two array edges (" + std::to_string(edge) + " bytes)");
    if (s.buffers.ofmap.bits / 8 < 2ULL * s.cols * wb)
        b.fail("ofmap", "must hold two array rows of outputs (" + std::to_string(2ULL * s.cols * wb) + " bytes)");
    b.done();

    s.preload = r.opt<bool>("preload", false,
                            "true: each read SRAM's first half is loaded before the GEMM for free (SCALE-Sim); "
                            "false: it is the first DDR transfer");
    s.refill = r.choice("refill", {"back_to_back", "on_swap"}, "back_to_back",
                        "read refills: back_to_back (SCALE-Sim: next refill when the last arrived) or on_swap "
                        "(a physical double buffer: at most one block ahead)") == "on_swap"
                   ? ReadRefill::on_swap
                   : ReadRefill::back_to_back;
    s.stationary_in_order =
        r.choice("stationary_fetch", {"in_order", "scalesim"}, "in_order",
                 "read SRAM windows: in_order = a read just behind the window (a fold boundary) is served and a "
                 "stationary block (ws filter, is ifmap) is fetched in order before its fold; scalesim = SCALE-Sim: "
                 "either re-streams the whole operand round the circular window") == "in_order";
    s.layout_transforms =
        r.choice("layout_transforms", {"none", "explicit"}, "none",
                 "explicit: before a conv layer's GEMMs, a streaming DDR pass reads its input tensor and writes the "
                 "lowered operand its algorithm reads (im2col: the expanded matrix; Winograd: the input tiles; "
                 "kn2row reads the tensor itself), DYNAMAP's layout transformation; none: the lowered operands are "
                 "in DDR already") == "explicit";
    s.post_elements_per_cycle = r.opt<std::uint32_t>(
        "post_elements_per_cycle", s.cols,
        "output-path unit (pooling, LRN, add, softmax) throughput in elements per cycle (default cols)");
    if (s.post_elements_per_cycle == 0) r.fail("post_elements_per_cycle", "must be at least 1");
    return s;
}

const std::vector<std::string>& systolic_dataflow_names()
{
    static const std::vector<std::string> names = {"os", "ws", "is"};
    return names;
}

}  // namespace specsim::systolic
