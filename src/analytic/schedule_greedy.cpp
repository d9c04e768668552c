// SPDX-License-Identifier: MIT
// The greedy list scheduler for the sparse-kernel reader: picks each cycle's r bins by
// weighted coverage and lets kernels consume through augmenting paths (see the header).
#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>

#include "analytic/read_schedule.hpp"
#include "analytic/schedule_internal.hpp"
#include "util/error.hpp"

namespace specsim::analytic {
namespace {

using detail::idx;
using Word = std::uint64_t;

// Cycle after cycle: (1) for every kernel, the bins it could gain a non-zero through, were
// they read in a new cycle: its unconsumed bins plus those of entries reachable from them
// by alternating paths (the entry moves to a cycle reading an unconsumed bin); (2) pick r
// bins by greedy weighted coverage of those sets (weight: non-zeros left, squared), refine
// the pick by single swaps, then fill spare replicas with the bins wanted by most kernels
// per cycle already reading them; (3) every kernel covered gains one non-zero, directly or
// by a Kuhn augmenting path, from its unconsumed bin the fewest kernels still need
// (keeping widely shared bins for later). Consumption is thus decided late: earlier
// cycles' assignments may change, the cycles' bin sets never do.
class MatchingGreedy {
public:
    MatchingGreedy(const KernelBins& bins, int replicas, int span)
        : m_bins(bins), m_r(replicas), m_nk(static_cast<int>(bins.size())), m_nb(span),
          m_words((m_nk + 63) / 64)
    {
    }
    detail::MatchState run();

private:
    bool augment(int k, int e);
    void consume(int k, int t);
    void mark_reachable(int k);
    void pick_bins(const std::vector<Word>& active);
    void refine(const std::vector<Word>& active, std::vector<char>& in_set);
    std::int64_t weight_of(const Word* set, const std::vector<Word>& covered) const;
    Word* reach(int b) { return &m_reach[idx(b, 0, m_words)]; }
    std::size_t ku(int k) const { return static_cast<std::size_t>(k); }

    const KernelBins& m_bins;
    int m_r, m_nk, m_nb, m_words;
    detail::MatchState m_st;
    std::vector<std::vector<int>> m_cycles_of;  // [b]: cycles reading bin b
    std::vector<int> m_demand;                  // [b]: kernels with b not yet consumed
    std::vector<int> m_left;                    // [k]: non-zeros not yet consumed
    std::vector<Word> m_reach;                  // [b]: kernels that could gain through b
    std::vector<std::int64_t> m_w;              // [k]: weight this cycle
    std::vector<Word> m_plane;                  // [j][word]: kernels with bit j of m_w set
    int m_planes = 0;                           // bit planes in use this cycle
    std::vector<int> m_pick;                    // bins read this cycle
    std::vector<char> m_in_pick;                // [b]: b read this cycle
    std::vector<int> m_visit;                   // [t]: DFS stamp
    int m_stamp = 0;
    std::vector<char> m_seen;                   // scratch: entries reached
    std::vector<int> m_queue;                   // scratch
    std::vector<int> m_order;                   // scratch
};

bool MatchingGreedy::augment(int k, int e)
{
    const int b = m_bins[ku(k)][static_cast<std::size_t>(e)];
    for (const int c : m_cycles_of[static_cast<std::size_t>(b)]) {
        if (m_visit[static_cast<std::size_t>(c)] == m_stamp) continue;
        m_visit[static_cast<std::size_t>(c)] = m_stamp;
        const int o = m_st.owner[ku(k)][static_cast<std::size_t>(c)];
        if (o < 0 || augment(k, o)) {
            m_st.owner[ku(k)][static_cast<std::size_t>(c)] = e;
            m_st.match[ku(k)][static_cast<std::size_t>(e)] = c;
            return true;
        }
    }
    return false;
}

// Kernel k (covered this cycle t) gains one non-zero. If one of its unconsumed bins is
// read, it takes it directly (the one the fewest kernels still need, then the lower
// entry); otherwise it gains through an augmenting path, rarest starting bin first.
void MatchingGreedy::consume(int k, int t)
{
    const auto& bk = m_bins[ku(k)];
    auto& mk = m_st.match[ku(k)];
    const auto demand = [&](int e) { return m_demand[static_cast<std::size_t>(bk[static_cast<std::size_t>(e)])]; };
    int chosen = -1;
    for (std::size_t e = 0; e < bk.size(); ++e)
        if (mk[e] < 0 && m_in_pick[static_cast<std::size_t>(bk[e])] &&
            (chosen < 0 || demand(static_cast<int>(e)) < demand(chosen)))
            chosen = static_cast<int>(e);
    if (chosen >= 0) {
        mk[static_cast<std::size_t>(chosen)] = t;
        m_st.owner[ku(k)][static_cast<std::size_t>(t)] = chosen;
    } else {
        m_order.clear();
        for (std::size_t e = 0; e < bk.size(); ++e)
            if (mk[e] < 0) m_order.push_back(static_cast<int>(e));
        std::sort(m_order.begin(), m_order.end(), [&](int a, int b) {
            return demand(a) != demand(b) ? demand(a) < demand(b) : a < b;
        });
        for (const int e : m_order) {
            ++m_stamp;
            if (augment(k, e)) {
                chosen = e;
                break;
            }
        }
    }
    // Covered means an augmenting path exists, so some start succeeds.
    if (chosen < 0) throw Error("schedule_greedy: internal error, kernel " + std::to_string(k) + " not served");
    --m_demand[static_cast<std::size_t>(bk[static_cast<std::size_t>(chosen)])];
    --m_left[ku(k)];
}

void MatchingGreedy::mark_reachable(int k)
{
    const auto& bk = m_bins[ku(k)];
    const auto& mk = m_st.match[ku(k)];
    m_seen.assign(bk.size(), 0);
    m_queue.clear();
    ++m_stamp;
    for (std::size_t e = 0; e < bk.size(); ++e)
        if (mk[e] < 0) {
            m_seen[e] = 1;
            m_queue.push_back(static_cast<int>(e));
        }
    while (!m_queue.empty()) {
        const int e = m_queue.back();
        m_queue.pop_back();
        reach(bk[static_cast<std::size_t>(e)])[k / 64] |= Word{1} << (k % 64);
        for (const int c : m_cycles_of[static_cast<std::size_t>(bk[static_cast<std::size_t>(e)])]) {
            if (m_visit[static_cast<std::size_t>(c)] == m_stamp) continue;
            m_visit[static_cast<std::size_t>(c)] = m_stamp;
            const int o = m_st.owner[ku(k)][static_cast<std::size_t>(c)];
            if (o >= 0 && !m_seen[static_cast<std::size_t>(o)]) {
                m_seen[static_cast<std::size_t>(o)] = 1;
                m_queue.push_back(o);
            }
        }
    }
}

// Σ m_w[k] over kernels k in `set` and not in `covered`, by bit planes of the weights
// (m_plane[j]: kernels whose weight has bit j set): one popcount per plane and word
// instead of one add per kernel; this sum is the scheduler's inner loop.
std::int64_t MatchingGreedy::weight_of(const Word* set, const std::vector<Word>& covered) const
{
    std::int64_t g = 0;
    for (int i = 0; i < m_words; ++i) {
        const Word x = set[i] & ~covered[static_cast<std::size_t>(i)];
        if (!x) continue;
        for (int j = 0; j < m_planes; ++j)
            g += static_cast<std::int64_t>(__builtin_popcountll(x & m_plane[idx(j, i, m_words)])) << j;
    }
    return g;
}

// 1-swap refinement of the greedy pick, scored (weight served, −Σ over picked bins of the
// kernels that could use them), larger is better: raise the weight served, or keep it and
// pick bins fewer kernels could use. Rare bins must be read some time; reading one beside
// a widely wanted bin costs nothing now, while widely wanted bins stay for the last
// cycles, where few non-zeros are left per kernel and each replica must serve many.
void MatchingGreedy::refine(const std::vector<Word>& active, std::vector<char>& in_set)
{
    // Kernels that could use each bin: fixed during the refinement.
    std::vector<std::int64_t> users(static_cast<std::size_t>(m_nb), 0);
    for (int b = 0; b < m_nb; ++b)
        for (int i = 0; i < m_words; ++i)
            users[static_cast<std::size_t>(b)] += __builtin_popcountll(reach(b)[i] & active[static_cast<std::size_t>(i)]);
    const auto users_of = [&](int b) { return users[static_cast<std::size_t>(b)]; };
    std::vector<Word> others(static_cast<std::size_t>(m_words));
    for (int pass = 0; pass < 4; ++pass) {
        bool better = false;
        for (std::size_t i = 0; i < m_pick.size(); ++i) {
            // The other picks: lanes they serve (inactive lanes count as served) and score.
            for (int w = 0; w < m_words; ++w) others[static_cast<std::size_t>(w)] = ~active[static_cast<std::size_t>(w)];
            std::int64_t users = 0;
            for (std::size_t j = 0; j < m_pick.size(); ++j) {
                if (j == i) continue;
                for (int w = 0; w < m_words; ++w) others[static_cast<std::size_t>(w)] |= reach(m_pick[j])[w];
                users += users_of(m_pick[j]);
            }
            const int old = m_pick[i];
            int best = old;
            std::pair<std::int64_t, std::int64_t> cur{weight_of(reach(old), others), -users_of(old)};
            for (int b = 0; b < m_nb; ++b) {
                if (in_set[static_cast<std::size_t>(b)]) continue;
                const std::int64_t gain = weight_of(reach(b), others);
                if (gain <= 0 || gain < cur.first) continue;
                const std::pair<std::int64_t, std::int64_t> sc{gain, -users_of(b)};
                if (sc > cur) {
                    cur = sc;
                    best = b;
                }
            }
            if (best == old) continue;
            m_pick[i] = best;
            in_set[static_cast<std::size_t>(old)] = 0;
            in_set[static_cast<std::size_t>(best)] = 1;
            better = true;
        }
        if (!better) break;
    }
}

void MatchingGreedy::pick_bins(const std::vector<Word>& active)
{
    // Plain greedy over the bins (a lazy heap re-evaluated most bins anyway): each step
    // takes the bin with the largest key (gain, −cycles already reading it, −bin) — ties go
    // to the bin read in fewer cycles so far (every used bin needs a slot some time), then
    // to the lower bin.
    m_pick.clear();
    std::vector<Word> covered(static_cast<std::size_t>(m_words));
    for (std::size_t i = 0; i < covered.size(); ++i) covered[i] = ~active[i];
    std::vector<char> in_set(static_cast<std::size_t>(m_nb), 0);
    while (static_cast<int>(m_pick.size()) < m_r) {
        int best = -1;
        std::int64_t best_gain = 0;
        for (int b = 0; b < m_nb; ++b) {
            if (in_set[static_cast<std::size_t>(b)]) continue;
            const std::int64_t g = weight_of(reach(b), covered);
            if (g > best_gain || (g == best_gain && g > 0 &&
                                  m_cycles_of[static_cast<std::size_t>(b)].size() <
                                      m_cycles_of[static_cast<std::size_t>(best)].size())) {
                best = b;
                best_gain = g;
            }
        }
        if (best < 0) break;
        m_pick.push_back(best);
        in_set[static_cast<std::size_t>(best)] = 1;
        for (int i = 0; i < m_words; ++i) covered[static_cast<std::size_t>(i)] |= reach(best)[i];
    }
    refine(active, in_set);
    // Spare replicas: bins the most kernels could use, per cycle already reading them.
    if (static_cast<int>(m_pick.size()) >= m_r) return;
    std::vector<std::pair<std::int64_t, std::int64_t>> score(static_cast<std::size_t>(m_nb));  // (num, den)
    std::vector<int> spare;
    for (int b = 0; b < m_nb; ++b) {
        if (in_set[static_cast<std::size_t>(b)]) continue;
        std::int64_t num = 0;
        for (int i = 0; i < m_words; ++i) num += __builtin_popcountll(reach(b)[i]);
        if (num == 0) continue;
        score[static_cast<std::size_t>(b)] = {num, 1 + static_cast<std::int64_t>(m_cycles_of[static_cast<std::size_t>(b)].size())};
        spare.push_back(b);
    }
    const auto better = [&](int a, int b) {
        const auto& sa = score[static_cast<std::size_t>(a)];
        const auto& sb = score[static_cast<std::size_t>(b)];
        const std::int64_t l = sa.first * sb.second, r = sb.first * sa.second;
        return l != r ? l > r : a < b;
    };
    const std::size_t take = std::min(spare.size(), static_cast<std::size_t>(m_r) - m_pick.size());
    std::partial_sort(spare.begin(), spare.begin() + static_cast<std::ptrdiff_t>(take), spare.end(), better);
    m_pick.insert(m_pick.end(), spare.begin(), spare.begin() + static_cast<std::ptrdiff_t>(take));
}

detail::MatchState MatchingGreedy::run()
{
    m_cycles_of.assign(static_cast<std::size_t>(m_nb), {});
    m_demand.assign(static_cast<std::size_t>(m_nb), 0);
    m_left.assign(ku(m_nk), 0);
    m_w.assign(ku(m_nk), 0);
    m_st = detail::MatchState{};
    m_st.match.resize(ku(m_nk));
    m_st.owner.resize(ku(m_nk));
    std::size_t total = 0;
    for (int k = 0; k < m_nk; ++k) {
        const auto& bk = m_bins[ku(k)];
        m_st.match[ku(k)].assign(bk.size(), -1);
        m_left[ku(k)] = static_cast<int>(bk.size());
        for (const int b : bk) ++m_demand[static_cast<std::size_t>(b)];
        total += bk.size();
    }
    std::vector<Word> active(static_cast<std::size_t>(m_words));
    for (int t = 0; total > 0; ++t) {
        m_visit.resize(static_cast<std::size_t>(t) + 1, 0);
        m_reach.assign(idx(m_nb, 0, m_words), 0);
        std::fill(active.begin(), active.end(), 0);
        for (int k = 0; k < m_nk; ++k) {
            const std::int64_t left = m_left[ku(k)];
            m_w[ku(k)] = left * left;
            if (left == 0) continue;
            active[static_cast<std::size_t>(k / 64)] |= Word{1} << (k % 64);
            mark_reachable(k);
        }
        std::int64_t max_w = 0;
        for (int k = 0; k < m_nk; ++k) max_w = std::max(max_w, m_w[ku(k)]);
        m_planes = 0;
        while ((max_w >> m_planes) != 0) ++m_planes;
        m_plane.assign(idx(m_planes, 0, m_words), 0);
        for (int k = 0; k < m_nk; ++k)
            for (int j = 0; j < m_planes; ++j)
                if ((m_w[ku(k)] >> j) & 1) m_plane[idx(j, k / 64, m_words)] |= Word{1} << (k % 64);
        pick_bins(active);
        m_st.sets.push_back(m_pick);
        for (const int b : m_pick) m_cycles_of[static_cast<std::size_t>(b)].push_back(t);
        std::vector<Word> covered(static_cast<std::size_t>(m_words), 0);
        m_in_pick.assign(static_cast<std::size_t>(m_nb), 0);
        for (const int b : m_pick) m_in_pick[static_cast<std::size_t>(b)] = 1;
        for (const int b : m_pick)
            for (int i = 0; i < m_words; ++i) covered[static_cast<std::size_t>(i)] |= reach(b)[i];
        for (int k = 0; k < m_nk; ++k) {
            m_st.owner[ku(k)].push_back(-1);
            if (!(covered[static_cast<std::size_t>(k / 64)] >> (k % 64) & 1)) continue;
            consume(k, t);
            --total;
        }
    }
    return m_st;
}

}  // namespace

ReadSchedule schedule_greedy(const KernelBins& bins, int replicas)
{
    detail::check_replicas(replicas, "schedule_greedy");
    const int span = detail::bin_span(bins, "schedule_greedy");
    MatchingGreedy g(bins, replicas, span);
    return g.run().to_schedule(bins, replicas);
}

}  // namespace specsim::analytic
