// SPDX-License-Identifier: MIT
// Minimal .npy reader/writer: reads little-endian float32/float64 C-order arrays (format
// v1/v2) into doubles and writes float64 arrays atomically (temporary file + rename).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "numerics/tensor.hpp"

namespace specsim::numerics {

/// A .npy array converted to double, in C (row-major) order.
struct NpyArray {
    std::vector<std::int64_t> shape;  ///< dimensions, outermost first; empty for a scalar
    std::vector<double> data;         ///< product(shape) values
    std::string descr;                ///< dtype as stored in the file: "<f4" or "<f8"
};

/// Reads a .npy file (format 1.0 or 2.0, dtype '<f4' or '<f8', fortran_order False).
/// Throws specsim::Error naming the path for a missing file, bad magic, unsupported
/// version/dtype, Fortran order, malformed header or truncated data.
NpyArray read_npy(const std::string& path);

/// Reads a 4-D array into a Tensor4 (e.g. NCHW input or OIHW weights); `what` names the
/// array in error messages ("input", "weights").
Tensor4 read_tensor4(const std::string& path, const std::string& what = "array");

/// Reads a 1-D array (e.g. a bias of length O).
std::vector<double> read_vector(const std::string& path, const std::string& what = "array");

/// Writes `data` (product(shape) values, C order) as a float64 .npy (format 1.0, header
/// padded with spaces to a multiple of 64 bytes like numpy). The file is written to
/// `path.tmp.<pid>` and renamed over `path`, so readers never see a partial file.
void write_npy(const std::string& path, const std::vector<std::int64_t>& shape,
               const double* data);

/// Writes a Tensor4 as a 4-D float64 .npy (atomically, see write_npy).
void write_tensor4(const std::string& path, const Tensor4& t);

}  // namespace specsim::numerics
