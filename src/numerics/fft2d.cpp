// SPDX-License-Identifier: MIT
// FFTW plan cache and aligned buffers. Plans are planned out-of-place on fftw_malloc'd
// arrays and executed with fftw_execute_dft on any arrays of the same (SIMD) alignment;
// misaligned or aliasing arrays go through a thread-local aligned scratch buffer.
// FFTW_ESTIMATE: for K ≤ 32 its plans run as fast as FFTW_MEASURE's, and planning is
// instant and deterministic (no timing-dependent plan choice).
#include "numerics/fft2d.hpp"

#include <fftw3.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <new>
#include <string>

#include "util/error.hpp"

namespace specsim::numerics {
namespace {

struct PlanPair {
    fftw_plan forward;
    fftw_plan inverse;
};

std::mutex& planner_mutex()
{
    static std::mutex m;
    return m;
}

// Plans live until process exit (never destroyed: no static-destruction-order issues).
std::map<int, PlanPair>& plan_cache()
{
    static auto* cache = new std::map<int, PlanPair>();
    return *cache;
}

fftw_complex* as_fftw(cplx* p) { return reinterpret_cast<fftw_complex*>(p); }

}  // namespace

FftBuffer::FftBuffer(std::size_t count) : m_size(count)
{
    if (count == 0) return;
    m_data = static_cast<cplx*>(fftw_malloc(count * sizeof(cplx)));
    if (m_data == nullptr) throw std::bad_alloc();
    fill_zero();
}

FftBuffer::~FftBuffer() { fftw_free(m_data); }

FftBuffer::FftBuffer(FftBuffer&& other) noexcept : m_data(other.m_data), m_size(other.m_size)
{
    other.m_data = nullptr;
    other.m_size = 0;
}

FftBuffer& FftBuffer::operator=(FftBuffer&& other) noexcept
{
    if (this != &other) {
        fftw_free(m_data);
        m_data = other.m_data;
        m_size = other.m_size;
        other.m_data = nullptr;
        other.m_size = 0;
    }
    return *this;
}

void FftBuffer::fill_zero() { std::fill(m_data, m_data + m_size, cplx(0.0, 0.0)); }

Fft2d::Fft2d(int fft_size) : m_k(fft_size)
{
    if (fft_size < 1) throw Error("FFT size must be >= 1, got " + std::to_string(fft_size));
    std::lock_guard<std::mutex> lock(planner_mutex());
    auto& cache = plan_cache();
    auto it = cache.find(fft_size);
    if (it == cache.end()) {
        const std::size_t n = static_cast<std::size_t>(fft_size) * fft_size;
        FftBuffer in(n), out(n);
        PlanPair p;
        p.forward = fftw_plan_dft_2d(fft_size, fft_size, as_fftw(in.data()), as_fftw(out.data()),
                                     FFTW_FORWARD, FFTW_ESTIMATE);
        p.inverse = fftw_plan_dft_2d(fft_size, fft_size, as_fftw(in.data()), as_fftw(out.data()),
                                     FFTW_BACKWARD, FFTW_ESTIMATE);
        if (p.forward == nullptr || p.inverse == nullptr)
            throw Error("FFTW could not create a plan for FFT size " + std::to_string(fft_size));
        it = cache.emplace(fft_size, p).first;
    }
    m_forward = it->second.forward;
    m_inverse = it->second.inverse;
}

void Fft2d::run(void* plan, const cplx* in, cplx* out) const
{
    const std::size_t n = static_cast<std::size_t>(m_k) * m_k;
    // Out-of-place c2c plans preserve their input, so the const_cast is safe.
    auto* in_m = const_cast<cplx*>(in);
    const bool aligned = fftw_alignment_of(reinterpret_cast<double*>(in_m)) == 0 &&
                         fftw_alignment_of(reinterpret_cast<double*>(out)) == 0;
    if (aligned && in != out) {
        fftw_execute_dft(static_cast<fftw_plan>(plan), as_fftw(in_m), as_fftw(out));
        return;
    }
    thread_local FftBuffer scratch_in, scratch_out;
    if (scratch_in.size() < n) {
        scratch_in = FftBuffer(n);
        scratch_out = FftBuffer(n);
    }
    std::copy(in, in + n, scratch_in.data());
    fftw_execute_dft(static_cast<fftw_plan>(plan), as_fftw(scratch_in.data()),
                     as_fftw(scratch_out.data()));
    std::copy(scratch_out.data(), scratch_out.data() + n, out);
}

void Fft2d::forward(const cplx* in, cplx* out) const { run(m_forward, in, out); }

void Fft2d::inverse(const cplx* in, cplx* out) const
{
    run(m_inverse, in, out);
    const double scale = 1.0 / (static_cast<double>(m_k) * m_k);
    const std::size_t n = static_cast<std::size_t>(m_k) * m_k;
    for (std::size_t i = 0; i < n; ++i) out[i] *= scale;
}

}  // namespace specsim::numerics
