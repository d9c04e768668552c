// SPDX-License-Identifier: MIT
// Overlap-and-add (OaA) spectral convolution through FFTW (PAPERS.md §1): the FFTW
// reference the hardware's spectral datapath is compared against, including pruned kernels.
#pragma once

#include <vector>

#include "numerics/conv_params.hpp"
#include "numerics/spectral.hpp"
#include "numerics/tensor.hpp"

namespace specsim::numerics {

/// Tiling of one layer for OaA with FFT size K. Coordinates are in the padded input.
struct TileGeometry {
    int fft_size = 0;              ///< K
    int kernel_h = 0, kernel_w = 0;
    int tile_h = 0, tile_w = 0;    ///< input tile T_h = K − k_h + 1, T_w = K − k_w + 1 (pixels)
    int tiles_h = 0, tiles_w = 0;  ///< tiles per column / row: ⌈padded / tile⌉
    int in_h = 0, in_w = 0;        ///< unpadded input size (pixels)
    int pad_top = 0, pad_left = 0; ///< offset of the input inside the padded input
    int padded_h = 0, padded_w = 0;
    int out_h = 0, out_w = 0;      ///< output size after stride (pixels)
    int tiles() const { return tiles_h * tiles_w; }
};

/// Computes the OaA tiling; throws specsim::Error for invalid params or a kernel larger
/// than K.
TileGeometry tile_geometry(int in_h, int in_w, int k_h, int k_w, int fft_size,
                           const Conv2dParams& params);

/// Forward transform of one input tile: the T_h×T_w block of the padded channel plane
/// input[n, c] starting at (tile_row·T_h, tile_col·T_w), zero-padded to K×K (also where it
/// runs past the padded input), 2-D FFT'd into `out` (K² values, bin u·K + v).
void tile_spectrum(const Tensor4& input, int n, int c, const TileGeometry& g, int tile_row,
                   int tile_col, cplx* out);

/// OaA convolution with given spectral kernels (possibly pruned): for every tile and output
/// channel o, IFFT(Σ_m X_m ⊙ W_{o,m}) (real part), overlap-added with its neighbours
/// (overlap k − 1), cropped to the stride-1 valid output and subsampled for stride > 1.
/// `input` NCHW, `bias` empty or length O. Throws specsim::Error on shape mismatch.
Tensor4 conv2d_fft(const Tensor4& input, const SpectralKernels& kernels,
                   const std::vector<double>& bias, const Conv2dParams& params);

/// Convenience: transforms OIHW `weights` with FFT size K (dense, unpruned) and runs the
/// OaA convolution; equals conv2d_direct up to rounding (≈1e-15 relative).
Tensor4 conv2d_fft(const Tensor4& input, const Tensor4& weights, const std::vector<double>& bias,
                   const Conv2dParams& params, int fft_size);

}  // namespace specsim::numerics
