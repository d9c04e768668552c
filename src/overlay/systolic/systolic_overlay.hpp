// SPDX-License-Identifier: MIT
// The systolic-array overlay (PAPERS.md §5: one P1×P2 array running im2col, kn2row and
// Winograd GEMMs under os/ws/is dataflows) behind the Overlay interface: its registration
// object.
#pragma once

#include "overlay/overlay.hpp"

namespace specsim::overlay {

/// The systolic overlay (arch.overlay.type: systolic).
const Overlay& systolic_overlay();

}  // namespace specsim::overlay
