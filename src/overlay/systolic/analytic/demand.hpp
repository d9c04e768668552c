// SPDX-License-Identifier: MIT
// Internal: where and when the array demands each operand, in SCALE-Sim v2's order. The read
// operands become a schedule of "from array cycle r on, b prefetch blocks must have arrived";
// the ofmap becomes a cumulative word count per cycle. Both are closed forms per fold (no
// per-element work); see docs/systolic-timing.md.
#pragma once

#include "overlay/systolic/analytic/fold_geometry.hpp"

#include <cstdint>
#include <vector>

namespace specsim::systolic::detail {

/// sum over c in [0, w) of max(0, x - c).
std::int64_t tri(std::int64_t w, std::int64_t x);
/// Number of (j, c) with 0 <= j < i, 0 <= c < w and lo <= j - c < hi: the elements a
/// skewed band of columns puts in array cycles [0, i).
std::int64_t band_prefix(std::int64_t w, std::int64_t lo, std::int64_t hi, std::int64_t i);

/// One read operand as SCALE-Sim's prefetch buffer streams it: `groups` blocks of `tl` rows
/// by `width` columns (the last block only `last_width` columns used), enumerated either
/// along anti-diagonals (row descending within one) or row-major; padding is skipped.
struct ReadStream {
    bool diagonal = true;
    std::int64_t groups = 1, tl = 1, width = 1, last_width = 1;
    bool group_is_col_fold = false;  ///< the fold's column index (else row index) picks the block
    std::int64_t offset = 0;         ///< diagonal streams: cycle i of a fold reads diagonal i - offset
    std::int64_t width_of(std::int64_t group) const { return group + 1 == groups ? last_width : width; }
    std::int64_t valid_elems() const { return (groups - 1) * tl * width + tl * last_width; }
    std::int64_t position(std::int64_t g, std::int64_t c) const;  ///< diagonal: global row g, column c
};
ReadStream read_stream(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow, bool ifmap);

/// SCALE-Sim's hashed read buffer: the stream is cut into lines of `eps` = ceil(words/100)
/// elements; the active window holds `active` lines, each miss moves it by `prefetch` lines.
struct WindowParams {
    std::int64_t eps = 1, lines = 1, active = 1, prefetch = 0;
    std::uint64_t active_words = 0, prefetch_words = 0;
};
WindowParams window_params(std::uint64_t buffer_words, std::int64_t valid_elems);

/// From array cycle `row` on, `blocks` prefetch blocks (block 0 = the initial active fill)
/// must have arrived. Rows strictly increase, blocks strictly increase.
struct MissEntry {
    std::uint64_t row;
    std::uint64_t blocks;
};
/// `in_order` (EngineOptions::stationary_in_order) changes two things, for every stream:
///  * a read of a line at most one prefetch block behind the window is served, not a miss
///    (SCALE-Sim's window would move round the whole circular stream to reach it: a full
///    re-stream). Such reads are the first diagonals of a fold, interleaved with the last
///    ones of the previous fold; the refill that will overwrite those slots writes the
///    oldest line first, so the lines just behind are the last to go.
///  * row-major streams (the ws filter, the is ifmap): each fold's block is touched once, in
///    stream order, at the fold's first cycle, instead of row by row last row first.
std::vector<MissEntry> read_schedule(const ReadStream& stream, const FoldGeometry& geo, ArrayShape array,
                                     const WindowParams& window, bool in_order = false);

/// Ofmap words the array writes, cumulated over array cycles.
class OfmapProfile {
public:
    OfmapProfile(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow);
    std::uint64_t total() const { return m_fold_prefix.back(); }
    std::uint64_t rows() const { return m_folds * m_fold_len; }
    std::uint64_t cum(std::uint64_t row) const;        ///< words written in cycles [0, row)
    std::uint64_t row_of(std::uint64_t word) const;    ///< cycle writing the 0-based word index

private:
    struct Band { std::int64_t w, lo, hi; };
    Band band(std::uint64_t fold) const;
    std::uint64_t m_folds = 0, m_fold_len = 0, m_row_folds = 1;
    Dataflow m_dataflow;
    std::int64_t m_r = 0, m_c = 0, m_t = 0, m_sr = 0, m_sc = 0;
    std::vector<std::uint64_t> m_fold_prefix;
};

}  // namespace specsim::systolic::detail
