// SPDX-License-Identifier: MIT
// Datapath numerics of a systolic-array overlay: a convolution lowered to a list of GEMMs
// (im2col, kn2row, Winograd F(2×2,3×3) / F(4×4,3×3)), the input/weight transforms before the
// array, the fold-by-fold GEMM the array computes, and the output transform / accumulation
// after it — in double precision or with operands quantised to a 16-bit fixed-point format.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "numerics/conv_params.hpp"
#include "numerics/fixed_point.hpp"
#include "numerics/gemm_dims.hpp"
#include "numerics/tensor.hpp"

namespace specsim::numerics {

/// How a convolution is lowered to GEMMs.
/// - im2col: one GEMM, A = patches (out pixels × k_h·k_w·C, column index c·k_h·k_w + a·k_w + b),
///   B = weights (k_h·k_w·C × out_c); strided patches are gathered for stride > 1.
/// - kn2row: k_h·k_w GEMMs (one per kernel position (a, b), index a·k_w + b), each
///   A = the input shifted by (a, b) and subsampled by the stride (out pixels × C), B = the
///   (a, b) weight slice (C × out_c); the outputs are summed (shifted accumulation). For
///   stride > 1 the strided shifted input is gathered per kernel position, so every GEMM has
///   M = out pixels (no wasted rows).
/// - winograd2 / winograd4: F(m×m, 3×3) with m = 2 / 4 (Lavin & Gray 2016, arXiv 1509.09308),
///   stride 1 only, square kernels k ≥ 3. The kernel is split into ⌈k/3⌉² 3×3 pieces at offsets
///   (3p, 3q), zero-padded past the kernel edge; piece (p, q) is a 3×3 convolution of the padded
///   input shifted by (3p, 3q), and the piece outputs are summed. Per piece, (m+2)² GEMMs
///   (index piece·(m+2)² + ξ·(m+2) + ν, pieces row-major) of tiles × C by C × out_c, where
///   tiles = ⌈H_out/m⌉·⌈W_out/m⌉; A holds Bᵀ·d·B of the (m+2)² input tile d, B holds G·g·Gᵀ.
///   Edge tiles read zeros past the padded input; their extra outputs are cropped.
enum class ConvAlgorithm { im2col, kn2row, winograd2, winograd4 };

/// "im2col" | "kn2row" | "winograd2" | "winograd4"; anything else throws specsim::Error
/// listing the valid names.
ConvAlgorithm parse_conv_algorithm(const std::string& name);
const char* to_string(ConvAlgorithm a);
/// All algorithms, in declaration order.
std::vector<ConvAlgorithm> all_conv_algorithms();

/// Why `a` cannot run a k_h×k_w convolution with `p` ("" = it can). im2col and kn2row run
/// everything; Winograd needs stride 1 and a square kernel of at least 3×3.
std::string unsupported_reason(ConvAlgorithm a, int k_h, int k_w, const Conv2dParams& p);

/// The GEMMs a batch-1 layer lowers to, from shapes alone (the timing model uses exactly
/// these; they equal lower_conv(...).gemms one for one). in_c, in_h, in_w: input (channels,
/// pixels); out_c filters; k_h×k_w kernel. Throws specsim::Error for invalid shapes/params or
/// an unsupported algorithm (message = unsupported_reason).
std::vector<GemmDims> lowered_gemms(ConvAlgorithm a, int in_c, int in_h, int in_w, int out_c,
                                    int k_h, int k_w, const Conv2dParams& p);

/// One GEMM C = A·B as the array sees it. c is M×N, zero-filled by lowering; the caller
/// fills it (gemm_tile) in any tile order before assembly.
struct LoweredGemm {
    Eigen::MatrixXd a, b, c;
    GemmDims dims() const;
};

/// A lowered convolution: the GEMMs plus what assembly needs.
struct LoweredConv {
    ConvAlgorithm algorithm = ConvAlgorithm::im2col;
    std::vector<LoweredGemm> gemms;  ///< dims equal lowered_gemms(...) one for one
    int in_c = 0, out_c = 0;         ///< channels
    int k_h = 0, k_w = 0;            ///< kernel (pixels)
    int out_h = 0, out_w = 0;        ///< output size (pixels)
    int tile_m = 0;                  ///< Winograd output tile side m (2 or 4); 0 otherwise
    int tiles_h = 0, tiles_w = 0;    ///< Winograd tiles per column / row: ⌈out/m⌉
    int pieces_h = 0, pieces_w = 0;  ///< Winograd 3×3 kernel pieces per axis: ⌈k/3⌉
    bool quantised = false;          ///< A and B were quantised (to format_a / format_b)
    FixedFormat format_a{};          ///< format of every A entry when quantised
    FixedFormat format_b{};          ///< format of every B entry when quantised
};

/// Input transform + weight transform: builds every GEMM's A and B (see ConvAlgorithm).
/// `input` NCHW with N = 1, `weights` OIHW. With `q` non-null, A and B entries are quantised
/// to *q after their transform (as hardware would store them); transforms are computed in
/// double. Throws specsim::Error on shape mismatch, N ≠ 1, or an unsupported algorithm.
LoweredConv lower_conv(const Tensor4& input, const Tensor4& weights, const Conv2dParams& p,
                       ConvAlgorithm a, const FixedFormat* q = nullptr);

/// As above with separate formats for A (input side) and B (weight side). Winograd needs
/// this in 16 bits: Bᵀ·d·B grows (|·| ≤ 100 for F4 with |d| ≤ 1) while G·g·Gᵀ shrinks
/// (F4 entries down to g/576), so one shared format either saturates A or starves B.
LoweredConv lower_conv(const Tensor4& input, const Tensor4& weights, const Conv2dParams& p,
                       ConvAlgorithm a, const FixedFormat& q_a, const FixedFormat& q_b);

/// One fold of the array: c[r, col] += Σ_{k∈[k0,k1)} a[r, k]·b[k, col] for r ∈ [r0, r1),
/// col ∈ [c0, c1). Each element accumulates its k terms one by one in increasing k directly
/// into c, so any tiling in rows/columns, and any split of K applied in increasing k order,
/// gives bit-identical results. Products of quantised operands are exact in double and the
/// sum is a double (wide) accumulator. Throws specsim::Error for a range outside the GEMM.
void gemm_tile(LoweredGemm& g, std::uint64_t r0, std::uint64_t r1, std::uint64_t c0,
               std::uint64_t c1, std::uint64_t k0, std::uint64_t k1);

/// gemm_tile over the whole GEMM.
void gemm_full(LoweredGemm& g);

/// Output transform (Winograd Aᵀ·M·A, crop), shifted accumulation (kn2row) or col2im
/// (im2col) of the filled C matrices: the NCHW output (1, out_c, H_out, W_out) plus bias
/// (empty = none, else length out_c). `q` non-null: bias and output are quantised to *q
/// (the sum itself is formed in double, a wide accumulator).
Tensor4 assemble_conv(const LoweredConv& lc, const std::vector<double>& bias,
                      const FixedFormat* q = nullptr);

/// Convenience: lower_conv, gemm_full on every GEMM, assemble_conv.
Tensor4 conv2d_lowered(const Tensor4& input, const Tensor4& weights,
                       const std::vector<double>& bias, const Conv2dParams& p, ConvAlgorithm a,
                       const FixedFormat* q = nullptr);

/// The Winograd F(m×m, 3×3) matrices: bt (m+2)×(m+2), g (m+2)×3, at m×(m+2); m = 2 or 4
/// (anything else throws specsim::Error).
struct WinogradMatrices {
    int m = 0;
    Eigen::MatrixXd bt, g, at;
};
const WinogradMatrices& winograd_matrices(int m);

/// A fully connected layer y = x·Wᵀ + bias as one GEMM: M = batch (one row per batch item),
/// N = out_features, K = in_features.
GemmDims fully_connected_gemm(int batch, int in_features, int out_features);

/// A = x (batch × in_features), B = wᵀ with `w` out_features × in_features (PyTorch Linear /
/// ONNX Gemm transB = 1). `q` as for lower_conv. Throws specsim::Error on a size mismatch.
LoweredGemm lower_fully_connected(const Eigen::MatrixXd& x, const Eigen::MatrixXd& w,
                                  const FixedFormat* q = nullptr);

/// y = c + bias (batch × out_features); bias empty or of length out_features; `q` as for
/// assemble_conv.
Eigen::MatrixXd assemble_fully_connected(const LoweredGemm& g, const std::vector<double>& bias,
                                         const FixedFormat* q = nullptr);

}  // namespace specsim::numerics
