// SPDX-License-Identifier: MIT
// Shared helpers of the numerics tests: seeded random tensors, a naive DFT (independent of
// FFTW) and a per-process scratch directory.
#pragma once

#include <cmath>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include "numerics/random.hpp"
#include "numerics/tensor.hpp"

namespace specsim::numerics::test {

inline Tensor4 random_tensor(long a, long b, long c, long d, std::uint64_t seed)
{
    Tensor4 t(a, b, c, d);
    Rng rng(seed);
    for (long i = 0; i < t.size(); ++i) t.data()[i] = 2.0 * rng.uniform01() - 1.0;
    return t;
}

inline std::vector<double> random_vector(std::size_t n, std::uint64_t seed)
{
    std::vector<double> v(n);
    Rng rng(seed);
    for (auto& x : v) x = 2.0 * rng.uniform01() - 1.0;
    return v;
}

/// Naive K×K DFT by definition; sign −1 forward (unnormalised), +1 inverse (÷K²).
inline std::vector<cplx> naive_dft2(const std::vector<cplx>& x, int K, int sign)
{
    const double pi = 3.14159265358979323846;
    std::vector<cplx> y(static_cast<std::size_t>(K) * K);
    for (int u = 0; u < K; ++u)
        for (int v = 0; v < K; ++v) {
            cplx acc(0.0, 0.0);
            for (int r = 0; r < K; ++r)
                for (int c = 0; c < K; ++c)
                    acc += x[static_cast<std::size_t>(r) * K + c] *
                           std::polar(1.0, sign * 2.0 * pi * ((u * r + v * c) % K) / K);
            y[static_cast<std::size_t>(u) * K + v] = sign > 0 ? acc / static_cast<double>(K * K) : acc;
        }
    return y;
}

/// A fresh directory under the system temp dir, unique to this process.
inline std::filesystem::path scratch_dir()
{
    auto p = std::filesystem::temp_directory_path() /
             ("specsim_numerics_test_" + std::to_string(static_cast<long>(::getpid())));
    std::filesystem::create_directories(p);
    return p;
}

}  // namespace specsim::numerics::test
