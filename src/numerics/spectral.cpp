// SPDX-License-Identifier: MIT
// Spectral kernel transform, storage and top-n magnitude pruning.
#include "numerics/spectral.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "numerics/fft2d.hpp"
#include "util/error.hpp"

namespace specsim::numerics {
namespace {

void check_kernel_fits(int k_h, int k_w, int fft_size)
{
    if (k_h < 1 || k_w < 1 || fft_size < 1)
        throw Error("spectral kernel sizes must be >= 1 (kernel " + std::to_string(k_h) + "x" +
                    std::to_string(k_w) + ", FFT size " + std::to_string(fft_size) + ")");
    if (k_h > fft_size || k_w > fft_size)
        throw Error("kernel " + std::to_string(k_h) + "x" + std::to_string(k_w) +
                    " is larger than the FFT size K = " + std::to_string(fft_size));
}

// Flips and zero-pads one kernel into `buf` (K² values) and transforms it into `out`.
void spectrum_into(const Fft2d& fft, FftBuffer& buf, const double* w, int k_h, int k_w, cplx* out)
{
    const int K = fft.size();
    buf.fill_zero();
    for (int a = 0; a < k_h; ++a)
        for (int b = 0; b < k_w; ++b)
            buf[static_cast<std::size_t>(a) * K + b] = w[(k_h - 1 - a) * k_w + (k_w - 1 - b)];
    fft.forward(buf.data(), out);
}

}  // namespace

void kernel_spectrum(const double* w, int k_h, int k_w, int fft_size, cplx* out)
{
    check_kernel_fits(k_h, k_w, fft_size);
    FftBuffer buf(static_cast<std::size_t>(fft_size) * fft_size);
    spectrum_into(Fft2d(fft_size), buf, w, k_h, k_w, out);
}

SpectralKernels::SpectralKernels(int out_channels, int in_channels, int kernel_h, int kernel_w,
                                 int fft_size)
    : m_out(out_channels), m_in(in_channels), m_kh(kernel_h), m_kw(kernel_w), m_k(fft_size)
{
    if (out_channels < 1 || in_channels < 1)
        throw Error("spectral kernels need >= 1 output and input channel (got O = " +
                    std::to_string(out_channels) + ", I = " + std::to_string(in_channels) + ")");
    check_kernel_fits(kernel_h, kernel_w, fft_size);
    const std::size_t n = static_cast<std::size_t>(m_out) * m_in * m_k * m_k;
    m_values.assign(n, cplx(0.0, 0.0));
    m_mask.assign(n, 0);
}

SpectralKernels SpectralKernels::from_spatial(const Tensor4& weights, int fft_size)
{
    SpectralKernels s(static_cast<int>(weights.dimension(0)), static_cast<int>(weights.dimension(1)),
                      static_cast<int>(weights.dimension(2)), static_cast<int>(weights.dimension(3)),
                      fft_size);
    const std::size_t kk = static_cast<std::size_t>(s.m_kh) * s.m_kw;
    const Fft2d fft(fft_size);
    FftBuffer buf(static_cast<std::size_t>(fft_size) * fft_size);
    for (int o = 0; o < s.m_out; ++o)
        for (int i = 0; i < s.m_in; ++i)
            spectrum_into(fft, buf, weights.data() + (static_cast<std::size_t>(o) * s.m_in + i) * kk,
                          s.m_kh, s.m_kw, &s.m_values[s.offset(o, i)]);
    std::fill(s.m_mask.begin(), s.m_mask.end(), std::uint8_t{1});
    return s;
}

void SpectralKernels::check_index(int o, int i) const
{
    if (o < 0 || o >= m_out || i < 0 || i >= m_in)
        throw Error("spectral kernel index (" + std::to_string(o) + ", " + std::to_string(i) +
                    ") out of range (O = " + std::to_string(m_out) + ", I = " + std::to_string(m_in) + ")");
}

int SpectralKernels::nnz(int o, int i) const
{
    check_index(o, i);
    const std::uint8_t* m = mask(o, i);
    return static_cast<int>(std::count(m, m + bins(), std::uint8_t{1}));
}

std::size_t SpectralKernels::total_nnz() const
{
    return static_cast<std::size_t>(std::count(m_mask.begin(), m_mask.end(), std::uint8_t{1}));
}

std::vector<SparseEntry> SpectralKernels::nonzeros(int o, int i) const
{
    check_index(o, i);
    std::vector<SparseEntry> out;
    const cplx* v = spectrum(o, i);
    const std::uint8_t* m = mask(o, i);
    for (int b = 0; b < bins(); ++b)
        if (m[b]) out.push_back({v[b], b});
    return out;
}

void SpectralKernels::prune_top_n(int n)
{
    if (n < 0 || n > bins())
        throw Error("prune_top_n: n must be in [0, K² = " + std::to_string(bins()) + "], got " +
                    std::to_string(n));
    std::vector<int> order;
    std::vector<double> mag(static_cast<std::size_t>(bins()));
    for (int o = 0; o < m_out; ++o) {
        for (int i = 0; i < m_in; ++i) {
            const std::size_t off = offset(o, i);
            order.clear();
            for (int b = 0; b < bins(); ++b) {
                mag[static_cast<std::size_t>(b)] = std::abs(m_values[off + b]);
                if (m_mask[off + b]) order.push_back(b);
            }
            if (static_cast<int>(order.size()) <= n) continue;
            // Largest magnitude first; equal magnitudes: lower bin index first.
            std::sort(order.begin(), order.end(), [&](int a, int b) {
                const double ma = mag[static_cast<std::size_t>(a)], mb = mag[static_cast<std::size_t>(b)];
                return ma != mb ? ma > mb : a < b;
            });
            for (std::size_t r = static_cast<std::size_t>(n); r < order.size(); ++r) {
                m_values[off + order[r]] = cplx(0.0, 0.0);
                m_mask[off + order[r]] = 0;
            }
        }
    }
}

void SpectralKernels::apply_mask(int o, int i, const std::uint8_t* keep)
{
    check_index(o, i);
    const std::size_t off = offset(o, i);
    for (int b = 0; b < bins(); ++b) {
        if (!keep[b]) {
            m_values[off + b] = cplx(0.0, 0.0);
            m_mask[off + b] = 0;
        }
    }
}

void SpectralKernels::set_bin(int o, int i, int bin, cplx value)
{
    check_index(o, i);
    if (bin < 0 || bin >= bins())
        throw Error("spectral bin " + std::to_string(bin) + " out of range [0, " +
                    std::to_string(bins()) + ")");
    m_values[offset(o, i) + bin] = value;
    m_mask[offset(o, i) + bin] = 1;
}

}  // namespace specsim::numerics
