// SPDX-License-Identifier: MIT
// GemmEngine: read-buffer block schedules and SCALE-Sim's ofmap write-buffer state machine,
// advanced in bulk between events; run_reference: the engine against an ideal memory.
#include "overlay/systolic/analytic/gemm_engine.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <limits>

namespace specsim::systolic {

namespace {

std::uint64_t round_up(std::uint64_t words, std::uint64_t line) { return (words + line - 1) / line * line; }

}  // namespace

const char* to_string(Operand operand) {
    switch (operand) {
        case Operand::ifmap: return "ifmap";
        case Operand::filter: return "filter";
        case Operand::ofmap: return "ofmap";
    }
    return "?";
}

GemmEngine::GemmEngine(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow, BufferWords buffers,
                       bool preload_first)
    : GemmEngine(gemm, array, dataflow, buffers, preload_first, EngineOptions{}) {}

GemmEngine::GemmEngine(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow, BufferWords buffers,
                       bool preload_first, EngineOptions options)
    : m_geo(fold_geometry(gemm, array, dataflow)), m_opt(options), m_ofmap(gemm, array, dataflow) {
    if (m_opt.line_words == 0) throw Error("systolic engine: line_words must be at least 1");
    m_total_cycles = m_geo.stall_free_cycles;
    const std::uint64_t read_size[2] = {buffers.ifmap, buffers.filter};
    for (int op = 0; op < 2; ++op) {
        const detail::ReadStream stream = detail::read_stream(gemm, array, dataflow, op == 0);
        // One array cycle reads at most one stream row of `width` words; both halves must hold one.
        const auto edge = static_cast<std::uint64_t>(stream.width);
        if (read_size[op] < 2 * edge)
            throw Error(std::string("systolic engine: ") + (op == 0 ? "ifmap" : "filter") + " SRAM of " +
                        std::to_string(read_size[op]) + " words is smaller than two array edges (" +
                        std::to_string(2 * edge) + " words for " + to_string(dataflow) + " on " +
                        std::to_string(array.rows) + "x" + std::to_string(array.cols) + ")");
        const detail::WindowParams wp = detail::window_params(read_size[op], stream.valid_elems());
        ReadSide& side = m_read[op];
        side.schedule = detail::read_schedule(stream, m_geo, array, wp, m_opt.stationary_in_order);
        side.blocks_total = side.schedule.back().blocks;
        side.first_words = std::min(round_up(wp.active_words, m_opt.line_words),
                                    round_up(static_cast<std::uint64_t>(stream.valid_elems()), m_opt.line_words));
        side.refill_words = round_up(wp.prefetch_words, m_opt.line_words);
        side.blocks_ready = side.blocks_issued = preload_first ? 1 : 0;
    }
    if (buffers.ofmap < 2 * std::uint64_t{array.cols})
        throw Error("systolic engine: ofmap SRAM of " + std::to_string(buffers.ofmap) +
                    " words is smaller than two array rows of outputs (" + std::to_string(2 * array.cols) +
                    " words on " + std::to_string(array.rows) + "x" + std::to_string(array.cols) + ")");
    m_write.size = static_cast<std::int64_t>(buffers.ofmap);
    m_write.half = m_write.size / 2;  // SCALE-Sim: drain half = total - ceil(total/2)
    m_write.free = m_write.size;
}

std::uint64_t GemmEngine::read_runnable(const ReadSide& side) const {
    if (side.blocks_ready < side.schedule[side.cur].blocks) return 0;
    // Blocks rise along the schedule: the first entry wanting more than has arrived blocks.
    const auto it = std::upper_bound(side.schedule.begin() + static_cast<std::ptrdiff_t>(side.cur) + 1,
                                     side.schedule.end(), side.blocks_ready,
                                     [](std::uint64_t b, const detail::MissEntry& e) { return b < e.blocks; });
    std::uint64_t stop = it == side.schedule.end() ? m_total_cycles : it->row;
    // on_swap: the cycle that moves the array onto block issued-1 lets the next refill start,
    // an event the owner must see at that cycle.
    const std::uint64_t next = side.blocks_issued;
    if (m_opt.refill == ReadRefill::on_swap && !side.in_flight && next < side.blocks_total && next > 1 &&
        side.schedule[side.cur].blocks < next) {
        const auto gate = std::lower_bound(side.schedule.begin() + static_cast<std::ptrdiff_t>(side.cur) + 1,
                                           side.schedule.end(), next,
                                           [](const detail::MissEntry& e, std::uint64_t b) { return e.blocks < b; });
        if (gate != side.schedule.end()) stop = std::min(stop, gate->row);
    }
    return stop - m_cycle;
}

std::uint64_t GemmEngine::write_runnable() const {
    const WriteSide& w = m_write;
    if (w.pending || w.stalled || w.pos < m_ofmap.cum(m_cycle + 1)) return 0;
    // The next word that starts a drain (idle) or fills the buffer (draining).
    const std::int64_t keep = w.size - w.half;
    const std::int64_t k = w.in_flight ? std::max<std::int64_t>(w.free, 1)
                                       : std::max<std::int64_t>(1, w.free - keep + 1);
    const std::uint64_t word = w.pos + static_cast<std::uint64_t>(k) - 1;
    if (word >= m_ofmap.total()) return m_total_cycles - m_cycle;
    return m_ofmap.row_of(word) - m_cycle;
}

std::uint64_t GemmEngine::runnable_cycles() const {
    if (finished()) return 0;
    return std::min({read_runnable(m_read[0]), read_runnable(m_read[1]), write_runnable()});
}

void GemmEngine::advance(std::uint64_t cycles) {
    if (cycles == 0) return;
    if (cycles > runnable_cycles())
        throw Error("systolic engine: advance(" + std::to_string(cycles) + ") beyond the " +
                    std::to_string(runnable_cycles()) + " runnable cycles");
    m_cycle += cycles;
    for (ReadSide& side : m_read)
        while (side.cur + 1 < side.schedule.size() && side.schedule[side.cur + 1].row <= m_cycle) ++side.cur;
    // Outputs of the cycles run are written now (they precede any completion at this
    // instant); those of the new cycle at the next next_transfer(), after the owner has
    // reported the transfers that completed at this instant.
    settle_writes(m_ofmap.cum(m_cycle));
}

void GemmEngine::add_words(std::uint64_t n) {
    WriteSide& w = m_write;
    w.pos += n;
    w.free -= static_cast<std::int64_t>(n);
    w.fill += n;
    w.lines += w.fill / m_opt.line_words;
    w.fill %= m_opt.line_words;
}

void GemmEngine::start_drain() {
    WriteSide& w = m_write;
    const std::uint64_t lw = m_opt.line_words;
    if (w.fill > 0) {  // SCALE-Sim flushes the open line, padded, before every drain
        w.partial.emplace_back(w.lines, w.fill);
        ++w.lines;
        w.fill = 0;
    }
    const std::uint64_t take = std::max<std::uint64_t>(1, (static_cast<std::uint64_t>(w.half) + lw - 1) / lw);
    const std::uint64_t end = std::min(w.drained_lines + take, w.lines);
    if (end == w.drained_lines) return;
    std::uint64_t words = (end - w.drained_lines) * lw;
    // Only the padding of the drain's last line is discounted (SCALE-Sim counts padding of
    // earlier short lines as data; with line_words = 1 there is none).
    for (; w.partial_head < w.partial.size() && w.partial[w.partial_head].first < end; ++w.partial_head)
        if (w.partial[w.partial_head].first == end - 1) words -= lw - w.partial[w.partial_head].second;
    w.free += static_cast<std::int64_t>(words);
    w.drained_lines = end;
    w.pending = true;
    w.pending_words = words;
}

void GemmEngine::settle_writes() { settle_writes(finished() ? m_ofmap.total() : m_ofmap.cum(m_cycle + 1)); }

void GemmEngine::settle_writes(std::uint64_t target) {
    WriteSide& w = m_write;
    const std::int64_t keep = w.size - w.half;
    while (!w.pending && !w.stalled && w.pos < target) {
        const std::uint64_t n = target - w.pos;
        if (w.in_flight) {
            const auto k = static_cast<std::uint64_t>(std::max<std::int64_t>(w.free, 1));
            if (k > n) { add_words(n); break; }
            add_words(k);
            w.stalled = true;  // buffer full while draining: wait for the drain
        } else {
            const auto k = static_cast<std::uint64_t>(std::max<std::int64_t>(1, w.free - keep + 1));
            if (k > n) { add_words(n); break; }
            add_words(k);
            start_drain();
        }
    }
    // After the last cycle everything left is drained, half a buffer at a time.
    if (finished() && w.pos == m_ofmap.total() && !w.pending && !w.in_flight &&
        (w.fill > 0 || w.drained_lines < w.lines))
        start_drain();
}

std::optional<MemTransfer> GemmEngine::next_transfer() {
    settle_writes();
    if (m_write.pending) {
        m_write.pending = false;
        m_write.in_flight = true;
        m_words[2] += m_write.pending_words;
        ++m_transfers[2];
        return MemTransfer{Operand::ofmap, m_write.pending_words, true};
    }
    for (std::size_t op = 0; op < 2; ++op) {
        ReadSide& side = m_read[op];
        if (side.in_flight || side.blocks_issued >= side.blocks_total) continue;
        const std::uint64_t block = side.blocks_issued;
        if (m_opt.refill == ReadRefill::on_swap && block > 1 && side.schedule[side.cur].blocks < block) continue;
        const std::uint64_t words = block == 0 ? side.first_words : side.refill_words;
        side.in_flight = true;
        ++side.blocks_issued;
        m_words[op] += words;
        ++m_transfers[op];
        return MemTransfer{op == 0 ? Operand::ifmap : Operand::filter, words, false};
    }
    return std::nullopt;
}

void GemmEngine::transfer_done(Operand operand) {
    if (operand == Operand::ofmap) {
        if (!m_write.in_flight) throw Error("systolic engine: transfer_done(ofmap) with no drain in flight");
        m_write.in_flight = false;
        m_write.stalled = false;
        return;
    }
    ReadSide& side = m_read[index(operand)];
    if (!side.in_flight)
        throw Error(std::string("systolic engine: transfer_done(") + to_string(operand) + ") with no refill in flight");
    side.in_flight = false;
    ++side.blocks_ready;
}

bool GemmEngine::drained() const {
    const WriteSide& w = m_write;
    return finished() && w.pos == m_ofmap.total() && !w.pending && !w.in_flight && w.fill == 0 &&
           w.drained_lines == w.lines;
}

ReferenceResult run_reference(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow,
                              BufferWords buffers, std::uint64_t words_per_cycle) {
    EngineOptions opt;
    opt.line_words = std::max<std::uint64_t>(words_per_cycle, 1);
    return run_reference(gemm, array, dataflow, buffers, words_per_cycle, opt);
}

ReferenceResult run_reference(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow,
                              BufferWords buffers, std::uint64_t words_per_cycle, EngineOptions options) {
    GemmEngine eng(gemm, array, dataflow, buffers, true, options);
    const auto bw = static_cast<std::int64_t>(words_per_cycle);
    constexpr std::int64_t idle = std::numeric_limits<std::int64_t>::max();
    std::array<std::int64_t, 3> done_at{idle, idle, idle};
    auto duration = [&](const MemTransfer& t) -> std::int64_t {
        if (bw == 0) return 0;
        const std::int64_t lines = (static_cast<std::int64_t>(t.words) + bw - 1) / bw;
        return t.write ? std::max<std::int64_t>(lines - 1, 0) : lines + 1;
    };
    std::int64_t now = bw == 0 ? 0 : -2;  // SCALE-Sim's refill chain starts as the preload ends
    std::int64_t finish = -1;
    for (;;) {
        while (auto t = eng.next_transfer()) {
            const std::int64_t d = duration(*t);
            if (d == 0) eng.transfer_done(t->operand);
            else done_at[static_cast<std::size_t>(t->operand)] = now + d;
        }
        if (eng.finished() && finish < 0) finish = now;
        const std::int64_t next = *std::min_element(done_at.begin(), done_at.end());
        if (eng.drained() && next == idle) break;
        if (now < 0) {
            now = std::min<std::int64_t>(0, next);
        } else if (!eng.finished() && eng.runnable_cycles() > 0) {
            std::int64_t step = static_cast<std::int64_t>(eng.runnable_cycles());
            if (next != idle) step = std::min(step, next - now);
            eng.advance(static_cast<std::uint64_t>(step));
            now += step;
        } else {
            if (next == idle) throw Error("systolic reference: engine blocked with no transfer in flight");
            now = next;
        }
        for (std::size_t op = 0; op < 3; ++op)
            if (done_at[op] == now) {
                done_at[op] = idle;
                eng.transfer_done(static_cast<Operand>(op));
            }
    }
    ReferenceResult r;
    r.cycles = static_cast<std::uint64_t>(finish);
    r.stall_cycles = r.cycles - eng.total_array_cycles();
    r.dram_ifmap_words = eng.dram_words(Operand::ifmap);
    r.dram_filter_words = eng.dram_words(Operand::filter);
    r.dram_ofmap_words = eng.dram_words(Operand::ofmap);
    return r;
}

}  // namespace specsim::systolic
