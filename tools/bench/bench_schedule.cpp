// SPDX-License-Identifier: MIT
// Benchmark (not a test): time per read schedule and cycles per block for each algorithm on
// random 64-kernel × 16-of-64-bin instances (r = 8), uniform and low-frequency-biased.
// Usage: bench_schedule [instances] [seed]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "analytic/read_schedule.hpp"
#include "numerics/random.hpp"
#include "numerics/sparsity.hpp"

using namespace specsim;

int main(int argc, char** argv)
{
    const int n = argc > 1 ? std::atoi(argv[1]) : 200;
    const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
    const int K = 8, kernels = 64, nnz = 16, r = 8;
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
        time("greedy", [&](const auto& b) { return analytic::schedule_greedy(b, r).cycles; });
    }
}
