// SPDX-License-Identifier: MIT
// Cycle-by-cycle arbitration of the sparse-kernel reader (see read_arbiter.hpp).
#include "overlay/spectral/hw/read_arbiter.hpp"

#include <algorithm>

namespace specsim::hw {

ReadArbiter::ReadArbiter(const std::vector<const std::vector<int>*>& lane_bins, int replicas, int window)
    : m_bins(lane_bins), m_first(lane_bins.size(), 0), m_replicas(replicas), m_window(window)
{
    int max_bin = 0;
    for (const auto* b : m_bins) {
        m_remaining += b->size();
        m_done.emplace_back(b->size(), 0);
        for (int x : *b) max_bin = std::max(max_bin, x);
    }
    m_offers.assign(static_cast<std::size_t>(max_bin) + 1, 0);
    m_granted.assign(static_cast<std::size_t>(max_bin) + 1, 0);
}

bool ReadArbiter::step(const std::function<void(int, int, int)>& consume)
{
    // Offers: the first `window` unconsumed non-zeros of every lane.
    std::vector<int> offered;
    const auto for_window = [&](std::size_t k, auto&& f) {
        const auto& bins = *m_bins[k];
        int seen = 0;
        for (std::size_t e = static_cast<std::size_t>(m_first[k]); e < bins.size() && seen < m_window; ++e) {
            if (m_done[k][e]) continue;
            ++seen;
            if (f(static_cast<int>(e), bins[e])) return;
        }
    };
    for (std::size_t k = 0; k < m_bins.size(); ++k)
        for_window(k, [&](int, int bin) {
            if (m_offers[static_cast<std::size_t>(bin)]++ == 0) offered.push_back(bin);
            return false;
        });
    std::sort(offered.begin(), offered.end(), [&](int a, int b) {
        const int oa = m_offers[static_cast<std::size_t>(a)], ob = m_offers[static_cast<std::size_t>(b)];
        return oa != ob ? oa > ob : a < b;
    });
    for (std::size_t i = 0; i < offered.size() && static_cast<int>(i) < m_replicas; ++i)
        m_granted[static_cast<std::size_t>(offered[i])] = 1;
    bool conflict = false;
    for (std::size_t k = 0; k < m_bins.size(); ++k) {
        if (m_first[k] >= static_cast<int>(m_bins[k]->size())) continue;  // lane finished
        int took = -1;
        for_window(k, [&](int e, int bin) {
            if (!m_granted[static_cast<std::size_t>(bin)]) return false;
            took = e;
            return true;
        });
        if (took < 0) {
            conflict = true;
            continue;
        }
        m_done[k][static_cast<std::size_t>(took)] = 1;
        consume(static_cast<int>(k), took, (*m_bins[k])[static_cast<std::size_t>(took)]);
        --m_remaining;
        while (m_first[k] < static_cast<int>(m_bins[k]->size()) && m_done[k][static_cast<std::size_t>(m_first[k])]) ++m_first[k];
    }
    for (const int bin : offered) {
        m_offers[static_cast<std::size_t>(bin)] = 0;
        m_granted[static_cast<std::size_t>(bin)] = 0;
    }
    return conflict;
}

}  // namespace specsim::hw
