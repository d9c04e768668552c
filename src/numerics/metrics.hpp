// SPDX-License-Identifier: MIT
// Error metrics between a reference and an approximation (datapath output vs FFTW or
// direct reference): max absolute error, max error relative to max |ref|, and SNR in dB.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "numerics/tensor.hpp"
#include "util/error.hpp"

namespace specsim::numerics {

struct ErrorMetrics {
    double max_abs = 0.0;  ///< max |ref − x|
    double max_rel = 0.0;  ///< max |ref − x| / max |ref|; 0 if both are 0, +inf if only ref is 0
    /// 10·log10(Σref² / Σ(ref − x)²) in dB; +inf when x == ref exactly (including both
    /// zero), −inf when ref is all zero but x is not. Test with std::isinf before printing.
    double snr_db = 0.0;
};

/// Metrics over n values. All three fields are NaN if any value is NaN (so a NaN in the
/// datapath output can never pass a tolerance check).
inline ErrorMetrics compare(const double* ref, const double* x, std::size_t n)
{
    double max_abs = 0.0, max_ref = 0.0, sig = 0.0, noise = 0.0;
    bool any_nan = false;
    for (std::size_t i = 0; i < n; ++i) {
        const double d = ref[i] - x[i];
        any_nan = any_nan || std::isnan(d);
        max_abs = std::fmax(max_abs, std::fabs(d));
        max_ref = std::fmax(max_ref, std::fabs(ref[i]));
        sig += ref[i] * ref[i];
        noise += d * d;
    }
    const double inf = std::numeric_limits<double>::infinity();
    ErrorMetrics m;
    m.max_abs = max_abs;
    m.max_rel = max_ref > 0.0 ? max_abs / max_ref : (max_abs > 0.0 ? inf : 0.0);
    if (noise == 0.0) m.snr_db = inf;
    else if (sig == 0.0) m.snr_db = -inf;
    else m.snr_db = 10.0 * std::log10(sig / noise);
    if (any_nan) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        m = ErrorMetrics{nan, nan, nan};
    }
    return m;
}

/// Metrics between equally sized vectors; throws specsim::Error on a size mismatch.
inline ErrorMetrics compare(const std::vector<double>& ref, const std::vector<double>& x)
{
    if (ref.size() != x.size())
        throw Error("compare: size mismatch (" + std::to_string(ref.size()) + " vs " +
                    std::to_string(x.size()) + ")");
    return compare(ref.data(), x.data(), ref.size());
}

/// Metrics between equally shaped tensors; throws specsim::Error on a shape mismatch.
inline ErrorMetrics compare(const Tensor4& ref, const Tensor4& x)
{
    for (int d = 0; d < 4; ++d)
        if (ref.dimension(d) != x.dimension(d))
            throw Error("compare: shape mismatch in dimension " + std::to_string(d) + " (" +
                        std::to_string(ref.dimension(d)) + " vs " + std::to_string(x.dimension(d)) + ")");
    return compare(ref.data(), x.data(), static_cast<std::size_t>(ref.size()));
}

}  // namespace specsim::numerics
