// SPDX-License-Identifier: MIT
// Tensor and complex types of the numerics reference path: activations are NCHW and
// weights OIHW, both row-major (C order) so .data() matches a C-order .npy file.
#pragma once

#include <complex>
#include <unsupported/Eigen/CXX11/Tensor>

namespace specsim::numerics {

/// 4-D double tensor, row-major: activations (N, C, H, W), weights (O, I, kH, kW).
using Tensor4 = Eigen::Tensor<double, 4, Eigen::RowMajor>;

/// Complex double, layout-compatible with fftw_complex.
using cplx = std::complex<double>;

}  // namespace specsim::numerics
