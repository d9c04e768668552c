// SPDX-License-Identifier: MIT
// The DDR4 channel controller (see controller.hpp). Per cycle, in this order: refresh
// bookkeeping, one request from the read queue (or, while draining, the write buffer)
// into its bank's command queue, one DRAM command, read completions. A request accepted
// when the controller is at cycle a is first moved at cycle a, so an idle-bank read takes
// 1 + tRCD + CL + BL/2 cycles from acceptance to its last data beat, a row hit 1 + CL +
// BL/2 and a row conflict 1 + tRP + tRCD + CL + BL/2 — the reference's unloaded latencies.
#include "dram/controller.hpp"

#include <algorithm>

#include "util/error.hpp"

namespace specsim::dram {

Controller::Controller(const Ddr4Spec& spec, const ControllerParams& p)
    : m_spec(spec), m_p(p), m_map(spec.org, spec.address_mapping), m_timing(spec), m_reads(p.queue_size),
      m_writes(p.queue_size), m_bankq(static_cast<std::size_t>(spec.org.ranks) * spec.org.banks(), RingQueue<Req>(p.cmd_queue)),
      m_hits(m_bankq.size(), 0),
      m_refresh_pending(spec.org.ranks, 0), m_cand(m_bankq.size()),
      m_bound(m_bankq.size(), BankTiming::kNever), m_bank_fill(m_bankq.size(), 0)
{
    for (auto& w : m_waiting) w.assign(m_bankq.size(), 0);
    if (m_bankq.size() > 64) throw Error(spec.name + ": more than 64 banks per channel are not supported");
    for (std::uint32_t r = 0; r < spec.org.ranks; ++r)
        for (std::uint32_t g = 0; g < spec.org.bankgroups; ++g)
            for (std::uint32_t k = 0; k < spec.org.banks_per_group; ++k) {
                m_bank_addr.push_back({r, g, k});
                m_bank_group.push_back(r * spec.org.bankgroups + g);
            }
    m_next_refresh = spec.timing.tREFI / spec.org.ranks;
    for (auto* v : {&stats.bank_reads, &stats.bank_writes, &stats.bank_acts, &stats.bank_row_hits})
        v->assign(m_bankq.size(), 0);
}

std::size_t Controller::bank_index(const DramAddr& d) const
{
    return (static_cast<std::size_t>(d.rank) * m_spec.org.bankgroups + d.bankgroup) * m_spec.org.banks_per_group + d.bank;
}

bool Controller::idle() const
{
    return m_reads.empty() && m_writes.empty() && m_inflight.empty() && m_queued == 0;
}

bool Controller::only_buffered_writes() const
{
    return !m_writes.empty() && !m_draining && m_reads.empty() && m_inflight.empty() && m_queued == 0;
}

std::uint64_t Controller::next_event_cycle() const
{
    if (m_reference || !m_move_blocked) return m_cycle;
    std::uint64_t t = std::min(m_next_refresh, m_next_issue);
    if (!m_inflight.empty()) t = std::min(t, m_inflight.front().first);
    return std::max(t, m_cycle);
}

bool Controller::advance_to(std::uint64_t cycle)
{
    if (cycle <= m_cycle) return true;
    if (cycle > next_event_cycle()) return false;
    m_cycle = cycle;
    return true;
}

void Controller::drain_writes()
{
    if (m_draining || m_writes.empty()) return;
    m_draining = true;
    m_drain_left = static_cast<std::uint32_t>(m_writes.size());
    m_move_blocked = false;
}

bool Controller::try_accept(std::uint64_t byte_address, bool write, std::uint64_t id)
{
    auto& q = write ? m_writes : m_reads;
    if (q.size() >= m_p.queue_size) return false;
    const std::uint64_t line = byte_address / m_spec.org.burst_bytes() * m_spec.org.burst_bytes();
    if (!write) {
        // A read of data still in the write buffer is answered from it, in one cycle.
        for (std::size_t i = 0; i < m_writes.size(); ++i)
            if (m_writes[i].addr == line) {
                ++stats.reads;
                stats.read_latency.push_back(1);
                if (on_read_done) on_read_done(id, m_cycle);
                return true;
            }
    }
    const DramAddr d = m_map.decode(line);
    const auto bank = static_cast<std::uint32_t>(bank_index(d));
    q.push_back(Req{id, line, m_cycle, write, d, bank});
    if (m_waiting[write][bank]++ == 0) m_waiting_mask[write] |= std::uint64_t{1} << bank;
    if (write) {
        ++stats.writes;
    } else {
        ++stats.reads;
    }
    m_move_blocked = false;
    return true;
}

bool Controller::move_one()
{
    if (!m_draining) {
        if (m_writes.size() >= m_p.queue_size || (m_writes.size() > m_p.drain_low && m_queued == 0)) {
            m_draining = true;
            m_drain_left = static_cast<std::uint32_t>(m_writes.size());
        }
    }
    auto& src = m_draining ? m_writes : m_reads;
    const int w = m_draining ? 1 : 0;
    // Every waiting request's bank queue is full: nothing to move (the reference mode scans).
    if (!m_reference && (m_waiting_mask[w] & ~m_full) == 0) return false;
    for (std::size_t i = 0; i < src.size(); ++i) {  // the oldest whose bank queue has room
        const std::size_t b = src[i].bank;
        if (m_bank_fill[b] >= m_p.cmd_queue) continue;
        m_bankq[b].push_back(src[i]);
        if (++m_bank_fill[b] >= m_p.cmd_queue) m_full |= std::uint64_t{1} << b;
        if (--m_waiting[w][b] == 0) m_waiting_mask[w] &= ~(std::uint64_t{1} << b);
        src.erase(i);
        ++m_queued;
        m_cand[b].valid = false;
        set_bound(b, 0);
        m_next_issue = m_cycle;  // the new request may issue this cycle
        if (m_draining && --m_drain_left == 0) m_draining = false;
        return true;
    }
    return false;
}

void Controller::refresh_tick()
{
    if (m_cycle >= m_next_refresh) {
        m_refresh_pending[m_refresh_rank] = 1;
        m_any_refresh = true;
        m_refresh_rank = (m_refresh_rank + 1) % m_spec.org.ranks;
        m_next_refresh += m_spec.timing.tREFI / m_spec.org.ranks;
        m_next_issue = m_cycle;
    }
}

bool Controller::issue_refresh(std::uint64_t* next)
{
    // A pending refresh first: close the rank's banks, then REF.
    const Ddr4Organization& o = m_spec.org;
    for (std::uint32_t r = 0; r < o.ranks; ++r) {
        if (!m_refresh_pending[r]) continue;
        bool all_closed = true;
        for (std::uint32_t g = 0; g < o.bankgroups; ++g)
            for (std::uint32_t k = 0; k < o.banks_per_group; ++k) {
                const BankAddr a{r, g, k};
                if (!m_timing.is_open(a)) continue;
                all_closed = false;
                const std::uint64_t e = m_timing.earliest(Cmd::pre, a);
                if (e <= m_cycle) {
                    m_timing.issue(Cmd::pre, a, m_cycle);
                    ++stats.pres;
                    const std::size_t b = (static_cast<std::size_t>(r) * o.bankgroups + g) * o.banks_per_group + k;
                    m_cand[b].valid = false;
                    if (!m_bankq[b].empty()) set_bound(b, 0);
                    m_next_issue = m_cycle + 1;
                    return true;
                }
                *next = std::min(*next, e);
            }
        if (!all_closed) continue;
        const std::uint64_t e = m_timing.earliest(Cmd::ref, {r, 0, 0});
        if (e <= m_cycle) {
            m_timing.issue(Cmd::ref, {r, 0, 0}, m_cycle);
            ++stats.refs;
            m_refresh_pending[r] = 0;
            m_any_refresh = std::any_of(m_refresh_pending.begin(), m_refresh_pending.end(), [](char p) { return p != 0; });
            m_next_issue = m_cycle + 1;
            return true;
        }
        *next = std::min(*next, e);
    }
    return false;
}

const Controller::Candidates& Controller::candidates(std::size_t b)
{
    Candidates& c = m_cand[b];
    if (c.valid) return c;
    c = Candidates{};
    c.valid = true;
    const auto& q = m_bankq[b];
    if (q.empty()) return c;
    const DramAddr& d0 = q.front().d;
    const std::int64_t open = m_timing.open_row_at(b);  // the controller's bank index is the timing's
    if (open < 0) {
        c.act = 0;
        return c;
    }
    for (std::size_t j = 0; j < q.size(); ++j) {
        if (q[j].d.row != open) continue;
        int& slot = q[j].write ? c.wr : c.rd;
        if (slot < 0) slot = static_cast<int>(j);
    }
    const bool any_hit = c.rd >= 0 || c.wr >= 0;
    if (d0.row != open && (!any_hit || m_hits[b] >= m_p.row_hit_cap)) c.pre = 0;
    return c;
}

void Controller::set_bound(std::size_t b, std::uint64_t v)
{
    const std::uint64_t bit = std::uint64_t{1} << b;
    m_bound[b] = v;
    if (v <= m_cycle) {
        m_due |= bit;
        return;
    }
    m_due &= ~bit;
    if (v == BankTiming::kNever) return;  // empty queue
    if (v - m_cycle < kWheel && v >= m_wheel_cycle) {
        std::uint64_t& slot = m_wheel[v % kWheel];
        m_wheel_entries += (slot & bit) ? 0 : 1;
        slot |= bit;
    } else {
        m_far |= bit;
        m_far_min = std::min(m_far_min, v);
    }
}

void Controller::fold_due()
{
    const std::size_t n = m_bankq.size();
    const auto classify_all = [&] {  // rebuild the wheel from the bounds
        m_wheel.fill(0);
        m_wheel_entries = 0;
        m_far = 0;
        m_far_min = BankTiming::kNever;
        m_wheel_cycle = m_cycle + 1;
        for (std::size_t b = 0; b < n; ++b) set_bound(b, m_bound[b]);
    };
    if (m_cycle >= m_wheel_cycle + kWheel || (m_far && m_far_min < m_cycle + kWheel)) {
        classify_all();
        return;
    }
    for (; m_wheel_cycle <= m_cycle; ++m_wheel_cycle) {
        std::uint64_t& slot = m_wheel[m_wheel_cycle % kWheel];
        for (std::uint64_t bits = slot; bits; bits &= bits - 1) {
            const auto b = static_cast<std::size_t>(__builtin_ctzll(bits));
            if (m_bound[b] <= m_cycle) m_due |= std::uint64_t{1} << b;  // else: a stale entry
        }
        m_wheel_entries -= static_cast<std::uint64_t>(__builtin_popcountll(slot));
        slot = 0;
    }
}

std::uint64_t Controller::next_bound() const
{
    const std::uint64_t limit = std::min(m_far_min, m_cycle + kWheel);
    if (m_wheel_entries == 0) return m_far_min;
    for (std::uint64_t c = std::max(m_cycle + 1, m_wheel_cycle); c < limit; ++c)
        if (m_wheel[c % kWheel]) return c;
    return limit;
}

bool Controller::try_bank(std::size_t b)
{
    const Candidates& c = candidates(b);
    const std::size_t g = m_bank_group[b];
    const std::uint32_t rank = m_bank_addr[b].rank;
    // A closed bank offers only the ACT for its head.
    if (c.act >= 0) {
        const std::uint64_t e = m_timing.earliest_at(Cmd::act, b, g, rank);
        if (e <= m_cycle) {
            execute(b, 0, Cmd::act);
            return true;
        }
        set_bound(b, e);
        return false;
    }
    // The allowed candidate earliest in the queue wins (FR-FCFS within the bank).
    std::uint64_t bound = BankTiming::kNever;
    int best = -1;
    Cmd best_cmd = Cmd::act;
    const std::pair<int, Cmd> offer[] = {{c.pre, Cmd::pre}, {c.rd, Cmd::rd}, {c.wr, Cmd::wr}};
    for (const auto& [j, cmd] : offer) {
        if (j < 0) continue;
        const std::uint64_t e = m_timing.earliest_at(cmd, b, g, rank);
        if (e > m_cycle) {
            bound = std::min(bound, e);
        } else if (best < 0 || j < best) {
            best = j;
            best_cmd = cmd;
        }
    }
    if (best >= 0) {
        execute(b, static_cast<std::size_t>(best), best_cmd);
        return true;
    }
    set_bound(b, bound);
    return false;
}

bool Controller::issue_one()
{
    std::uint64_t next = BankTiming::kNever;
    if (m_any_refresh && issue_refresh(&next)) return true;
    fold_due();
    // The due banks in round-robin order from m_rr: those at or above it, then below.
    const std::uint64_t above = m_rr < 64 ? ~std::uint64_t{0} << m_rr : 0;
    for (std::uint64_t part : {m_due & above, m_due & ~above})
        for (; part; part &= part - 1) {
            const auto b = static_cast<std::size_t>(__builtin_ctzll(part));
            if (m_any_refresh && m_refresh_pending[m_bank_addr[b].rank]) continue;  // stays due
            if (try_bank(b)) return true;
        }
    m_next_issue = std::min(next, next_bound());
    return false;
}

bool Controller::issue_one_scan()
{
    std::uint64_t unused = BankTiming::kNever;
    if (issue_refresh(&unused)) return true;
    const std::size_t n = m_bankq.size();
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t b = (m_rr + i) % n;
        auto& q = m_bankq[b];
        if (q.empty()) continue;
        const DramAddr& d0 = q.front().d;
        if (m_refresh_pending[d0.rank]) continue;
        const BankAddr a{d0.rank, d0.bankgroup, d0.bank};
        const std::int64_t open = m_timing.open_row(a);
        bool any_hit = false;
        for (std::size_t j = 0; open >= 0 && j < q.size() && !any_hit; ++j) any_hit = q[j].d.row == open;
        for (std::size_t j = 0; j < q.size(); ++j) {
            const Req& r = q[j];
            Cmd c;
            if (open < 0) c = Cmd::act;
            else if (r.d.row == open) c = r.write ? Cmd::wr : Cmd::rd;
            else if (j == 0 && (!any_hit || m_hits[b] >= m_p.row_hit_cap)) c = Cmd::pre;
            else continue;
            if (m_timing.earliest(c, a) > m_cycle) continue;
            execute(b, j, c);
            return true;
        }
    }
    return false;
}

void Controller::execute(std::size_t b, std::size_t j, Cmd c)
{
    auto& q = m_bankq[b];
    const Req& r = q[j];
    const BankAddr a{r.d.rank, r.d.bankgroup, r.d.bank};
    m_timing.issue(c, a, m_cycle, r.d.row);
    m_rr = (b + 1) % m_bankq.size();
    m_cand[b].valid = false;
    set_bound(b, 0);
    m_next_issue = m_cycle + 1;
    const Ddr4Constraints& k = m_timing.constraints();
    switch (c) {
    case Cmd::act:
        ++stats.acts;
        ++stats.bank_acts[b];
        m_hits[b] = 0;
        return;
    case Cmd::pre:
        ++stats.pres;
        ++stats.ondemand_pres;
        return;
    case Cmd::ref:
        return;
    case Cmd::rd:
    case Cmd::wr:
        break;
    }
    if (m_hits[b] > 0) {
        ++stats.row_hits;
        ++stats.bank_row_hits[b];
    }
    ++m_hits[b];
    ++(c == Cmd::rd ? stats.bank_reads : stats.bank_writes)[b];
    if (c == Cmd::rd) {
        ++stats.read_cmds;
        if (m_last_read != ~std::uint64_t{0})
            ++stats.read_gaps[std::min<std::uint64_t>(m_cycle - m_last_read, ControllerStats::kMaxGap)];
        m_last_read = m_cycle;
        const std::uint64_t done = m_cycle + k.read_latency;
        m_inflight.emplace_back(done, r.id);
        stats.read_latency.push_back(static_cast<std::uint32_t>(done - r.accepted + 1));
        stats.last_data_cycle = std::max(stats.last_data_cycle, done);
    } else {
        ++stats.write_cmds;
        stats.last_data_cycle = std::max(stats.last_data_cycle, m_cycle + k.write_data_end);
    }
    const std::uint32_t row = r.d.row;
    q.erase(j);
    --m_queued;
    --m_bank_fill[b];
    m_full &= ~(std::uint64_t{1} << b);
    if (q.empty()) set_bound(b, BankTiming::kNever);
    m_move_blocked = false;
    // Closed page: auto-precharge when no queued request hits this row (the PRE takes
    // effect at the earliest cycle it may, tRTP / write recovery later).
    bool row_queued = false;
    for (std::size_t i = 0; !m_p.open_page && i < q.size() && !row_queued; ++i) row_queued = q[i].d.row == row;
    if (!m_p.open_page && !row_queued) {
        m_timing.issue(Cmd::pre, a, m_timing.earliest(Cmd::pre, a));
        ++stats.pres;
    }
}

void Controller::tick()
{
    refresh_tick();
    if (m_reference) {
        move_one();
        issue_one_scan();
    } else {
        if (!m_move_blocked && !move_one()) m_move_blocked = true;
        if (m_cycle >= m_next_issue) issue_one();
    }
    while (!m_inflight.empty() && m_inflight.front().first <= m_cycle) {
        if (on_read_done) on_read_done(m_inflight.front().second, m_inflight.front().first);
        m_inflight.pop_front();
    }
    ++m_cycle;
}

}  // namespace specsim::dram
