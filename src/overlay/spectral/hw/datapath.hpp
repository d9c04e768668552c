// SPDX-License-Identifier: MIT
// The values the overlay computes, in plain C++ so it runs without a kernel: tile spectra
// in the input buffers, complex MACs the PE array performs as the reader's replicas and
// selects dictate, partial sums, IFFT and overlap-add into the output. The SystemC units
// call into it cycle by cycle (cycle mode) or pass by pass (fast mode); the arithmetic and
// its order are the same either way.
#pragma once

#include <cstdint>
#include <vector>

#include "overlay/spectral/analytic/spectral_plan.hpp"
#include "overlay/spectral/hw/blocks.hpp"
#include "numerics/fixed_point.hpp"
#include "numerics/spectral.hpp"
#include "numerics/tensor.hpp"

namespace specsim::hw {

/// Real data for one layer: input 1×M×H×W, spectral kernels N×M (pruned to the plan's
/// bins), and the output the model fills (1×N×H_out×W_out).
struct LayerData {
    numerics::Tensor4 input;
    numerics::SpectralKernels kernels{1, 1, 1, 1, 1};
    std::vector<double> bias;
    numerics::Tensor4 output;
    /// Quantise tile spectra and kernel values to `data_format` (with a per-layer
    /// power-of-two scale); products and partial sums are kept exact (the accumulator is
    /// assumed wide enough), the IFFT in double.
    bool fixed_point = false;
    numerics::FixedFormat data_format{16, 10};  ///< spectra and kernel values
    int stride_h = 1, stride_w = 1;
};

/// Spectra of one block's tiles at one input channel: [tile − p0][bin].
struct InputSlot {
    std::vector<numerics::cplx> spectra;
};

class SpectralDatapath {
public:
    SpectralDatapath(const analytic::SpectralLayerPlan& plan, LayerData& data, int kernels_parallel,
                     int tiles_parallel);

    /// READ INPUT + FFT: transforms the block's tiles of channel m into `slot`.
    void load_tiles(InputSlot& slot, const Block& b, int m) const;

    /// Starts a block in partial-sum buffer half `half`: zeroes it; MACs go there until the
    /// next begin_block.
    void begin_block(const Block& b, int half = 0);

    /// Kernel lane `lane` of group g consumes its entry `entry` (bin `bin`, read through its
    /// replica) for tile group q of the block (tiles p0 + q·P′ …) at channel m.
    void mac_entry(const InputSlot& slot, const Block& b, int g, int q, int m, int lane, int entry, int bin);

    /// PROC IFFT: inverse-transforms every (kernel, tile) partial sum of the block and
    /// overlap-adds it into the output planes.
    void ifft_block(const Block& b, int half = 0);

    /// After the last block: crops the valid output, subsamples for stride, adds bias.
    void finish();

private:
    numerics::cplx& psum(int half, int n_local, int p_local, int bin);
    numerics::cplx weight(int n, int m, int entry) const;
    double range_scale(double max_abs) const;

    const analytic::SpectralLayerPlan& m_plan;
    LayerData& m_data;
    int m_np, m_pp, m_kk;
    std::vector<numerics::cplx> m_psum[2];  // per half: [n − n0][p − p0][bin]
    int m_block_tiles[2] = {0, 0};
    int m_acc_half = 0;                     // half the MACs accumulate into
    std::vector<double> m_full;             // [n][full_h][full_w] overlap-add planes (stride 1)
    int m_full_h = 0, m_full_w = 0;
    std::vector<std::vector<numerics::SparseEntry>> m_nonzeros;  // [n·M + m]
    double m_w_scale = 1, m_x_scale = 1;    // fixed point: power-of-two range scaling
};

}  // namespace specsim::hw
