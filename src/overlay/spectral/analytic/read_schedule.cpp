// SPDX-License-Identifier: MIT
// Read schedules for the sparse-kernel reader: lower bound, dense broadcast schedule,
// checker, naive in-order reader, and helpers shared with the greedy scheduler
// (schedule_greedy.cpp) and the local search (schedule_search.cpp).
#include "overlay/spectral/analytic/read_schedule.hpp"

#include <algorithm>
#include <cstddef>
#include <string>

#include "overlay/spectral/analytic/schedule_internal.hpp"
#include "util/error.hpp"

namespace specsim::analytic {
namespace detail {

void check_replicas(int replicas, const char* who)
{
    if (replicas < 1 || replicas > 127)
        throw Error(std::string(who) + ": replicas must be in [1, 127], got " + std::to_string(replicas));
}

// Validates lanes (ascending, distinct, non-negative bins) and returns 1 + the largest bin.
int bin_span(const KernelBins& bins, const char* who)
{
    int span = 0;
    for (std::size_t k = 0; k < bins.size(); ++k) {
        const auto& b = bins[k];
        for (std::size_t e = 0; e < b.size(); ++e) {
            if (b[e] < 0 || b[e] > 32767 || (e > 0 && b[e] <= b[e - 1]))
                throw Error(std::string(who) + ": kernel " + std::to_string(k) +
                            " bins must be ascending, distinct and in [0, 32767]");
            span = std::max(span, b[e] + 1);
        }
    }
    return span;
}

ReadSchedule empty_schedule(int kernels, int replicas, int cycles)
{
    ReadSchedule s;
    s.kernels = kernels;
    s.replicas = replicas;
    s.cycles = cycles;
    s.addr.assign(idx(cycles, 0, replicas), -1);
    s.sel.assign(idx(cycles, 0, kernels), -1);
    s.entry.assign(idx(cycles, 0, kernels), -1);
    return s;
}

ReadSchedule MatchState::to_schedule(const KernelBins& bins, int replicas) const
{
    const int kernels = static_cast<int>(bins.size());
    std::vector<int> keep;
    for (int t = 0; t < static_cast<int>(sets.size()); ++t)
        for (int k = 0; k < kernels; ++k)
            if (owner[static_cast<std::size_t>(k)][static_cast<std::size_t>(t)] >= 0) {
                keep.push_back(t);
                break;
            }
    ReadSchedule s = empty_schedule(kernels, replicas, static_cast<int>(keep.size()));
    for (int row = 0; row < s.cycles; ++row) {
        const int t = keep[static_cast<std::size_t>(row)];
        std::vector<int> set = sets[static_cast<std::size_t>(t)];
        std::sort(set.begin(), set.end());
        set.erase(std::unique(set.begin(), set.end()), set.end());
        for (std::size_t j = 0; j < set.size(); ++j) s.addr[idx(row, static_cast<int>(j), replicas)] = static_cast<std::int16_t>(set[j]);
        for (int k = 0; k < kernels; ++k) {
            const int e = owner[static_cast<std::size_t>(k)][static_cast<std::size_t>(t)];
            if (e < 0) continue;
            const int bin = bins[static_cast<std::size_t>(k)][static_cast<std::size_t>(e)];
            const auto j = std::lower_bound(set.begin(), set.end(), bin) - set.begin();
            s.sel[idx(row, k, kernels)] = static_cast<std::int8_t>(j);
            s.entry[idx(row, k, kernels)] = static_cast<std::int16_t>(e);
        }
    }
    return s;
}

}  // namespace detail

using detail::bin_span;
using detail::check_replicas;
using detail::empty_schedule;
using detail::idx;

std::uint64_t ReadSchedule::bubbles() const
{
    std::uint64_t b = 0;
    for (const auto e : entry) b += e < 0 ? 1 : 0;
    return b;
}

int schedule_lower_bound(const KernelBins& bins, int replicas)
{
    check_replicas(replicas, "schedule_lower_bound");
    const int span = bin_span(bins, "schedule_lower_bound");
    std::vector<char> used(static_cast<std::size_t>(span), 0);
    int max_nnz = 0, distinct = 0;
    for (const auto& b : bins) {
        max_nnz = std::max(max_nnz, static_cast<int>(b.size()));
        for (const int x : b) {
            if (!used[static_cast<std::size_t>(x)]) ++distinct;
            used[static_cast<std::size_t>(x)] = 1;
        }
    }
    return std::max(max_nnz, (distinct + replicas - 1) / replicas);
}

ReadSchedule schedule_dense(int kernels, int fft_bins, int replicas)
{
    check_replicas(replicas, "schedule_dense");
    if (kernels < 0 || fft_bins < 0 || fft_bins > 32768)
        throw Error("schedule_dense: kernels and bins must be >= 0 (bins <= 32768)");
    ReadSchedule s = empty_schedule(kernels, replicas, fft_bins);
    for (int t = 0; t < fft_bins; ++t) {
        s.addr[idx(t, 0, replicas)] = static_cast<std::int16_t>(t);
        for (int k = 0; k < kernels; ++k) {
            s.sel[idx(t, k, kernels)] = 0;
            s.entry[idx(t, k, kernels)] = static_cast<std::int16_t>(t);
        }
    }
    return s;
}

void check_schedule(const ReadSchedule& s, const KernelBins& bins)
{
    check_schedule(s, bins, s.replicas);
}

void check_schedule(const ReadSchedule& s, const KernelBins& bins, int replicas)
{
    const std::string pre = "read schedule: ";
    if (s.kernels != static_cast<int>(bins.size()))
        throw Error(pre + "has " + std::to_string(s.kernels) + " kernel lanes, the kernels have " +
                    std::to_string(bins.size()));
    if (s.replicas < 1 || s.replicas > 127 || s.cycles < 0)
        throw Error(pre + "bad shape (replicas " + std::to_string(s.replicas) + ", cycles " +
                    std::to_string(s.cycles) + ")");
    if (s.addr.size() != idx(s.cycles, 0, s.replicas) || s.sel.size() != idx(s.cycles, 0, s.kernels) ||
        s.entry.size() != idx(s.cycles, 0, s.kernels))
        throw Error(pre + "table sizes do not match " + std::to_string(s.cycles) + " cycles");
    std::vector<std::vector<int>> seen(bins.size());  // cycle + 1 that consumed each entry
    for (std::size_t k = 0; k < bins.size(); ++k) seen[k].assign(bins[k].size(), 0);
    std::vector<int> distinct;
    for (int t = 0; t < s.cycles; ++t) {
        const std::string at = pre + "cycle " + std::to_string(t) + ", ";
        distinct.clear();
        for (int j = 0; j < s.replicas; ++j) {
            const int a = s.addr_at(t, j);
            if (a < -1) throw Error(at + "replica " + std::to_string(j) + " has address " + std::to_string(a));
            if (a >= 0 && std::find(distinct.begin(), distinct.end(), a) == distinct.end()) distinct.push_back(a);
        }
        if (static_cast<int>(distinct.size()) > replicas)
            throw Error(at + "reads " + std::to_string(distinct.size()) + " distinct bins, more than r = " +
                        std::to_string(replicas));
        for (int k = 0; k < s.kernels; ++k) {
            const std::string kat = at + "kernel " + std::to_string(k) + ": ";
            const int j = s.sel_at(t, k), e = s.entry_at(t, k);
            if (j < 0 && e < 0) continue;  // bubble
            const auto& bk = bins[static_cast<std::size_t>(k)];
            if (j < 0 || e < 0)
                throw Error(kat + "select " + std::to_string(j) + " and entry " + std::to_string(e) +
                            " disagree about a bubble");
            if (e >= static_cast<int>(bk.size()))
                throw Error(kat + "entry " + std::to_string(e) + " out of range (" + std::to_string(bk.size()) +
                            " non-zeros)");
            const int bin = bk[static_cast<std::size_t>(e)];
            if (j >= s.replicas)
                throw Error(kat + "bin " + std::to_string(bin) + ": select " + std::to_string(j) +
                            " names no replica");
            if (s.addr_at(t, j) != bin)
                throw Error(kat + "consumes bin " + std::to_string(bin) + " through replica " + std::to_string(j) +
                            ", which reads " +
                            (s.addr_at(t, j) < 0 ? std::string("nothing") : "bin " + std::to_string(s.addr_at(t, j))));
            int& first = seen[static_cast<std::size_t>(k)][static_cast<std::size_t>(e)];
            if (first)
                throw Error(kat + "bin " + std::to_string(bin) + " already consumed in cycle " +
                            std::to_string(first - 1));
            first = t + 1;
        }
    }
    for (std::size_t k = 0; k < bins.size(); ++k)
        for (std::size_t e = 0; e < bins[k].size(); ++e)
            if (!seen[k][e])
                throw Error(pre + "kernel " + std::to_string(k) + ": bin " + std::to_string(bins[k][e]) +
                            " (entry " + std::to_string(e) + ") is never consumed");
}

InOrderResult simulate_in_order(const KernelBins& bins, int replicas)
{
    check_replicas(replicas, "simulate_in_order");
    const int span = bin_span(bins, "simulate_in_order");
    InOrderResult res;
    std::vector<std::size_t> head(bins.size(), 0);
    std::vector<int> demand(static_cast<std::size_t>(span), 0);
    std::vector<int> requested;
    std::size_t left = 0;
    for (const auto& b : bins) left += b.size();
    while (left > 0) {
        ++res.cycles;
        requested.clear();
        for (std::size_t k = 0; k < bins.size(); ++k)
            if (head[k] < bins[k].size() && demand[static_cast<std::size_t>(bins[k][head[k]])]++ == 0)
                requested.push_back(bins[k][head[k]]);
        if (static_cast<int>(requested.size()) > replicas) {
            ++res.conflict_cycles;
            std::sort(requested.begin(), requested.end(), [&](int a, int b) {
                const int da = demand[static_cast<std::size_t>(a)], db = demand[static_cast<std::size_t>(b)];
                return da != db ? da > db : a < b;
            });
            for (std::size_t i = static_cast<std::size_t>(replicas); i < requested.size(); ++i)
                demand[static_cast<std::size_t>(requested[i])] = 0;  // not read this cycle
        }
        for (std::size_t k = 0; k < bins.size(); ++k) {
            if (head[k] >= bins[k].size()) continue;
            if (demand[static_cast<std::size_t>(bins[k][head[k]])] == 0) {
                ++res.stalled_requests;
                continue;
            }
            ++head[k];
            --left;
        }
        for (const int b : requested) demand[static_cast<std::size_t>(b)] = 0;
    }
    return res;
}

InOrderResult simulate_online(const KernelBins& bins, int replicas, int window)
{
    check_replicas(replicas, "simulate_online");
    if (window < 1) throw Error("simulate_online: window must be at least 1, got " + std::to_string(window));
    const int span = bin_span(bins, "simulate_online");
    InOrderResult res;
    // Per lane, the entries not yet consumed, in order; the window is its first `window`.
    std::vector<std::vector<int>> pending(bins.size());
    std::size_t left = 0;
    for (std::size_t k = 0; k < bins.size(); ++k) {
        for (std::size_t e = 0; e < bins[k].size(); ++e) pending[k].push_back(static_cast<int>(e));
        left += bins[k].size();
    }
    std::vector<int> offers(static_cast<std::size_t>(span), 0);
    std::vector<char> read(static_cast<std::size_t>(span), 0);
    std::vector<int> offered;
    while (left > 0) {
        ++res.cycles;
        offered.clear();
        for (std::size_t k = 0; k < bins.size(); ++k) {
            const std::size_t w = std::min(pending[k].size(), static_cast<std::size_t>(window));
            for (std::size_t i = 0; i < w; ++i) {
                const int b = bins[k][static_cast<std::size_t>(pending[k][i])];
                if (offers[static_cast<std::size_t>(b)]++ == 0) offered.push_back(b);
            }
        }
        // The r bins offered by the most lanes (ties: lower bin) are read.
        std::sort(offered.begin(), offered.end(), [&](int a, int b) {
            const int oa = offers[static_cast<std::size_t>(a)], ob = offers[static_cast<std::size_t>(b)];
            return oa != ob ? oa > ob : a < b;
        });
        for (std::size_t i = 0; i < offered.size() && i < static_cast<std::size_t>(replicas); ++i)
            read[static_cast<std::size_t>(offered[i])] = 1;
        bool stalled = false;
        for (std::size_t k = 0; k < bins.size(); ++k) {
            if (pending[k].empty()) continue;
            const std::size_t w = std::min(pending[k].size(), static_cast<std::size_t>(window));
            std::size_t i = 0;
            while (i < w && !read[static_cast<std::size_t>(bins[k][static_cast<std::size_t>(pending[k][i])])]) ++i;
            if (i == w) {
                stalled = true;
                ++res.stalled_requests;
                continue;
            }
            pending[k].erase(pending[k].begin() + static_cast<std::ptrdiff_t>(i));
            --left;
        }
        res.conflict_cycles += stalled ? 1 : 0;
        for (const int b : offered) {
            offers[static_cast<std::size_t>(b)] = 0;
            read[static_cast<std::size_t>(b)] = 0;
        }
    }
    return res;
}

}  // namespace specsim::analytic
