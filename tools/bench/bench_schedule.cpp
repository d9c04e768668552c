// SPDX-License-Identifier: MIT
// Benchmark (not a test): time per read schedule and cycles per block for each algorithm on
// random 64-kernel × 16-of-64-bin instances (r = 8), uniform and low-frequency-biased.
// Usage: bench_schedule [instances] [seed]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "overlay/spectral/analytic/read_schedule.hpp"
#include "numerics/random.hpp"
#include "numerics/sparsity.hpp"

using namespace specsim;

namespace {

// The baseline the issue measured against ("plain greedy", ~21 cycles on the uniform
// case): each cycle reads the r bins most kernels still need (ties: lower bin); every
// kernel needing one of them consumes its lowest such non-zero. No look-back, no weights.
int plain_greedy(const analytic::KernelBins& bins, int r)
{
    std::vector<std::vector<char>> left(bins.size());
    std::size_t total = 0;
    int span = 0;
    for (std::size_t k = 0; k < bins.size(); ++k) {
        left[k].assign(bins[k].size(), 1);
        total += bins[k].size();
        for (const int b : bins[k]) span = std::max(span, b + 1);
    }
    std::vector<int> need(static_cast<std::size_t>(span)), order(static_cast<std::size_t>(span));
    int cycles = 0;
    while (total > 0) {
        ++cycles;
        std::fill(need.begin(), need.end(), 0);
        for (std::size_t k = 0; k < bins.size(); ++k)
            for (std::size_t e = 0; e < bins[k].size(); ++e)
                if (left[k][e]) ++need[static_cast<std::size_t>(bins[k][e])];
        for (int b = 0; b < span; ++b) order[static_cast<std::size_t>(b)] = b;
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return need[std::size_t(a)] > need[std::size_t(b)]; });
        std::vector<char> read(static_cast<std::size_t>(span), 0);
        for (int i = 0; i < r && i < span; ++i) read[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])] = 1;
        for (std::size_t k = 0; k < bins.size(); ++k)
            for (std::size_t e = 0; e < bins[k].size(); ++e)
                if (left[k][e] && read[static_cast<std::size_t>(bins[k][e])]) {
                    left[k][e] = 0;
                    --total;
                    break;
                }
    }
    return cycles;
}

}  // namespace

int main(int argc, char** argv)
{
    const int n = argc > 1 ? std::atoi(argv[1]) : 200;
    const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
    const int K = 8, nnz = 16, r = 8;
    // 64 kernels: the paper's N′; 16: the "exact optimal within 1 s each" size.
    for (const int kernels : {64, 16}) {
        std::printf("%d kernels x %d of %d bins, r = %d, %d instances per distribution\n", kernels, nnz, K * K, r, n);
        for (const std::string dist : {"uniform", "lowfreq"}) {
            std::vector<analytic::KernelBins> inst;
            for (int i = 0; i < n; ++i) {
                numerics::SparsityOptions o;
                o.nnz = nnz;
                o.dist = numerics::parse_sparsity_dist(dist);
                o.seed = numerics::seed_for(seed, dist + std::to_string(i));
                const auto p = numerics::synth_sparsity(kernels, 1, K, o);
                analytic::KernelBins b(kernels);
                for (int k = 0; k < kernels; ++k) b[std::size_t(k)].assign(p.kernel_bins(k, 0), p.kernel_bins(k, 0) + nnz);
                inst.push_back(std::move(b));
            }
            double lb = 0;
            for (const auto& b : inst) lb += analytic::schedule_lower_bound(b, r);
            const auto time = [&](const char* name, auto&& f) {
                const auto t0 = std::chrono::steady_clock::now();
                double cycles = 0;
                for (const auto& b : inst) cycles += f(b);
                const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                std::printf("%-8s %-9s %8.3f cycles/block (bound %.3f)  %8.1f us/schedule\n", dist.c_str(), name,
                            cycles / n, lb / n, s / n * 1e6);
            };
            time("in_order", [&](const auto& b) { return analytic::simulate_in_order(b, r).cycles; });
            time("plain", [&](const auto& b) { return plain_greedy(b, r); });
            time("greedy", [&](const auto& b) { return analytic::schedule_greedy(b, r).cycles; });
            if (kernels == 16 || n <= 50) {
                // Exact: also the slowest instance and how many were proven optimal.
                double worst = 0;
                int optimal = 0;
                time("exact", [&](const auto& b) {
                    const auto t0 = std::chrono::steady_clock::now();
                    const auto e = analytic::schedule_exact(b, r);
                    worst = std::max(worst, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
                    optimal += e.optimal ? 1 : 0;
                    return e.schedule.cycles;
                });
                std::printf("%-8s exact     proven optimal on %d/%d, slowest instance %.3f s\n", dist.c_str(), optimal, n, worst);
            }
        }
    }
}
