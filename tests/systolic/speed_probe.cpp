// SPDX-License-Identifier: MIT
// Speed probe (not a test): AlexNet conv1 (224x224x3, 11x11, 96 filters, stride 4) on a 32x32
// ws array with 64 KiB SRAMs through run_reference, CALC and USER B=10; prints wall time per run.
#include "overlay/systolic/analytic/gemm_engine.hpp"

#include <chrono>
#include <cstdio>

using namespace specsim::systolic;

int main() {
    const auto gemm = scalesim_conv_gemm(224, 224, 11, 11, 3, 96, 4);
    const BufferWords buf{64 * 1024, 64 * 1024, 64 * 1024};
    for (std::uint64_t bw : {0, 10}) {
        const int reps = 20;
        ReferenceResult r{};
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < reps; ++i) r = run_reference(gemm, {32, 32}, Dataflow::ws, buf, bw);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / reps;
        std::printf("alexnet conv1 32x32 ws bw=%llu: %llu cycles (SCALE-Sim report %llu), %llu stalls, %.3f ms per run\n",
                    static_cast<unsigned long long>(bw), static_cast<unsigned long long>(r.cycles),
                    static_cast<unsigned long long>(r.cycles - 1), static_cast<unsigned long long>(r.stall_cycles),
                    s * 1e3);
    }
}
