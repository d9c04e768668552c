// SPDX-License-Identifier: MIT
// Wiring of the systolic overlay: the DDR, three fillers (ifmap → DdrKind::input reads,
// filter → kernel reads, ofmap → output writes) and the array sequencer.
#include "overlay/systolic/hw/systolic_top.hpp"

#include <memory>

#include <systemc>

#include "hw/clocking.hpp"
#include "memory/memory.hpp"
#include "numerics/channel_groups.hpp"
#include "overlay/systolic/hw/filler.hpp"
#include "overlay/systolic/hw/sequencer.hpp"
#include "util/error.hpp"

namespace specsim::systolic {
namespace {

std::vector<std::unique_ptr<hw::Memory>> make_ddr(const config::DdrParams& p, const hw::OverlayClock& clk,
                                                     MemoryPorts ports)
{
    std::vector<std::unique_ptr<hw::Memory>> d;
    if (ports == MemoryPorts::shared) {
        d.push_back(hw::make_memory("ddr", p, clk));
    } else {
        for (const char* n : {"ddr_ifmap", "ddr_filter", "ddr_ofmap"}) d.push_back(hw::make_memory(n, p, clk));
    }
    return d;
}

hw::Memory& port(std::vector<std::unique_ptr<hw::Memory>>& d, std::size_t i) { return *d[d.size() == 1 ? 0 : i]; }

std::vector<hw::Memory*> pointers(std::vector<std::unique_ptr<hw::Memory>>& d)
{
    std::vector<hw::Memory*> p;
    for (auto& x : d) p.push_back(x.get());
    return p;
}

class SystolicTop : public sc_core::sc_module {
public:
    SystolicTop(sc_core::sc_module_name name, const std::vector<LayerWork>& work, const config::DdrParams& ddr_params,
                double clock_hz, hw::TimingMode mode, MemoryPorts ports)
        : sc_module(name), m_clk(clock_hz, mode), ddr(make_ddr(ddr_params, m_clk, ports)),
          ifmap("ifmap_filler", port(ddr, 0), hw::DdrKind::input, false, m_any_done),
          filter("filter_filler", port(ddr, 1), hw::DdrKind::kernel, false, m_any_done),
          ofmap("ofmap_filler", port(ddr, 2), hw::DdrKind::output, true, m_any_done),
          array("array", work, m_clk, pointers(ddr), {&ifmap, &filter, &ofmap}, m_any_done)
    {
    }

private:
    hw::OverlayClock m_clk;
    sc_core::sc_event m_any_done;

public:
    std::vector<std::unique_ptr<hw::Memory>> ddr;
    OperandFiller ifmap, filter, ofmap;
    ArraySequencer array;
};

}  // namespace

const numerics::LoweredGemm& data_gemm(const SystolicLayerData& data, std::size_t index)
{
    std::size_t i = index;
    for (const auto& lc : data.lowered) {
        if (i < lc.gemms.size()) return lc.gemms[i];
        i -= lc.gemms.size();
    }
    throw Error("internal: systolic data has no GEMM " + std::to_string(index));
}

numerics::LoweredGemm& data_gemm(SystolicLayerData& data, std::size_t index)
{
    return const_cast<numerics::LoweredGemm&>(data_gemm(static_cast<const SystolicLayerData&>(data), index));
}

numerics::Tensor4 assemble_groups(const SystolicLayerData& data)
{
    if (data.lowered.empty()) throw Error("internal: systolic data without GEMMs");
    const numerics::FixedFormat* q = data.fixed ? &data.format : nullptr;
    const std::size_t per = static_cast<std::size_t>(data.lowered[0].out_c);
    std::vector<numerics::Tensor4> parts;
    for (std::size_t g = 0; g < data.lowered.size(); ++g) {
        std::vector<double> bias;
        if (!data.bias.empty()) bias.assign(data.bias.begin() + g * per, data.bias.begin() + (g + 1) * per);
        parts.push_back(numerics::assemble_conv(data.lowered[g], bias, q));
    }
    return numerics::stack_channels(parts);
}

bool same_counters(const LayerResult& a, const LayerResult& b)
{
    return a.layer == b.layer && a.cycles == b.cycles && a.array_cycles == b.array_cycles &&
           a.stall_cycles == b.stall_cycles && a.drain_cycles == b.drain_cycles && a.folds == b.folds &&
           a.mac_ops == b.mac_ops && a.pe_slots == b.pe_slots && a.ddr_input_bytes == b.ddr_input_bytes &&
           a.ddr_kernel_bytes == b.ddr_kernel_bytes && a.ddr_output_bytes == b.ddr_output_bytes &&
           a.ddr_busy_cycles == b.ddr_busy_cycles && a.sram_ifmap_reads == b.sram_ifmap_reads &&
           a.sram_filter_reads == b.sram_filter_reads && a.sram_ofmap_writes == b.sram_ofmap_writes &&
           a.dram_ifmap_words == b.dram_ifmap_words && a.dram_filter_words == b.dram_filter_words &&
           a.dram_ofmap_words == b.dram_ofmap_words && a.transform_cycles == b.transform_cycles &&
           a.post_cycles == b.post_cycles && a.layout_cycles == b.layout_cycles && a.has_output == b.has_output;
}

std::vector<LayerResult> simulate_systolic(const std::vector<LayerWork>& work, const config::DdrParams& ddr,
                                           double clock_hz, hw::TimingMode mode)
{
    return simulate_systolic(work, ddr, clock_hz, mode, MemoryPorts::shared);
}

std::vector<LayerResult> simulate_systolic(const std::vector<LayerWork>& work, const config::DdrParams& ddr,
                                           double clock_hz, hw::TimingMode mode, MemoryPorts ports)
{
    // sc_stop() ends the run when the last layer is done; its notice is not news to users.
    sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    auto top = std::make_unique<SystolicTop>("systolic", work, ddr, clock_hz, mode, ports);
    sc_core::sc_start();
    if (top->array.error) std::rethrow_exception(top->array.error);
    return top->array.results;
}

}  // namespace specsim::systolic
