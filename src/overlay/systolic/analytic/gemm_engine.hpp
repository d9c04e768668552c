// SPDX-License-Identifier: MIT
// Event-driven timing engine of one GEMM on a systolic array with SCALE-Sim v2's SRAM
// policy, plus a reference driver against an ideal fixed-bandwidth memory.
//
// Policy (SCALE-Sim v2 memory/read_buffer.py, write_buffer.py, double_buffered_scratchpad_mem.py):
//  * Read buffers (ifmap, filter): half active, half prefetch. The operand is a stream in
//    the order the array first needs it (anti-diagonals of the fold blocks, or row-major
//    for the ws filter / is ifmap), cut into lines of ceil(words/100) elements. The active
//    window covers ceil(half/line) lines; a demand outside it moves the window forward by
//    one prefetch block (wrapping round the stream if the operand is re-streamed), one
//    refill per move. Refills are fetched back to back: refill j starts when refill j-1 has
//    arrived, independent of when the array misses (ReadRefill::back_to_back, SCALE-Sim);
//    ReadRefill::on_swap instead waits until the array has moved onto block j-1, so no more
//    than one block is ever ahead (a physical double buffer).
//  * Ofmap buffer: words accumulate; when more than half the buffer holds words and no
//    drain is running, a drain of up to one half (in lines of `line_words`) starts and its
//    words count as free at once. While a drain runs, filling the whole buffer stalls the
//    array until the drain completes. A cycle's outputs are written when the array reaches
//    that cycle, before a read stall of the same cycle (SCALE-Sim services writes at the
//    un-stalled cycle).
//  * A cycle stalls for the longest of its ifmap, filter and ofmap waits.
// The engine counts only array cycles; the owner supplies time. See docs/systolic-timing.md.
#pragma once

#include "overlay/systolic/analytic/demand.hpp"
#include "overlay/systolic/analytic/fold_geometry.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace specsim::systolic {

enum class Operand { ifmap, filter, ofmap };
const char* to_string(Operand operand);

/// Total SRAM size per operand in words (both halves of the double buffer).
struct BufferWords {
    std::uint64_t ifmap = 0, filter = 0, ofmap = 0;
};

/// One transfer between an SRAM and the memory behind it; write = ofmap drain.
struct MemTransfer {
    Operand operand;
    std::uint64_t words;
    bool write;
};

/// When a read refill may start (see the file comment).
enum class ReadRefill { back_to_back, on_swap };

struct EngineOptions {
    /// Granularity of transfers in words (SCALE-Sim: its interface width B words/cycle):
    /// refills are rounded up to it and ofmap drains are cut into lines of it.
    std::uint64_t line_words = 1;
    ReadRefill refill = ReadRefill::back_to_back;
    /// false = SCALE-Sim's read windows; true = reads just behind the window are served and
    /// stationary blocks (ws filter, is ifmap) are fetched in order (detail::read_schedule).
    bool stationary_in_order = false;
};

class GemmEngine {
public:
    /// preload_first: the first active half of each read buffer is loaded before cycle 0 for
    /// free (SCALE-Sim); false: it is the first transfer of each read operand.
    /// Throws specsim::Error for a bad shape or a buffer smaller than two array edges of words.
    GemmEngine(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow, BufferWords buffers,
               bool preload_first);
    GemmEngine(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow, BufferWords buffers,
               bool preload_first, EngineOptions options);

    /// Next transfer the buffers want to start now, or nullopt; call until nullopt after every
    /// state change. At most one transfer per operand is in flight. At one instant, report
    /// the completions (transfer_done) first: the outputs of the cycle just reached are
    /// written here and must see a drain that ended at this instant as ended.
    std::optional<MemTransfer> next_transfer();
    /// The in-flight transfer of that operand completed (throws if there is none).
    void transfer_done(Operand operand);
    /// Array cycles runnable from now without missing data or ofmap space; 0 = blocked.
    std::uint64_t runnable_cycles() const;
    /// The array ran that many cycles (<= runnable_cycles(); throws otherwise). Split the run
    /// at the completion times of transfers in flight.
    void advance(std::uint64_t cycles);
    bool finished() const { return m_cycle == m_total_cycles; }
    bool drained() const;

    std::uint64_t array_cycles() const { return m_cycle; }
    std::uint64_t total_array_cycles() const { return m_total_cycles; }
    std::uint64_t dram_words(Operand operand) const { return m_words[index(operand)]; }
    std::uint64_t transfers(Operand operand) const { return m_transfers[index(operand)]; }
    const FoldGeometry& geometry() const { return m_geo; }

private:
    struct ReadSide {
        std::vector<detail::MissEntry> schedule;
        std::uint64_t blocks_total = 0;   // block 0 + refills
        std::uint64_t blocks_ready = 0;   // arrived (or preloaded)
        std::uint64_t blocks_issued = 0;
        std::uint64_t first_words = 0, refill_words = 0;
        std::size_t cur = 0;              // schedule entry in force at the current cycle
        bool in_flight = false;
    };
    struct WriteSide {
        std::int64_t size = 0, half = 0;  // words; half = drain size (floor), drain when held > half
        std::int64_t free = 0;            // SCALE-Sim's free-space counter (may go negative)
        std::uint64_t pos = 0;            // words written so far
        std::uint64_t lines = 0, fill = 0, drained_lines = 0;
        std::vector<std::pair<std::uint64_t, std::uint64_t>> partial;  // flushed short lines (index, fill)
        std::size_t partial_head = 0;
        bool in_flight = false, pending = false, stalled = false;
        std::uint64_t pending_words = 0;
    };
    static std::size_t index(Operand o) { return static_cast<std::size_t>(o); }
    std::uint64_t read_runnable(const ReadSide& side) const;
    std::uint64_t write_runnable() const;
    void settle_writes();                      // up to the outputs of the current cycle
    void settle_writes(std::uint64_t target);  // up to `target` words
    void add_words(std::uint64_t n);
    void start_drain();

    FoldGeometry m_geo;
    EngineOptions m_opt;
    std::uint64_t m_total_cycles = 0, m_cycle = 0;
    std::array<ReadSide, 2> m_read;
    WriteSide m_write;
    detail::OfmapProfile m_ofmap;
    std::array<std::uint64_t, 3> m_words{}, m_transfers{};
};

/// Reference driver result: cycles is a count (SCALE-Sim reports cycles - 1).
struct ReferenceResult {
    std::uint64_t cycles = 0, stall_cycles = 0;
    std::uint64_t dram_ifmap_words = 0, dram_filter_words = 0, dram_ofmap_words = 0;
};

/// Runs the engine against an ideal memory moving `words_per_cycle` words per cycle per
/// operand (SCALE-Sim's USER bandwidth B; each operand its own interface), with SCALE-Sim's
/// port timing: a read of w words takes ceil(w/B)+1 cycles (one cycle of port latency) and
/// the refill chain starts 2 cycles before cycle 0 (the end of the free preload); a drain of
/// w words occupies the write port for ceil(w/B)-1 cycles. words_per_cycle = 0: unlimited
/// (every transfer takes 0 cycles, SCALE-Sim's CALC mode: no stalls).
ReferenceResult run_reference(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow,
                              BufferWords buffers, std::uint64_t words_per_cycle);
ReferenceResult run_reference(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow,
                              BufferWords buffers, std::uint64_t words_per_cycle, EngineOptions options);

}  // namespace specsim::systolic
