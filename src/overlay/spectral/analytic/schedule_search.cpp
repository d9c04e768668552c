// SPDX-License-Identifier: MIT
// Local search below the greedy schedule: drop one cycle, then move bins between cycles
// until every kernel's non-zeros match distinct cycles again (see schedule_search).
#include <algorithm>
#include <cstddef>

#include "overlay/spectral/analytic/read_schedule.hpp"
#include "overlay/spectral/analytic/schedule_internal.hpp"
#include "numerics/random.hpp"

namespace specsim::analytic {
namespace {

using detail::idx;

// Fixed cycle count T; state = the bins of r slots per cycle plus a maximum matching per
// kernel; deficiency D = non-zeros left unmatched. A move writes an unmatched bin b of a
// deficient kernel into a slot of some cycle not reading b (the slot whose bin the fewest
// kernels consume there, random ties), repairs the matchings of the kernels holding the
// old or the new bin by augmenting paths, and is kept if D does not grow (or grows by one,
// with probability 1/10, to leave plateaus).
class Repair {
public:
    Repair(const KernelBins& bins, int replicas, int span, const std::vector<std::vector<int>>& sets);
    bool run(const SearchOptions& opt, numerics::Rng& rng);
    detail::MatchState state() const;

private:
    bool augment(int k, int e);
    bool gain_one(int k);
    std::size_t ku(int k) const { return static_cast<std::size_t>(k); }
    char& reads(int t, int b) { return m_in[idx(t, b, m_nb)]; }

    const KernelBins& m_bins;
    int m_r, m_nk, m_nb, m_T;
    std::vector<int> m_slot;                  // [t·r + j]: bin of slot j, −1 = idle
    std::vector<char> m_in;                   // [t·nb + b]: cycle t reads b
    std::vector<std::vector<int>> m_holders;  // [b]: kernels with bin b
    std::vector<int> m_entry_of;              // [k·nb + b]: entry of bin b in kernel k, −1
    std::vector<std::vector<int>> m_match, m_owner;
    std::vector<int> m_def;
    long m_D = 0;
    std::vector<int> m_visit;
    int m_stamp = 0;
};

Repair::Repair(const KernelBins& bins, int replicas, int span, const std::vector<std::vector<int>>& sets)
    : m_bins(bins), m_r(replicas), m_nk(static_cast<int>(bins.size())), m_nb(span),
      m_T(static_cast<int>(sets.size()))
{
    m_slot.assign(idx(m_T, 0, m_r), -1);
    m_in.assign(idx(m_T, 0, m_nb), 0);
    for (int t = 0; t < m_T; ++t)
        for (std::size_t j = 0; j < sets[static_cast<std::size_t>(t)].size(); ++j) {
            const int b = sets[static_cast<std::size_t>(t)][j];
            m_slot[idx(t, static_cast<int>(j), m_r)] = b;
            reads(t, b) = 1;
        }
    m_holders.assign(static_cast<std::size_t>(m_nb), {});
    m_entry_of.assign(idx(m_nk, 0, m_nb), -1);
    m_match.resize(ku(m_nk));
    m_owner.assign(ku(m_nk), std::vector<int>(static_cast<std::size_t>(m_T), -1));
    m_def.assign(ku(m_nk), 0);
    m_visit.assign(static_cast<std::size_t>(m_T), 0);
    for (int k = 0; k < m_nk; ++k) {
        const auto& bk = bins[ku(k)];
        m_match[ku(k)].assign(bk.size(), -1);
        for (std::size_t e = 0; e < bk.size(); ++e) {
            m_holders[static_cast<std::size_t>(bk[e])].push_back(k);
            m_entry_of[idx(k, bk[e], m_nb)] = static_cast<int>(e);
            ++m_stamp;
            if (!augment(k, static_cast<int>(e))) ++m_def[ku(k)];
        }
        m_D += m_def[ku(k)];
    }
}

bool Repair::augment(int k, int e)
{
    const int b = m_bins[ku(k)][static_cast<std::size_t>(e)];
    for (int c = 0; c < m_T; ++c) {
        if (m_visit[static_cast<std::size_t>(c)] == m_stamp || !reads(c, b)) continue;
        m_visit[static_cast<std::size_t>(c)] = m_stamp;
        const int o = m_owner[ku(k)][static_cast<std::size_t>(c)];
        if (o < 0 || augment(k, o)) {
            m_owner[ku(k)][static_cast<std::size_t>(c)] = e;
            m_match[ku(k)][static_cast<std::size_t>(e)] = c;
            return true;
        }
    }
    return false;
}

bool Repair::gain_one(int k)
{
    for (std::size_t e = 0; e < m_match[ku(k)].size(); ++e) {
        if (m_match[ku(k)][e] >= 0) continue;
        ++m_stamp;
        if (augment(k, static_cast<int>(e))) {
            --m_def[ku(k)];
            --m_D;
            return true;
        }
    }
    return false;
}

bool Repair::run(const SearchOptions& opt, numerics::Rng& rng)
{
    long best = m_D;
    int since_best = 0;
    std::vector<int> deficient, cand, touched;
    std::vector<std::vector<int>> saved_match, saved_owner;
    std::vector<int> saved_def;
    for (int move = 0; move < opt.max_moves && m_D > 0 && since_best < opt.patience; ++move) {
        ++since_best;
        deficient.clear();
        for (int k = 0; k < m_nk; ++k)
            if (m_def[ku(k)] > 0) deficient.push_back(k);
        const int k = deficient[rng.uniform_int(deficient.size())];
        cand.clear();
        for (std::size_t e = 0; e < m_match[ku(k)].size(); ++e)
            if (m_match[ku(k)][e] < 0) cand.push_back(static_cast<int>(e));
        const int b = m_bins[ku(k)][static_cast<std::size_t>(cand[rng.uniform_int(cand.size())])];
        const bool free_only = rng.uniform_int(2) == 0;
        cand.clear();
        for (int c = 0; c < m_T; ++c)
            if (!reads(c, b) && (!free_only || m_owner[ku(k)][static_cast<std::size_t>(c)] < 0)) cand.push_back(c);
        if (cand.empty()) continue;
        const int t = cand[rng.uniform_int(cand.size())];
        int slot = -1;
        std::uint64_t slot_cost = ~std::uint64_t{0};
        for (int j = 0; j < m_r; ++j) {
            const int old = m_slot[idx(t, j, m_r)];
            std::uint64_t users = 0;
            if (old >= 0)
                for (const int k2 : m_holders[static_cast<std::size_t>(old)])
                    users += m_match[ku(k2)][static_cast<std::size_t>(m_entry_of[idx(k2, old, m_nb)])] == t;
            const std::uint64_t cost = users * 16 + rng.uniform_int(16);
            if (cost < slot_cost) {
                slot_cost = cost;
                slot = j;
            }
        }
        const int old = m_slot[idx(t, slot, m_r)];
        touched = m_holders[static_cast<std::size_t>(b)];
        if (old >= 0) touched.insert(touched.end(), m_holders[static_cast<std::size_t>(old)].begin(),
                                     m_holders[static_cast<std::size_t>(old)].end());
        saved_match.clear();
        saved_owner.clear();
        saved_def.clear();
        for (const int k2 : touched) {
            saved_match.push_back(m_match[ku(k2)]);
            saved_owner.push_back(m_owner[ku(k2)]);
            saved_def.push_back(m_def[ku(k2)]);
        }
        const long before = m_D;
        m_slot[idx(t, slot, m_r)] = b;
        reads(t, b) = 1;
        if (old >= 0) {
            reads(t, old) = 0;
            for (const int k2 : m_holders[static_cast<std::size_t>(old)]) {
                const int e2 = m_entry_of[idx(k2, old, m_nb)];
                if (m_match[ku(k2)][static_cast<std::size_t>(e2)] != t) continue;
                m_match[ku(k2)][static_cast<std::size_t>(e2)] = -1;
                m_owner[ku(k2)][static_cast<std::size_t>(t)] = -1;
                ++m_def[ku(k2)];
                ++m_D;
                gain_one(k2);
            }
        }
        for (const int k2 : m_holders[static_cast<std::size_t>(b)])
            if (m_def[ku(k2)] > 0) gain_one(k2);
        const bool keep = m_D <= before || (m_D == before + 1 && rng.uniform_int(10) == 0);
        if (!keep) {
            m_slot[idx(t, slot, m_r)] = old;
            reads(t, b) = 0;
            if (old >= 0) reads(t, old) = 1;
            for (std::size_t i = touched.size(); i-- > 0;) {
                const int k2 = touched[i];
                m_match[ku(k2)] = saved_match[i];
                m_owner[ku(k2)] = saved_owner[i];
                m_def[ku(k2)] = saved_def[i];
            }
            m_D = before;
        }
        if (m_D < best) {
            best = m_D;
            since_best = 0;
        }
    }
    return m_D == 0;
}

detail::MatchState Repair::state() const
{
    detail::MatchState s;
    s.sets.resize(static_cast<std::size_t>(m_T));
    for (int t = 0; t < m_T; ++t)
        for (int j = 0; j < m_r; ++j)
            if (m_slot[idx(t, j, m_r)] >= 0) s.sets[static_cast<std::size_t>(t)].push_back(m_slot[idx(t, j, m_r)]);
    s.match = m_match;
    s.owner = m_owner;
    return s;
}

}  // namespace

ReadSchedule schedule_search(const KernelBins& bins, int replicas, const SearchOptions& opt)
{
    ReadSchedule best = schedule_greedy(bins, replicas);
    const int span = detail::bin_span(bins, "schedule_search");
    const int lb = schedule_lower_bound(bins, replicas);
    while (best.cycles > lb) {
        // Drop the cycle serving the fewest kernels (ties: the later one).
        int drop = 0, fewest = best.kernels + 1;
        for (int t = 0; t < best.cycles; ++t) {
            int served = 0;
            for (int k = 0; k < best.kernels; ++k) served += best.entry_at(t, k) >= 0;
            if (served <= fewest) {
                fewest = served;
                drop = t;
            }
        }
        std::vector<std::vector<int>> sets;
        for (int t = 0; t < best.cycles; ++t) {
            if (t == drop) continue;
            sets.emplace_back();
            for (int j = 0; j < replicas; ++j)
                if (best.addr_at(t, j) >= 0) sets.back().push_back(best.addr_at(t, j));
        }
        Repair rep(bins, replicas, span, sets);
        numerics::Rng rng(numerics::splitmix64(opt.seed ^ static_cast<std::uint64_t>(best.cycles)));
        if (!rep.run(opt, rng)) break;
        best = rep.state().to_schedule(bins, replicas);
    }
    return best;
}

}  // namespace specsim::analytic
