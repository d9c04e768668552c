// SPDX-License-Identifier: MIT
// FFTW overlap-and-add convolution. Loops tile-outermost so only one tile's C input
// spectra are live, accumulating full-convolution output planes per output channel.
#include "numerics/conv_fft.hpp"

#include <algorithm>
#include <string>

#include "numerics/fft2d.hpp"
#include "util/error.hpp"

namespace specsim::numerics {

TileGeometry tile_geometry(int in_h, int in_w, int k_h, int k_w, int fft_size,
                           const Conv2dParams& p)
{
    const OutputSize os = conv_output_size(in_h, in_w, k_h, k_w, p);
    if (fft_size < 1) throw Error("FFT size must be >= 1, got " + std::to_string(fft_size));
    if (k_h > fft_size || k_w > fft_size)
        throw Error("kernel " + std::to_string(k_h) + "x" + std::to_string(k_w) +
                    " is larger than the FFT size K = " + std::to_string(fft_size));
    TileGeometry g;
    g.fft_size = fft_size;
    g.kernel_h = k_h;
    g.kernel_w = k_w;
    g.tile_h = fft_size - k_h + 1;
    g.tile_w = fft_size - k_w + 1;
    g.in_h = in_h;
    g.in_w = in_w;
    g.pad_top = p.pad_top;
    g.pad_left = p.pad_left;
    g.padded_h = in_h + p.pad_top + p.pad_bottom;
    g.padded_w = in_w + p.pad_left + p.pad_right;
    g.tiles_h = (g.padded_h + g.tile_h - 1) / g.tile_h;
    g.tiles_w = (g.padded_w + g.tile_w - 1) / g.tile_w;
    g.out_h = os.h;
    g.out_w = os.w;
    return g;
}

namespace {

// Fills the zero-padded K×K spatial tile into `buf` (aligned, K² values).
void fill_tile(const Tensor4& input, int n, int c, const TileGeometry& g, int tr, int tc, cplx* buf)
{
    const int K = g.fft_size;
    const long H = input.dimension(2), W = input.dimension(3);
    const double* plane = input.data() + (static_cast<long>(n) * input.dimension(1) + c) * H * W;
    std::fill(buf, buf + static_cast<std::size_t>(K) * K, cplx(0.0, 0.0));
    for (int r = 0; r < g.tile_h; ++r) {
        const long row = static_cast<long>(tr) * g.tile_h + r - g.pad_top;
        if (row < 0 || row >= H) continue;
        for (int s = 0; s < g.tile_w; ++s) {
            const long col = static_cast<long>(tc) * g.tile_w + s - g.pad_left;
            if (col < 0 || col >= W) continue;
            buf[static_cast<std::size_t>(r) * K + s] = plane[row * W + col];
        }
    }
}

}  // namespace

void tile_spectrum(const Tensor4& input, int n, int c, const TileGeometry& g, int tile_row,
                   int tile_col, cplx* out)
{
    if (n < 0 || n >= input.dimension(0) || c < 0 || c >= input.dimension(1) || tile_row < 0 ||
        tile_row >= g.tiles_h || tile_col < 0 || tile_col >= g.tiles_w)
        throw Error("tile_spectrum: index out of range (n " + std::to_string(n) + ", c " +
                    std::to_string(c) + ", tile " + std::to_string(tile_row) + "," +
                    std::to_string(tile_col) + ")");
    const std::size_t kk = static_cast<std::size_t>(g.fft_size) * g.fft_size;
    FftBuffer buf(kk);
    fill_tile(input, n, c, g, tile_row, tile_col, buf.data());
    Fft2d(g.fft_size).forward(buf.data(), out);
}

Tensor4 conv2d_fft(const Tensor4& input, const SpectralKernels& kernels,
                   const std::vector<double>& bias, const Conv2dParams& p)
{
    const int N = static_cast<int>(input.dimension(0)), C = static_cast<int>(input.dimension(1));
    const int O = kernels.out_channels();
    if (kernels.in_channels() != C)
        throw Error("channel mismatch: input has C = " + std::to_string(C) +
                    " but the spectral kernels have I = " + std::to_string(kernels.in_channels()));
    if (!bias.empty() && static_cast<int>(bias.size()) != O)
        throw Error("bias length " + std::to_string(bias.size()) +
                    " does not match the number of output channels O = " + std::to_string(O));
    const TileGeometry g = tile_geometry(static_cast<int>(input.dimension(2)),
                                         static_cast<int>(input.dimension(3)), kernels.kernel_h(),
                                         kernels.kernel_w(), kernels.fft_size(), p);
    const int K = g.fft_size;
    const std::size_t kk = static_cast<std::size_t>(K) * K;
    const Fft2d fft(K);

    // Sparse (CSR) view of the stored bins of every kernel (o, m): the PE array's work list.
    std::vector<std::size_t> row_start(static_cast<std::size_t>(O) * C + 1, 0);
    std::vector<SparseEntry> entries;
    for (int o = 0; o < O; ++o)
        for (int m = 0; m < C; ++m) {
            for (const SparseEntry& e : kernels.nonzeros(o, m)) entries.push_back(e);
            row_start[static_cast<std::size_t>(o) * C + m + 1] = entries.size();
        }

    // Full (stride-1, un-cropped) convolution planes: each tile adds a K×K block at
    // (tr·T_h, tc·T_w), overlapping its neighbours by k − 1.
    const int acc_h = g.tiles_h * g.tile_h + g.kernel_h - 1;
    const int acc_w = g.tiles_w * g.tile_w + g.kernel_w - 1;
    std::vector<double> acc(static_cast<std::size_t>(O) * acc_h * acc_w);
    FftBuffer tile_buf(kk), x_spec(static_cast<std::size_t>(C) * kk), y_spec(kk), y_tile(kk);
    Tensor4 out(N, O, g.out_h, g.out_w);

    for (int n = 0; n < N; ++n) {
        std::fill(acc.begin(), acc.end(), 0.0);
        for (int tr = 0; tr < g.tiles_h; ++tr) {
            for (int tc = 0; tc < g.tiles_w; ++tc) {
                for (int m = 0; m < C; ++m) {
                    fill_tile(input, n, m, g, tr, tc, tile_buf.data());
                    fft.forward(tile_buf.data(), x_spec.data() + static_cast<std::size_t>(m) * kk);
                }
                for (int o = 0; o < O; ++o) {
                    y_spec.fill_zero();
                    for (int m = 0; m < C; ++m) {
                        const cplx* xm = x_spec.data() + static_cast<std::size_t>(m) * kk;
                        const std::size_t r = static_cast<std::size_t>(o) * C + m;
                        for (std::size_t e = row_start[r]; e < row_start[r + 1]; ++e)
                            y_spec[static_cast<std::size_t>(entries[e].bin)] +=
                                xm[entries[e].bin] * entries[e].value;
                    }
                    fft.inverse(y_spec.data(), y_tile.data());
                    // Pruning breaks the conjugate symmetry of W (and so of Y), making the
                    // IFFT complex; the layer output is defined as its real part, which
                    // equals the IFFT of the Hermitian-symmetrised product. For unpruned
                    // kernels the imaginary part is rounding noise.
                    double* plane = acc.data() + static_cast<std::size_t>(o) * acc_h * acc_w;
                    for (int r = 0; r < K; ++r) {
                        double* row = plane + static_cast<std::size_t>(tr * g.tile_h + r) * acc_w +
                                      static_cast<std::size_t>(tc) * g.tile_w;
                        for (int s = 0; s < K; ++s)
                            row[s] += y_tile[static_cast<std::size_t>(r) * K + s].real();
                    }
                }
            }
        }
        // Full-convolution index of valid output (i, j) at stride 1 is (i + k_h − 1,
        // j + k_w − 1). Stride > 1 is computed at stride 1 and subsampled, costing
        // ≈ s_h·s_w times the work of a native strided convolution.
        for (int o = 0; o < O; ++o) {
            const double b = bias.empty() ? 0.0 : bias[static_cast<std::size_t>(o)];
            const double* plane = acc.data() + static_cast<std::size_t>(o) * acc_h * acc_w;
            for (int i = 0; i < g.out_h; ++i)
                for (int j = 0; j < g.out_w; ++j)
                    out(n, o, i, j) =
                        plane[static_cast<std::size_t>(i * p.stride_h + g.kernel_h - 1) * acc_w +
                              static_cast<std::size_t>(j * p.stride_w + g.kernel_w - 1)] + b;
        }
    }
    return out;
}

Tensor4 conv2d_fft(const Tensor4& input, const Tensor4& weights, const std::vector<double>& bias,
                   const Conv2dParams& params, int fft_size)
{
    check_conv_shapes(input, weights, bias, params);
    if (weights.dimension(2) > fft_size || weights.dimension(3) > fft_size)
        throw Error("kernel " + std::to_string(weights.dimension(2)) + "x" +
                    std::to_string(weights.dimension(3)) + " is larger than the FFT size K = " +
                    std::to_string(fft_size));
    return conv2d_fft(input, SpectralKernels::from_spatial(weights, fft_size), bias, params);
}

}  // namespace specsim::numerics
