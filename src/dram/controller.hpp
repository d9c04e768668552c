// SPDX-License-Identifier: MIT
// A DDR4 channel controller, cycle by cycle in DRAM clock cycles, in the organisation the
// DRAMsim3 reference describes (../shared/reference/dramsim3/README.md §4): a read queue
// and a write buffer of `queue_size` transactions, per-bank command queues of `cmd_queue`
// entries, at most one request moved into a command queue and one command issued per
// cycle, open-page FR-FCFS within a bank queue (row hits bypass older conflicts; a PRE only
// for the oldest request, when nothing queued hits the open row or the row has served
// `row_hit_cap` hits), round-robin over banks, write drain by watermarks, staggered per-rank
// refresh. Reads complete CL + BL/2 after their READ; writes are posted.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "dram/address_map.hpp"
#include "dram/bank_timing.hpp"

namespace specsim::dram {

struct ControllerStats {
    std::uint64_t reads = 0, writes = 0;
    std::uint64_t read_cmds = 0, write_cmds = 0, row_hits = 0;
    std::uint64_t acts = 0, pres = 0, ondemand_pres = 0, refs = 0;
    std::uint64_t last_data_cycle = 0;         ///< end of the last data burst
    std::vector<std::uint32_t> read_latency;   ///< per completed read, acceptance → data end
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
    /// With nothing queued, in flight or pending, every cycle before the next refresh is a
    /// no-op: jump there, or to `cycle` if earlier (exact: the same state as ticking).
    /// Returns false (and does nothing) when the controller is not quiescent.
    bool skip_idle_until(std::uint64_t cycle);
    /// idle() and no refresh pending.
    bool quiescent() const;
    /// Cycle at which the next refresh is raised.
    std::uint64_t next_refresh_cycle() const { return m_next_refresh; }

    std::function<void(std::uint64_t id, std::uint64_t done_cycle)> on_read_done;
    ControllerStats stats;

private:
    struct Req {
        std::uint64_t id, addr, accepted;
        bool write;
        DramAddr d;
    };
    std::size_t bank_index(const DramAddr& d) const;
    bool move_one();
    bool issue_one();
    void refresh_tick();

    Ddr4Spec m_spec;
    ControllerParams m_p;
    AddressMap m_map;
    BankTiming m_timing;
    std::uint64_t m_cycle = 0;
    std::deque<Req> m_reads, m_writes;
    std::vector<std::deque<Req>> m_bankq;          // per bank command queue
    std::vector<std::uint32_t> m_hits;             // per bank: column commands since ACT
    std::size_t m_rr = 0;                          // round-robin start bank
    bool m_draining = false;
    std::uint32_t m_drain_left = 0;
    std::vector<char> m_refresh_pending;           // per rank
    std::uint64_t m_next_refresh = 0;
    std::uint32_t m_refresh_rank = 0;
    std::deque<std::pair<std::uint64_t, std::uint64_t>> m_inflight;  // (done cycle, id) of reads
};

}  // namespace specsim::dram
