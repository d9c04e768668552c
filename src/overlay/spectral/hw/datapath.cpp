// SPDX-License-Identifier: MIT
// Datapath arithmetic of the spectral overlay (see datapath.hpp).
#include "overlay/spectral/hw/datapath.hpp"

#include <cmath>

#include "numerics/conv_fft.hpp"
#include "numerics/fft2d.hpp"
#include "util/error.hpp"

namespace specsim::hw {

using numerics::cplx;

SpectralDatapath::SpectralDatapath(const analytic::SpectralLayerPlan& plan, LayerData& data,
                                   int kernels_parallel, int tiles_parallel)
    : m_plan(plan), m_data(data), m_np(kernels_parallel), m_pp(tiles_parallel),
      m_kk(plan.geom.fft_size * plan.geom.fft_size)
{
    const auto& g = plan.geom;
    // Overlap-add planes cover every tile's K×K output: tiles·T + K − 1 per axis.
    m_full_h = g.tiles_h * g.tile_h + g.fft_size - 1;
    m_full_w = g.tiles_w * g.tile_w + g.fft_size - 1;
    m_full.assign(static_cast<std::size_t>(plan.out_channels) * m_full_h * m_full_w, 0.0);
    m_nonzeros.resize(static_cast<std::size_t>(plan.out_channels) * plan.in_channels);
    double w_max = 0;
    for (int n = 0; n < plan.out_channels; ++n)
        for (int m = 0; m < plan.in_channels; ++m) {
            auto nz = data.kernels.nonzeros(n, m);
            for (const auto& e : nz) w_max = std::max({w_max, std::abs(e.value.real()), std::abs(e.value.imag())});
            m_nonzeros[static_cast<std::size_t>(n) * plan.in_channels + m] = std::move(nz);
        }
    if (data.fixed_point) {
        // Per-layer power-of-two scaling, as a fixed-point design sets it at compile time:
        // kernel values use the format's full range; tile spectra are bounded by
        // T_h·T_w·max|x| (the DC bin of a full tile).
        m_w_scale = range_scale(w_max);
        double x_max = 0;
        for (Eigen::Index i = 0; i < data.input.size(); ++i) x_max = std::max(x_max, std::abs(data.input.data()[i]));
        m_x_scale = range_scale(x_max * g.tile_h * g.tile_w);
        for (auto& nz : m_nonzeros)
            for (auto& e : nz) e.value = numerics::quantize(e.value * m_w_scale, data.data_format) / m_w_scale;
    }
}

double SpectralDatapath::range_scale(double max_abs) const
{
    // Largest power of two s with max_abs·s within the format's range (1 when max_abs = 0).
    if (max_abs <= 0) return 1.0;
    return std::exp2(std::floor(std::log2(numerics::max_value(m_data.data_format) / max_abs)));
}

void SpectralDatapath::load_tiles(InputSlot& slot, const Block& b, int m) const
{
    const auto& g = m_plan.geom;
    slot.spectra.assign(static_cast<std::size_t>(b.tiles()) * m_kk, cplx(0, 0));
    for (int p = b.p0; p < b.p1; ++p) {
        cplx* out = slot.spectra.data() + static_cast<std::size_t>(p - b.p0) * m_kk;
        numerics::tile_spectrum(m_data.input, 0, m, g, p / g.tiles_w, p % g.tiles_w, out);
        if (m_data.fixed_point)
            for (int i = 0; i < m_kk; ++i)
                out[i] = numerics::quantize(out[i] * m_x_scale, m_data.data_format) / m_x_scale;
    }
}

void SpectralDatapath::begin_block(const Block& b, int half)
{
    m_acc_half = half;
    m_block_tiles[half] = b.tiles();
    m_psum[half].assign(static_cast<std::size_t>(b.kernels()) * b.tiles() * m_kk, cplx(0, 0));
}

cplx& SpectralDatapath::psum(int half, int n_local, int p_local, int bin)
{
    return m_psum[half][(static_cast<std::size_t>(n_local) * m_block_tiles[half] + p_local) * m_kk + bin];
}

cplx SpectralDatapath::weight(int n, int m, int entry) const
{
    return m_nonzeros[static_cast<std::size_t>(n) * m_plan.in_channels + m][static_cast<std::size_t>(entry)].value;
}

void SpectralDatapath::mac_entry(const InputSlot& slot, const Block& b, int g, int q, int m, int lane,
                                 int entry, int bin)
{
    const int p_first = b.p0 + q * m_pp, p_end = std::min(b.p1, p_first + m_pp);
    const int n = g * m_np + lane;
    const cplx w = weight(n, m, entry);
    for (int p = p_first; p < p_end; ++p)
        psum(m_acc_half, n - b.n0, p - b.p0, bin) += slot.spectra[static_cast<std::size_t>(p - b.p0) * m_kk + bin] * w;
}

void SpectralDatapath::ifft_block(const Block& b, int half)
{
    const auto& g = m_plan.geom;
    const int K = g.fft_size;
    numerics::Fft2d fft(K);
    numerics::FftBuffer in(static_cast<std::size_t>(m_kk)), out(static_cast<std::size_t>(m_kk));
    for (int n = b.n0; n < b.n1; ++n) {
        double* plane = m_full.data() + static_cast<std::size_t>(n) * m_full_h * m_full_w;
        for (int p = b.p0; p < b.p1; ++p) {
            std::copy_n(&psum(half, n - b.n0, p - b.p0, 0), m_kk, in.data());
            fft.inverse(in.data(), out.data());
            const int r0 = (p / g.tiles_w) * g.tile_h, c0 = (p % g.tiles_w) * g.tile_w;
            for (int u = 0; u < K; ++u)
                for (int v = 0; v < K; ++v)
                    plane[static_cast<std::size_t>(r0 + u) * m_full_w + c0 + v] += out.data()[u * K + v].real();
        }
    }
}

void SpectralDatapath::finish()
{
    // The full (linear) convolution of the padded input starts k − 1 before the first valid
    // output: valid stride-1 output (y, x) sits at (y + k_h − 1, x + k_w − 1).
    const auto& g = m_plan.geom;
    const int N = m_plan.out_channels;
    m_data.output = numerics::Tensor4(1, N, g.out_h, g.out_w);
    for (int n = 0; n < N; ++n) {
        const double* plane = m_full.data() + static_cast<std::size_t>(n) * m_full_h * m_full_w;
        const double b = m_data.bias.empty() ? 0.0 : m_data.bias[static_cast<std::size_t>(n)];
        for (int y = 0; y < g.out_h; ++y)
            for (int x = 0; x < g.out_w; ++x)
                m_data.output(0, n, y, x) =
                    plane[static_cast<std::size_t>(y * m_data.stride_h + g.kernel_h - 1) * m_full_w +
                          x * m_data.stride_w + g.kernel_w - 1] + b;
    }
}

}  // namespace specsim::hw
