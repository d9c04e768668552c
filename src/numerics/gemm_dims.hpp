// SPDX-License-Identifier: MIT
// The shape of one matrix product C(M×N) = A(M×K) · B(K×N), the unit of work a systolic
// array executes. Convolutions are lowered to lists of these (im2col, kn2row, Winograd);
// the timing model and the datapath both take their shapes from the same lowering.
#pragma once

#include <cstdint>
#include <string>

namespace specsim::numerics {

/// One GEMM: M rows of A / C (output pixels or tiles), N columns of B / C (filters),
/// K the reduction length (window elements). All ≥ 1 for a valid product.
struct GemmDims {
    std::uint64_t m = 0;
    std::uint64_t n = 0;
    std::uint64_t k = 0;

    std::uint64_t macs() const { return m * n * k; }
    std::string str() const { return std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k); }
    bool operator==(const GemmDims& o) const { return m == o.m && n == o.n && k == o.k; }
};

}  // namespace specsim::numerics
