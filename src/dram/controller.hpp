// SPDX-License-Identifier: MIT
// A DDR4 channel controller, cycle by cycle in DRAM clock cycles, in the organisation the
// DRAMsim3 reference describes (../shared/reference/dramsim3/README.md §4): a read queue
// and a write buffer of `queue_size` transactions, per-bank command queues of `cmd_queue`
// entries, at most one request moved into a command queue and one command issued per
// cycle, open-page FR-FCFS within a bank queue (row hits bypass older conflicts; a PRE only
// for the oldest request, when nothing queued hits the open row or the row has served
// `row_hit_cap` hits), round-robin over banks, write drain by watermarks, staggered per-rank
// refresh. Reads complete CL + BL/2 after their READ; writes are posted.
//
// Speed: all command timing changes only when a command issues, so after a cycle in which
// nothing could issue the controller knows the next cycle anything can (the earliest
// candidate command, read completion or refresh) and does nothing until then; per bank it
// caches which queued requests are candidates and a lower bound on their issue cycle, kept
// on a timing wheel so that a cycle looks only at the banks whose bound has come.
// `set_reference_mode(true)` turns all of it off and scans every queue every cycle, the
// plain rule; a test checks the two give identical statistics.
#pragma once

#include <cstdint>
#include <deque>
#include <array>
#include <functional>
#include <vector>

#include "dram/address_map.hpp"
#include "dram/bank_timing.hpp"
#include "dram/ring_queue.hpp"

namespace specsim::dram {

struct ControllerStats {
    std::uint64_t reads = 0, writes = 0;
    std::uint64_t read_cmds = 0, write_cmds = 0, row_hits = 0;
    std::uint64_t acts = 0, pres = 0, ondemand_pres = 0, refs = 0;
    std::uint64_t last_data_cycle = 0;         ///< end of the last data burst
    std::vector<std::uint32_t> read_latency;   ///< per completed read, acceptance → data end
    /// READ-to-READ gaps on the channel's command bus: read_gaps[g] = consecutive READs g
    /// cycles apart (g ≥ kMaxGap counted at kMaxGap) — the reference's evidence for why a
    /// stream reaches the bandwidth it does (tCCD_S vs tCCD_L).
    static constexpr std::size_t kMaxGap = 64;
    std::vector<std::uint64_t> read_gaps = std::vector<std::uint64_t>(kMaxGap + 1, 0);
    /// Per bank (index (rank · bankgroups + bankgroup) · banks_per_group + bank).
    std::vector<std::uint64_t> bank_reads, bank_writes, bank_acts, bank_row_hits;
};

class Controller {
public:
    explicit Controller(const Ddr4Spec& spec) : Controller(spec, spec.controller) {}
    Controller(const Ddr4Spec& spec, const ControllerParams& p);

    /// Offers a request at the current cycle; false when its queue is full (try again
    /// next cycle). `id` comes back through on_read_done for reads.
    bool try_accept(std::uint64_t byte_address, bool write, std::uint64_t id);
    /// Advances one DRAM cycle: refresh, one request into a command queue, one command.
    void tick();
    std::uint64_t cycle() const { return m_cycle; }
    /// Nothing queued, nothing in flight.
    bool idle() const;
    /// Only writes below the drain watermark are left (they would wait for more traffic).
    bool only_buffered_writes() const;
    /// Starts draining the write buffer now (end of a trace).
    void drain_writes();
    /// The first cycle ≥ cycle() at which tick() may change anything (a request to move, a
    /// command that may issue, a read completing, a refresh raised). Offering a request
    /// with try_accept() changes it.
    std::uint64_t next_event_cycle() const;
    /// Jumps to `cycle` when every tick before it would be a no-op (cycle ≤
    /// next_event_cycle(); exact). Returns false and does nothing otherwise.
    bool advance_to(std::uint64_t cycle);
    /// true: no caching, no skipping (every queue scanned every cycle) — the plain rule
    /// the fast path is checked against.
    void set_reference_mode(bool on) { m_reference = on; }

    std::function<void(std::uint64_t id, std::uint64_t done_cycle)> on_read_done;
    ControllerStats stats;

private:
    struct Req {
        std::uint64_t id, addr, accepted;
        bool write;
        DramAddr d;
        std::uint32_t bank;  // bank_index(d)
    };
    /// The commands a bank queue offers (FR-FCFS order = queue order): ACT for the head of
    /// a closed bank, or PRE for a head that misses the open row (when allowed), and the
    /// first queued read / write that hits the open row. −1 = none.
    struct Candidates {
        bool valid = false;
        int act = -1, pre = -1, rd = -1, wr = -1;
    };
    std::size_t bank_index(const DramAddr& d) const;
    bool move_one();
    bool issue_one();           // cached candidates; sets m_next_issue when nothing issues
    bool issue_one_scan();      // the plain rule, for reference mode
    bool issue_refresh(std::uint64_t* next);
    void execute(std::size_t b, std::size_t j, Cmd c);  // issues q[j]'s command `c`, with bookkeeping
    const Candidates& candidates(std::size_t b);
    void refresh_tick();

    Ddr4Spec m_spec;
    ControllerParams m_p;
    AddressMap m_map;
    BankTiming m_timing;
    std::uint64_t m_cycle = 0;
    std::uint64_t m_last_read = ~std::uint64_t{0};  // cycle of the last READ (none yet)
    RingQueue<Req> m_reads, m_writes;
    std::vector<RingQueue<Req>> m_bankq;           // per bank command queue
    std::vector<std::uint32_t> m_hits;             // per bank: column commands since ACT
    std::size_t m_rr = 0;                          // round-robin start bank
    bool m_draining = false;
    std::uint32_t m_drain_left = 0;
    std::vector<char> m_refresh_pending;           // per rank
    std::uint64_t m_next_refresh = 0;
    std::uint32_t m_refresh_rank = 0;
    std::deque<std::pair<std::uint64_t, std::uint64_t>> m_inflight;  // (done cycle, id) of reads
    std::size_t m_queued = 0;                      // requests in all bank queues
    std::vector<Candidates> m_cand;                // per bank, valid until its queue or row changes
    // Per bank: no candidate may issue before this cycle — a lower bound that stays true
    // until the bank's queue or row changes (command times only move later as other
    // commands issue); kNever for an empty queue, 0 when unknown. Scanned every cycle.
    std::vector<std::uint64_t> m_bound;
    // Which banks to look at in a cycle: `m_due` (bit b: its bound has come), and the
    // others on a timing wheel of kWheel cycles (slot c mod kWheel: banks whose bound is c;
    // a bank whose bound changed since is checked against m_bound when its slot comes) or,
    // when further away, in `m_far`. So a cycle looks at the due banks, not all of them.
    static constexpr std::uint64_t kWheel = 1024;
    std::array<std::uint64_t, kWheel> m_wheel{};
    std::uint64_t m_wheel_cycle = 0;               // slots of earlier cycles are folded into m_due
    std::uint64_t m_wheel_entries = 0;             // bits set in the wheel (stale ones included)
    std::uint64_t m_due = 0, m_far = 0;
    std::uint64_t m_far_min = ~std::uint64_t{0};   // ≤ every far bank's bound
    void set_bound(std::size_t b, std::uint64_t v);
    void fold_due();                               // brings m_due up to m_cycle
    std::uint64_t next_bound() const;              // ≤ the earliest bound of a bank not due
    bool try_bank(std::size_t b);                  // issues its best allowed candidate, or sets its bound
    std::vector<BankAddr> m_bank_addr;             // per bank index: its address
    std::vector<std::uint32_t> m_bank_group;       // per bank index: rank · bankgroups + bankgroup
    std::vector<std::uint32_t> m_bank_fill;        // per bank: requests in its command queue
    std::uint64_t m_full = 0;                      // bit b: bank b's command queue is full
    std::vector<std::uint32_t> m_waiting[2];       // [write][bank]: requests in the read queue / write buffer
    std::uint64_t m_waiting_mask[2] = {0, 0};      // [write]: bit b when m_waiting[write][b] > 0
    bool m_any_refresh = false;                    // some rank has a refresh pending
    std::uint64_t m_next_issue = 0;                // no command can issue before this cycle
    bool m_move_blocked = false;                   // move_one() failed and nothing changed since
    bool m_reference = false;
};

}  // namespace specsim::dram
