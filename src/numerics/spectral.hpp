// SPDX-License-Identifier: MIT
// Spectral (frequency-domain) convolution kernels: each k_h×k_w spatial kernel is flipped,
// zero-padded to K×K and 2-D FFT'd; a per-kernel mask marks the stored (non-zero) bins,
// which is the hardware's sparse kernel format after top-n pruning (SPEC2, PAPERS.md §1–2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "numerics/tensor.hpp"

namespace specsim::numerics {

/// One stored spectral weight in the hardware's sparse kernel format.
struct SparseEntry {
    cplx value;  ///< complex weight
    int bin;     ///< bin index u·K + v, 0 ≤ bin < K²
};

/// Spectrum of one spatial kernel: w (k_h×k_w, row-major) is flipped in both axes
/// (w'[a,b] = w[k_h−1−a, k_w−1−b], so that the frequency-domain product is a true linear
/// convolution that equals the cross-correlation of PyTorch/ONNX Conv), zero-padded to
/// K×K and transformed with Fft2d::forward. `out` receives K² values (bin u·K + v).
/// Flipping only changes phases: |W| equals the magnitude of the unflipped spectrum.
/// Throws specsim::Error if k_h or k_w is larger than K.
void kernel_spectrum(const double* w, int k_h, int k_w, int fft_size, cplx* out);

/// O×I spectral kernels of size K×K with a stored-bin mask per kernel. Invariant: the value
/// of every bin outside the mask is exactly 0.
class SpectralKernels {
public:
    /// All-zero kernels with empty masks (nnz 0). Throws specsim::Error if a size is < 1 or
    /// the spatial kernel is larger than K.
    SpectralKernels(int out_channels, int in_channels, int kernel_h, int kernel_w, int fft_size);

    /// Transforms OIHW spatial weights; all K² bins of every kernel are stored (dense).
    static SpectralKernels from_spatial(const Tensor4& weights, int fft_size);

    int out_channels() const { return m_out; }
    int in_channels() const { return m_in; }
    int kernel_h() const { return m_kh; }  ///< spatial kernel height (pixels)
    int kernel_w() const { return m_kw; }  ///< spatial kernel width (pixels)
    int fft_size() const { return m_k; }   ///< K
    int bins() const { return m_k * m_k; } ///< K²

    /// K² spectrum values of kernel (o, i), row-major (bin u·K + v); 0 outside the mask.
    const cplx* spectrum(int o, int i) const { return &m_values[offset(o, i)]; }
    /// K² mask bytes of kernel (o, i): 1 = stored bin, 0 = pruned.
    const std::uint8_t* mask(int o, int i) const { return &m_mask[offset(o, i)]; }
    /// Number of stored bins of kernel (o, i).
    int nnz(int o, int i) const;
    /// Total number of stored bins over all O×I kernels.
    std::size_t total_nnz() const;
    /// Stored bins of kernel (o, i) in ascending bin order (value + bin index).
    std::vector<SparseEntry> nonzeros(int o, int i) const;

    /// Keeps, in every kernel, exactly the n stored bins of largest magnitude |W| (ties
    /// broken by the lower bin index) and zeros the rest; a kernel with fewer than n stored
    /// bins is unchanged. Throws specsim::Error unless 0 ≤ n ≤ K².
    void prune_top_n(int n);

    /// Restricts kernel (o, i) to the stored bins also in `keep` (K² mask bytes, non-zero =
    /// keep); other bins are zeroed.
    void apply_mask(int o, int i, const std::uint8_t* keep);

    /// Stores `value` at `bin` of kernel (o, i) and marks the bin stored.
    void set_bin(int o, int i, int bin, cplx value);

private:
    std::size_t offset(int o, int i) const
    {
        return (static_cast<std::size_t>(o) * m_in + i) * static_cast<std::size_t>(m_k * m_k);
    }
    void check_index(int o, int i) const;

    int m_out, m_in, m_kh, m_kw, m_k;
    std::vector<cplx> m_values;        // O·I·K² values
    std::vector<std::uint8_t> m_mask;  // O·I·K² stored flags
};

}  // namespace specsim::numerics
