// SPDX-License-Identifier: MIT
// Demand model of the systolic GEMM (SCALE-Sim v2 compute/systolic_compute_{os,ws,is}.py and
// memory/read_buffer.py): stream positions by closed form, the read window replayed only at
// rows that can miss (binary search within a fold), ofmap counts per cycle by band sums.
#include "overlay/systolic/analytic/demand.hpp"

#include <algorithm>
#include <tuple>

namespace specsim::systolic::detail {

std::int64_t tri(std::int64_t w, std::int64_t x) {
    const std::int64_t n = std::clamp<std::int64_t>(x, 0, w);
    return n * x - n * (n - 1) / 2;
}

std::int64_t band_prefix(std::int64_t w, std::int64_t lo, std::int64_t hi, std::int64_t i) {
    return tri(w, i - lo) - tri(w, i - hi);
}

namespace {

/// (g, c) lattice points of an h x w rectangle with g + c < d.
std::int64_t lattice(std::int64_t d, std::int64_t h, std::int64_t w) { return tri(w, d) - tri(w, d - h); }

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

}  // namespace

std::int64_t ReadStream::position(std::int64_t g, std::int64_t c) const {
    const std::int64_t h = groups * tl, g0 = (groups - 1) * tl, wl = last_width;
    const std::int64_t d = g + c;
    // Valid elements on earlier diagonals: the full rectangle minus the unused columns of the last block.
    const std::int64_t before = lattice(d, h, width) - lattice(d - g0 - wl, h - g0, width - wl);
    // Valid elements earlier on diagonal d (larger row, smaller column).
    const std::int64_t cmin = std::max<std::int64_t>(0, d - h + 1);
    const std::int64_t invalid = std::max<std::int64_t>(0, std::min(c, d - g0 + 1) - std::max(cmin, wl));
    return before + (c - cmin) - invalid;
}

ReadStream read_stream(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow, bool ifmap) {
    const FoldGeometry f = fold_geometry(gemm, array, dataflow);
    const auto rf = static_cast<std::int64_t>(f.row_folds), cf = static_cast<std::int64_t>(f.col_folds);
    const std::int64_t r = array.rows, c = array.cols;
    const auto m = static_cast<std::int64_t>(gemm.m), n = static_cast<std::int64_t>(gemm.n),
               k = static_cast<std::int64_t>(gemm.k);
    ReadStream s;
    auto diag = [&](std::int64_t groups, std::int64_t tl, std::int64_t width, std::int64_t spread, bool by_col,
                    std::int64_t offset) {
        s.diagonal = true;
        s.groups = groups, s.tl = tl, s.width = width, s.last_width = spread - (groups - 1) * width;
        s.group_is_col_fold = by_col, s.offset = offset;
    };
    auto rowmajor = [&](std::int64_t spread) {  // blocks of K rows x C columns, one per column fold
        s.diagonal = false;
        s.groups = cf, s.tl = k, s.width = c, s.last_width = spread - (cf - 1) * c;
        s.group_is_col_fold = true, s.offset = 0;
    };
    switch (dataflow) {
        case Dataflow::os:
            if (ifmap) diag(rf, k, r, m, false, 0);
            else diag(cf, k, c, n, true, 0);
            break;
        case Dataflow::ws:  // the ifmap enters after the R cycles of weight load
            if (ifmap) diag(rf, m, r, k, false, r);
            else rowmajor(n);
            break;
        case Dataflow::is:
            if (ifmap) rowmajor(m);
            else diag(rf, n, r, k, false, r);
            break;
    }
    return s;
}

WindowParams window_params(std::uint64_t buffer_words, std::int64_t valid_elems) {
    WindowParams w;
    const auto total = static_cast<std::int64_t>(buffer_words);
    w.active_words = (buffer_words + 1) / 2;  // ceil(total * 0.5)
    w.prefetch_words = buffer_words - w.active_words;
    w.eps = ceil_div(total, 100);
    w.lines = valid_elems / w.eps + 1;  // SCALE-Sim always closes a (possibly empty) last line
    w.active = std::min(ceil_div(static_cast<std::int64_t>(w.active_words), w.eps), w.lines);
    w.prefetch = std::min(ceil_div(static_cast<std::int64_t>(w.prefetch_words), w.eps), w.lines - w.active);
    return w;
}

namespace {

/// The circular window of lines [start, start + active) and the misses it takes.
class Window {
public:
    /// in_order: a read of the lines just behind the window (at most one prefetch block) is
    /// served, not a miss; SCALE-Sim's window would move round the whole circular stream.
    Window(const WindowParams& p, bool in_order) : m_p(p), m_in_order(in_order) {}
    bool fits_all() const { return m_p.active >= m_p.lines; }
    std::int64_t offset(std::int64_t line) const { return ((line - m_start) % m_p.lines + m_p.lines) % m_p.lines; }
    std::int64_t line(std::int64_t pos) const { return pos / m_p.eps; }
    /// The array reads stream positions [p0, p1] in increasing order.
    void touch(std::int64_t p0, std::int64_t p1) {
        const std::int64_t l0 = line(p0), l1 = line(p1);
        if (offset(l0) + (l1 - l0) < m_p.active) return;  // fast path: all inside
        for (std::int64_t l = l0; l <= l1;) {
            if (m_in_order && offset(l) >= m_p.active && m_refills > 0 && behind(l) <= m_p.prefetch) {
                ++l;
                continue;
            }
            while (offset(l) >= m_p.active) {  // one refill per step; may wrap round the stream
                m_start = (m_start + m_p.prefetch) % m_p.lines;
                ++m_refills;
            }
            l += m_p.active - offset(l);
        }
    }
    /// First line after `last` (inside the window) that is not in the window, unwrapped.
    std::int64_t limit_after(std::int64_t last) const { return last + (m_p.active - offset(last)); }
    std::int64_t lines() const { return m_p.lines; }
    std::uint64_t refills() const { return m_refills; }

private:
    /// Lines from `line` (outside the window) up to the window's start. The previous window
    /// started one prefetch block before this one and is at least as long, so after a
    /// refill a line at most `prefetch` behind was in it: fetched, still held.
    std::int64_t behind(std::int64_t line) const { return ((m_start - line) % m_p.lines + m_p.lines) % m_p.lines; }

    WindowParams m_p;
    bool m_in_order = false;
    std::int64_t m_start = 0;
    std::uint64_t m_refills = 0;
};

}  // namespace

std::vector<MissEntry> read_schedule(const ReadStream& s, const FoldGeometry& geo, ArrayShape array,
                                     const WindowParams& params, bool in_order) {
    std::vector<MissEntry> out{{0, 1}};  // block 0 from the first cycle on
    Window win(params, in_order);
    if (win.fits_all()) return out;
    const auto fold_len = static_cast<std::int64_t>(geo.fold_cycles);
    const std::int64_t r = array.rows;
    auto record = [&](std::int64_t row) {
        if (win.refills() + 1 <= out.back().blocks) return;
        if (out.back().row == static_cast<std::uint64_t>(row)) out.back().blocks = win.refills() + 1;
        else out.push_back({static_cast<std::uint64_t>(row), win.refills() + 1});
    };
    for (std::uint64_t fold = 0; fold < geo.folds; ++fold) {
        const auto fc = static_cast<std::int64_t>(fold / geo.row_folds),
                   fr = static_cast<std::int64_t>(fold % geo.row_folds);
        const std::int64_t group = s.group_is_col_fold ? fc : fr;
        const std::int64_t wg = s.width_of(group);
        const std::int64_t base_row = static_cast<std::int64_t>(fold) * fold_len;
        if (!s.diagonal) {
            // Row-major block, its rows read bottom-up in the first R cycles of the fold.
            const std::int64_t base = group * s.tl * s.width;
            if (in_order) {  // the fold's rows [fr·r, min(tl, fr·r + r)) as one ascending range
                const std::int64_t k0 = fr * r, k1 = std::min(s.tl, fr * r + r);
                if (k0 < k1) {
                    win.touch(base + k0 * wg, base + k1 * wg - 1);
                    record(base_row);
                }
                continue;
            }
            for (std::int64_t i = 0; i < r; ++i) {
                const std::int64_t k = fr * r + r - 1 - i;
                if (k >= s.tl) continue;
                win.touch(base + k * wg, base + k * wg + wg - 1);
                record(base_row + i);
            }
            continue;
        }
        // Diagonal stream: cycle i reads the fold's part of diagonal group*tl + i - offset,
        // columns [max(0, u - tl + 1), min(wg - 1, u)] with u = i - offset.
        auto range = [&](std::int64_t i) {
            const std::int64_t u = i - s.offset, d = group * s.tl + u;
            const std::int64_t c0 = std::max<std::int64_t>(0, u - s.tl + 1), c1 = std::min(wg - 1, u);
            return std::pair<std::int64_t, std::int64_t>{s.position(d - c0, c0), s.position(d - c1, c1)};
        };
        const std::int64_t i_lo = s.offset, i_hi = s.offset + s.tl + wg - 2;
        std::int64_t i = i_lo;
        auto [p0, p1] = range(i);
        win.touch(p0, p1);
        record(base_row + i);
        std::int64_t last = win.line(p1);
        while (i < i_hi) {
            const std::int64_t lim = win.limit_after(last);
            if (lim >= win.lines()) break;  // the rest of the fold lies inside the window
            // Positions rise with i: binary-search the first cycle reaching line `lim`.
            std::int64_t lo = i + 1, hi = i_hi + 1;
            while (lo < hi) {
                const std::int64_t mid = lo + (hi - lo) / 2;
                if (win.line(range(mid).second) >= lim) hi = mid;
                else lo = mid + 1;
            }
            if (lo > i_hi) break;
            i = lo;
            std::tie(p0, p1) = range(i);
            win.touch(p0, p1);
            record(base_row + i);
            last = win.line(p1);
        }
    }
    return out;
}

OfmapProfile::OfmapProfile(const numerics::GemmDims& gemm, ArrayShape array, Dataflow dataflow)
    : m_dataflow(dataflow) {
    const FoldGeometry f = fold_geometry(gemm, array, dataflow);
    m_folds = f.folds, m_fold_len = f.fold_cycles, m_row_folds = f.row_folds;
    m_r = array.rows, m_c = array.cols;
    m_t = static_cast<std::int64_t>(f.streamed);
    m_sr = static_cast<std::int64_t>(f.spread_rows), m_sc = static_cast<std::int64_t>(f.spread_cols);
    m_fold_prefix.assign(m_folds + 1, 0);
    for (std::uint64_t fold = 0; fold < m_folds; ++fold) {
        const Band b = band(fold);
        m_fold_prefix[fold + 1] = m_fold_prefix[fold] + static_cast<std::uint64_t>((b.hi - b.lo) * b.w);
    }
}

OfmapProfile::Band OfmapProfile::band(std::uint64_t fold) const {
    const auto fc = static_cast<std::int64_t>(fold / m_row_folds), fr = static_cast<std::int64_t>(fold % m_row_folds);
    const std::int64_t wc = std::min(m_c, m_sc - fc * m_c);
    if (m_dataflow == Dataflow::os) {
        // T-1 idle cycles, then the R x C result block leaves bottom row first, skewed by column.
        const std::int64_t wr = std::min(m_r, m_sr - fr * m_r);
        return {wc, m_t - 1 + m_r - wr, m_t - 1 + m_r};
    }
    // ws/is: 2R-1 cycles of load and skew, then T outputs per column, skewed by column.
    return {wc, 2 * m_r - 1, 2 * m_r - 1 + m_t};
}

std::uint64_t OfmapProfile::cum(std::uint64_t row) const {
    const std::uint64_t fold = row / m_fold_len;
    if (fold >= m_folds) return total();
    const Band b = band(fold);
    return m_fold_prefix[fold] +
           static_cast<std::uint64_t>(band_prefix(b.w, b.lo, b.hi, static_cast<std::int64_t>(row % m_fold_len)));
}

std::uint64_t OfmapProfile::row_of(std::uint64_t word) const {
    const auto it = std::upper_bound(m_fold_prefix.begin(), m_fold_prefix.end(), word);
    const auto fold = static_cast<std::uint64_t>(it - m_fold_prefix.begin()) - 1;
    const Band b = band(fold);
    const auto target = static_cast<std::int64_t>(word - m_fold_prefix[fold]);
    // Smallest local cycle i with band_prefix(i + 1) > target.
    std::int64_t lo = 0, hi = static_cast<std::int64_t>(m_fold_len) - 1;
    while (lo < hi) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        if (band_prefix(b.w, b.lo, b.hi, mid + 1) > target) hi = mid;
        else lo = mid + 1;
    }
    return fold * m_fold_len + static_cast<std::uint64_t>(lo);
}

}  // namespace specsim::systolic::detail
