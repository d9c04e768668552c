// SPDX-License-Identifier: MIT
// Cycle-by-cycle in-order arbitration (see in_order_arbiter.hpp).
#include "hw/in_order_arbiter.hpp"

#include <algorithm>

namespace specsim::hw {

InOrderArbiter::InOrderArbiter(const std::vector<const std::vector<int>*>& lane_bins, int replicas)
    : m_bins(lane_bins), m_head(lane_bins.size(), 0), m_replicas(replicas)
{
    int max_bin = 0;
    for (const auto* b : m_bins) {
        m_remaining += b->size();
        for (int x : *b) max_bin = std::max(max_bin, x);
    }
    m_demand.assign(static_cast<std::size_t>(max_bin) + 1, 0);
}

bool InOrderArbiter::step(const std::function<void(int, int, int)>& consume)
{
    std::vector<int> requested;
    for (std::size_t k = 0; k < m_bins.size(); ++k) {
        if (m_head[k] >= static_cast<int>(m_bins[k]->size())) continue;
        const int bin = (*m_bins[k])[static_cast<std::size_t>(m_head[k])];
        if (m_demand[static_cast<std::size_t>(bin)]++ == 0) requested.push_back(bin);
    }
    const bool conflict = static_cast<int>(requested.size()) > m_replicas;
    if (conflict) {
        std::sort(requested.begin(), requested.end(), [&](int a, int b) {
            const int da = m_demand[static_cast<std::size_t>(a)], db = m_demand[static_cast<std::size_t>(b)];
            return da != db ? da > db : a < b;
        });
        for (std::size_t i = static_cast<std::size_t>(m_replicas); i < requested.size(); ++i)
            m_demand[static_cast<std::size_t>(requested[i])] = 0;  // not granted this cycle
    }
    for (std::size_t k = 0; k < m_bins.size(); ++k) {
        if (m_head[k] >= static_cast<int>(m_bins[k]->size())) continue;
        const int bin = (*m_bins[k])[static_cast<std::size_t>(m_head[k])];
        if (m_demand[static_cast<std::size_t>(bin)] == 0) continue;  // stalled
        consume(static_cast<int>(k), m_head[k], bin);
        ++m_head[k];
        --m_remaining;
    }
    for (int bin : requested) m_demand[static_cast<std::size_t>(bin)] = 0;
    return conflict;
}

}  // namespace specsim::hw
