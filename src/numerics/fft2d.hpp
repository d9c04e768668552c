// SPDX-License-Identifier: MIT
// K×K two-dimensional complex FFTs through FFTW with one plan pair per K, created once
// under a process-wide mutex (the FFTW planner is not thread-safe) and reused forever.
#pragma once

#include <cstddef>

#include "numerics/tensor.hpp"

namespace specsim::numerics {

/// Buffer of complex values allocated with fftw_malloc (SIMD-aligned), zero-initialised.
/// Pass these to Fft2d to avoid the copy through an aligned scratch buffer.
class FftBuffer {
public:
    explicit FftBuffer(std::size_t count = 0);
    ~FftBuffer();
    FftBuffer(FftBuffer&& other) noexcept;
    FftBuffer& operator=(FftBuffer&& other) noexcept;
    FftBuffer(const FftBuffer&) = delete;
    FftBuffer& operator=(const FftBuffer&) = delete;

    cplx* data() { return m_data; }
    const cplx* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    cplx& operator[](std::size_t i) { return m_data[i]; }
    const cplx& operator[](std::size_t i) const { return m_data[i]; }
    void fill_zero();

private:
    cplx* m_data = nullptr;
    std::size_t m_size = 0;
};

/// Handle to the cached FFTW plans of one FFT size K. Construction looks the plans up
/// (creating them with FFTW_ESTIMATE the first time, under the planner mutex); executing
/// is lock-free and thread-safe (fftw_execute_dft, new-array execute). Cheap to copy.
/// Arrays are K×K row-major, bin index u·K + v.
class Fft2d {
public:
    /// Throws specsim::Error if K < 1.
    explicit Fft2d(int fft_size);

    int size() const { return m_k; }

    /// Forward DFT, unnormalised: X[u,v] = Σ x[r,c]·exp(−2πi(ur + vc)/K).
    /// `in` and `out` hold K² values; they may alias (then a scratch copy is used).
    void forward(const cplx* in, cplx* out) const;

    /// Inverse DFT normalised by 1/K², so inverse(forward(x)) == x.
    void inverse(const cplx* in, cplx* out) const;

private:
    void run(void* plan, const cplx* in, cplx* out) const;
    int m_k;
    void* m_forward;
    void* m_inverse;
};

}  // namespace specsim::numerics
