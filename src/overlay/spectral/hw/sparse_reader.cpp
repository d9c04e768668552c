// SPDX-License-Identifier: MIT
#include "overlay/spectral/hw/sparse_reader.hpp"

#include <vector>

#include "overlay/spectral/hw/read_arbiter.hpp"

namespace specsim::hw {

SparseReader::SparseReader(sc_core::sc_module_name name, const OverlayClock& clk, int replicas, int kernels_parallel)
    : sc_module(name), m_clk(clk), m_replicas(replicas), m_np(kernels_parallel)
{
}

std::uint64_t SparseReader::pass(const analytic::SpectralLayerPlan& plan, int g, int m, const Deliver& deliver)
{
    const int lanes = plan.lanes_of(g, m_np);
    std::uint64_t nnz = 0;
    for (int k = 0; k < lanes; ++k) nnz += plan.bins_of(g * m_np + k, m).size();
    const std::size_t i = static_cast<std::size_t>(g) * static_cast<std::size_t>(plan.in_channels) + static_cast<std::size_t>(m);
    const std::uint64_t T = plan.reader == analytic::ReaderMode::offline ? offline_pass(plan.schedules[i], deliver)
                                                                          : arbiter_pass(plan, g, m, lanes, deliver);
    stats.cycles += T;
    stats.nonzeros += nnz;
    stats.bubbles += T * static_cast<std::uint64_t>(lanes) - nnz;
    ++stats.passes;
    return T;
}

std::uint64_t SparseReader::offline_pass(const analytic::ReadSchedule& s, const Deliver& deliver)
{
    const auto row = [&](int t) {
        for (int k = 0; k < s.kernels; ++k) {
            const int e = s.entry_at(t, k);
            if (e >= 0) deliver(k, e, s.addr_at(t, s.sel_at(t, k)));
        }
    };
    if (m_clk.mode() == TimingMode::cycle) {
        for (int t = 0; t < s.cycles; ++t) {
            m_clk.wait_cycles(1);
            if (deliver) row(t);
        }
    } else {
        if (deliver)
            for (int t = 0; t < s.cycles; ++t) row(t);
        m_clk.wait_cycles(static_cast<std::uint64_t>(s.cycles));
    }
    return static_cast<std::uint64_t>(s.cycles);
}

std::uint64_t SparseReader::arbiter_pass(const analytic::SpectralLayerPlan& plan, int g, int m, int lanes,
                                          const Deliver& deliver)
{
    if (m_clk.mode() == TimingMode::cycle) {
        // Cycle by cycle with the hardware arbiter (written independently of the analytic
        // simulate_in_order / simulate_online that fast mode uses: the two modes
        // cross-check each other).
        std::vector<const std::vector<int>*> lane_bins;
        for (int k = 0; k < lanes; ++k) lane_bins.push_back(&plan.bins_of(g * m_np + k, m));
        ReadArbiter arb(lane_bins, m_replicas, plan.window);
        std::uint64_t T = 0;
        while (!arb.done()) {
            m_clk.wait_cycles(1);
            ++T;
            const bool conflict = arb.step([&](int lane, int entry, int bin) {
                if (deliver) deliver(lane, entry, bin);
            });
            if (conflict) ++stats.read_conflicts;
        }
        return T;
    }
    const analytic::InOrderResult& r = plan.arbiter[static_cast<std::size_t>(g) * plan.in_channels + m];
    stats.read_conflicts += static_cast<std::uint64_t>(r.conflict_cycles);
    if (deliver)
        for (int k = 0; k < lanes; ++k) {
            const auto& bins = plan.bins_of(g * m_np + k, m);
            for (std::size_t e = 0; e < bins.size(); ++e) deliver(k, static_cast<int>(e), bins[e]);
        }
    m_clk.wait_cycles(static_cast<std::uint64_t>(r.cycles));
    return static_cast<std::uint64_t>(r.cycles);
}

}  // namespace specsim::hw
