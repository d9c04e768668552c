// SPDX-License-Identifier: MIT
// The greedy list scheduler for the sparse-kernel reader: picks each cycle's r bins by
// weighted coverage and lets kernels consume through augmenting paths (see the header).
#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>

#include "overlay/spectral/analytic/read_schedule.hpp"
#include "overlay/spectral/analytic/schedule_internal.hpp"
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
    void pick_bins();
    void refine(std::vector<char>& in_set);
    bool in_reach(int b, int k) const { return m_reach[idx(b, k / 64, m_words)] >> (k % 64) & 1; }
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
    std::vector<std::vector<int>> m_kbins;      // [k]: bins through which k could gain (reach⁻¹)
    std::vector<char> m_active;                 // [k]: kernel has non-zeros left
    std::vector<int> m_pick;                    // bins read this cycle
    std::vector<char> m_in_pick;                // [b]: b read this cycle
    std::vector<int> m_visit;                   // [t]: DFS stamp
    int m_cycles = 0;                           // cycles made so far
    std::vector<Word> m_cyc_mask;               // [b]: cycles < 64 reading bin b
    std::vector<Word> m_owned;                  // [k]: cycles < 64 where kernel k consumes
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
            if (c < 64) m_owned[ku(k)] |= Word{1} << c;
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
        if (t < 64) m_owned[ku(k)] |= Word{1} << t;
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
    if (bk.size() <= 64 && m_cycles <= 64) {
        // Bit-set form of the search below (the common case: ≤ 64 non-zeros and cycles):
        // entries and cycles as bits, one AND per step instead of a walk over every cycle
        // reading the bin. Same reachable set.
        const auto& own = m_st.owner[ku(k)];
        Word seen = 0, visited = 0;
        for (std::size_t e = 0; e < bk.size(); ++e)
            if (mk[e] < 0) seen |= Word{1} << e;
        Word frontier = seen;
        while (frontier) {
            const int e = __builtin_ctzll(frontier);
            frontier &= frontier - 1;
            Word c = m_cyc_mask[static_cast<std::size_t>(bk[static_cast<std::size_t>(e)])] & m_owned[ku(k)] & ~visited;
            visited |= c;
            while (c) {
                const int o = own[static_cast<std::size_t>(__builtin_ctzll(c))];
                c &= c - 1;
                if (!(seen >> o & 1)) {
                    seen |= Word{1} << o;
                    frontier |= Word{1} << o;
                }
            }
        }
        auto& kb = m_kbins[ku(k)];
        kb.clear();
        while (seen) {
            const int e = __builtin_ctzll(seen);
            seen &= seen - 1;
            reach(bk[static_cast<std::size_t>(e)])[k / 64] |= Word{1} << (k % 64);
            kb.push_back(bk[static_cast<std::size_t>(e)]);
        }
        return;
    }
    m_seen.assign(bk.size(), 0);
    m_queue.clear();
    m_kbins[ku(k)].clear();
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
        m_kbins[ku(k)].push_back(bk[static_cast<std::size_t>(e)]);
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

// 1-swap refinement of the greedy pick, scored (weight served, −Σ over picked bins of the
// kernels that could use them), larger is better: raise the weight served, or keep it and
// pick bins fewer kernels could use. Rare bins must be read some time; reading one beside
// a widely wanted bin costs nothing now, while widely wanted bins stay for the last
// cycles, where few non-zeros are left per kernel and each replica must serve many.
// "Weight served" by pick i's replacement b counts the active kernels no other pick
// serves and b could serve; gains are summed kernel by kernel over their reach bins.
void MatchingGreedy::refine(std::vector<char>& in_set)
{
    // Kernels that could use each bin: fixed during the refinement.
    std::vector<std::int64_t> users(static_cast<std::size_t>(m_nb), 0);
    std::vector<int> cnt(ku(m_nk), 0);  // [k]: picks that could serve active kernel k
    for (int k = 0; k < m_nk; ++k) {
        if (!m_active[ku(k)]) continue;
        for (const int b : m_kbins[ku(k)]) ++users[static_cast<std::size_t>(b)];
    }
    for (const int b : m_pick)
        for (int k = 0; k < m_nk; ++k)
            if (m_active[ku(k)] && in_reach(b, k)) ++cnt[ku(k)];
    std::vector<std::int64_t> gain(static_cast<std::size_t>(m_nb));
    for (int pass = 0; pass < 4; ++pass) {
        bool better = false;
        for (std::size_t i = 0; i < m_pick.size(); ++i) {
            const int old = m_pick[i];
            std::fill(gain.begin(), gain.end(), 0);
            for (int k = 0; k < m_nk; ++k)
                if (m_active[ku(k)] && cnt[ku(k)] - (in_reach(old, k) ? 1 : 0) == 0)
                    for (const int b : m_kbins[ku(k)]) gain[static_cast<std::size_t>(b)] += m_w[ku(k)];
            int best = old;
            std::pair<std::int64_t, std::int64_t> cur{gain[static_cast<std::size_t>(old)], -users[static_cast<std::size_t>(old)]};
            for (int b = 0; b < m_nb; ++b) {
                if (in_set[static_cast<std::size_t>(b)]) continue;
                const std::int64_t g = gain[static_cast<std::size_t>(b)];
                if (g <= 0 || g < cur.first) continue;
                const std::pair<std::int64_t, std::int64_t> sc{g, -users[static_cast<std::size_t>(b)]};
                if (sc > cur) {
                    cur = sc;
                    best = b;
                }
            }
            if (best == old) continue;
            m_pick[i] = best;
            in_set[static_cast<std::size_t>(old)] = 0;
            in_set[static_cast<std::size_t>(best)] = 1;
            for (int k = 0; k < m_nk; ++k) {
                if (!m_active[ku(k)]) continue;
                cnt[ku(k)] += (in_reach(best, k) ? 1 : 0) - (in_reach(old, k) ? 1 : 0);
            }
            better = true;
        }
        if (!better) break;
    }
}

void MatchingGreedy::pick_bins()
{
    // Plain greedy over the bins: each step takes the bin with the largest key (gain,
    // −cycles already reading it, −bin) — ties go to the bin read in fewer cycles so far
    // (every used bin needs a slot some time), then to the lower bin. gain[b] = Σ weights
    // of the active kernels b could serve that no pick serves yet, kept up to date as
    // kernels become served.
    m_pick.clear();
    std::vector<std::int64_t> gain(static_cast<std::size_t>(m_nb), 0);
    std::vector<char> served(ku(m_nk), 0);
    for (int k = 0; k < m_nk; ++k) {
        served[ku(k)] = !m_active[ku(k)];
        if (m_active[ku(k)])
            for (const int b : m_kbins[ku(k)]) gain[static_cast<std::size_t>(b)] += m_w[ku(k)];
    }
    std::vector<char> in_set(static_cast<std::size_t>(m_nb), 0);
    while (static_cast<int>(m_pick.size()) < m_r) {
        int best = -1;
        std::int64_t best_gain = 0;
        for (int b = 0; b < m_nb; ++b) {
            if (in_set[static_cast<std::size_t>(b)]) continue;
            const std::int64_t g = gain[static_cast<std::size_t>(b)];
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
        for (int k = 0; k < m_nk; ++k) {
            if (served[ku(k)] || !in_reach(best, k)) continue;
            served[ku(k)] = 1;
            for (const int b : m_kbins[ku(k)]) gain[static_cast<std::size_t>(b)] -= m_w[ku(k)];
        }
    }
    refine(in_set);
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
    m_cyc_mask.assign(static_cast<std::size_t>(m_nb), 0);
    m_kbins.assign(ku(m_nk), {});
    m_active.assign(ku(m_nk), 0);
    m_owned.assign(ku(m_nk), 0);
    m_cycles = 0;
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
            m_active[ku(k)] = left > 0;
            if (left == 0) continue;
            active[static_cast<std::size_t>(k / 64)] |= Word{1} << (k % 64);
            mark_reachable(k);
        }
        pick_bins();
        m_st.sets.push_back(m_pick);
        for (const int b : m_pick) m_cycles_of[static_cast<std::size_t>(b)].push_back(t);
        if (t < 64)
            for (const int b : m_pick) m_cyc_mask[static_cast<std::size_t>(b)] |= Word{1} << t;
        m_cycles = t + 1;
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
