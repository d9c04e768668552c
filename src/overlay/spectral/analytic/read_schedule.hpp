// SPDX-License-Identifier: MIT
// Sparse-kernel read schedules (PAPERS.md §1): N′ kernels, each a set of non-zero bin
// indices, read through r replicas of the tile spectrum. Each cycle every replica reads one
// bin address and every kernel consumes at most one non-zero through its replica select.
// Plain C++: the SystemC reader plays these schedules cycle by cycle.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace specsim::analytic {

/// Non-zero bin indices of each kernel lane (ascending, distinct; a lane may be empty when
/// a layer has fewer than N′ kernels in its last group).
using KernelBins = std::vector<std::vector<int>>;

/// A schedule of `cycles` cycles. Row-major tables, one row per cycle.
struct ReadSchedule {
    int kernels = 0;   ///< kernel lanes (N′)
    int replicas = 0;  ///< r
    int cycles = 0;    ///< T
    std::vector<std::int16_t> addr;   ///< cycles × replicas: bin read by replica j, −1 = idle
    std::vector<std::int8_t> sel;     ///< cycles × kernels: replica kernel k consumes, −1 = bubble
    std::vector<std::int16_t> entry;  ///< cycles × kernels: index into the kernel's bin list, −1 = bubble

    std::int16_t addr_at(int t, int j) const { return addr[static_cast<std::size_t>(t) * replicas + j]; }
    std::int8_t sel_at(int t, int k) const { return sel[static_cast<std::size_t>(t) * kernels + k]; }
    std::int16_t entry_at(int t, int k) const { return entry[static_cast<std::size_t>(t) * kernels + k]; }
    /// Kernel slots with valid = 0: cycles × kernels − Σ nnz.
    std::uint64_t bubbles() const;
};

/// Lower bound on T: max(max_k nnz_k, ⌈distinct bins / r⌉).
int schedule_lower_bound(const KernelBins& bins, int replicas);

/// Greedy list scheduler: each cycle picks up to r bins, most-demanded first among kernels
/// with the most non-zeros left, and lets every kernel that has a picked bin consume one.
/// Deterministic (ties by lower bin index).
/// In detail (schedule_greedy.cpp): coverage weight (non-zeros left)², ties to the bin read
/// in fewer cycles so far, then the lower bin; the pick is refined by single swaps (same
/// weight, rarer bins) and spare replicas are filled with bins many kernels want. A kernel
/// "has" a bin when it can gain a non-zero through it: directly (it takes its rarest such
/// bin) or by moving earlier non-zeros to other cycles that read them (an augmenting path
/// of its non-zero ↔ cycle matching). T = 0 when there are no non-zeros at all.
/// Measured: 64 kernels × 16 of 64 bins, r = 8: ≈ 17.1 cycles uniform, 17.0 lowfreq (lower
/// bound 16; in-order reader ≈ 41 and 22), ≈ 0.4–0.8 ms per schedule.
ReadSchedule schedule_greedy(const KernelBins& bins, int replicas);

/// Effort of schedule_search (moves are cheap: a few augmenting paths each).
struct SearchOptions {
    int max_moves = 20000;   ///< local-search moves per attempted length
    int patience = 2000;     ///< give up a length after this many moves without progress
    std::uint64_t seed = 1;  ///< seed of the move generator (fixed: results are deterministic)
};

/// schedule_greedy, then a local search for one cycle less, repeated while it succeeds and
/// T > lower bound: drop the cycle serving the fewest kernels and move bins between cycles
/// until every kernel's non-zeros again match distinct cycles reading them. Never worse
/// than schedule_greedy; deterministic for given options.
ReadSchedule schedule_search(const KernelBins& bins, int replicas, const SearchOptions& opt = {});

/// Effort of schedule_exact: SAT solver conflicts allowed per cycle count tried
/// (deterministic, unlike seconds). < 0: no limit.
struct ExactOptions {
    std::int64_t conflicts_per_call = 100000;
};

struct ExactResult {
    ReadSchedule schedule;  ///< optimal when `optimal`, else the best found (≥ greedy quality)
    int lower_bound = 0;    ///< proven: no schedule has fewer cycles
    bool optimal = false;   ///< schedule.cycles == lower_bound
    bool budget_exhausted = false;  ///< a solver call ran out of conflicts
    int solver_calls = 0;
};

/// Minimum-T schedule by SAT (CaDiCaL): starts from schedule_greedy and the lower bound,
/// refutes or solves T = bound, bound + 1, … below the greedy length until a schedule is
/// found. A T whose call runs out of budget is left undecided and the next T is tried; the
/// bound counts only refutations below the first undecided T, so the gap cycles −
/// lower_bound is what is left unproven. The encoding is described in schedule_exact.cpp.
ExactResult schedule_exact(const KernelBins& bins, int replicas, const ExactOptions& opt = {});

/// Dense kernels (all K² bins): T = K², every kernel reads bin t in cycle t (broadcast).
ReadSchedule schedule_dense(int kernels, int fft_bins, int replicas);

/// Throws specsim::Error naming the first violation: a non-zero not covered or covered
/// twice, a kernel consuming a bin its replica did not read, more than r bins per cycle.
void check_schedule(const ReadSchedule& s, const KernelBins& bins);
/// As above, against a reader with `replicas` read ports: also rejects any cycle whose
/// addresses name more than `replicas` distinct bins (the schedule's own row may be wider).
void check_schedule(const ReadSchedule& s, const KernelBins& bins, int replicas);

/// The naive in-order reader, without an offline schedule: each kernel consumes its
/// non-zeros in ascending order; each cycle the distinct bins requested by the kernels'
/// heads are served if there are at most r of them; otherwise the r most requested bins
/// (ties: lower bin) are served, the other kernels stall, and the cycle counts as one read
/// conflict.
struct InOrderResult {
    int cycles = 0;
    int conflict_cycles = 0;            ///< cycles with more than r distinct bins requested
    std::uint64_t stalled_requests = 0; ///< kernel-cycles spent waiting for a bin
};
InOrderResult simulate_in_order(const KernelBins& bins, int replicas);

/// An on-chip arbiter with a lookahead window, without an offline schedule: each cycle
/// every lane offers its first `window` non-zeros not yet consumed; the r bins offered by
/// the most lanes are read (ties: lower bin); each lane consumes the earliest offered
/// non-zero whose bin is read; a cycle in which an unfinished lane consumes nothing counts
/// as a read conflict. window = 1 is the in-order reader. Needs no index table.
InOrderResult simulate_online(const KernelBins& bins, int replicas, int window);

}  // namespace specsim::analytic
