// SPDX-License-Identifier: MIT
// The flexible-dataflow spectral sparse accelerator (PAPERS.md §1) behind the Overlay
// interface: its registration object.
#pragma once

#include "overlay/overlay.hpp"

namespace specsim::overlay {

/// The spectral overlay (arch.overlay.type: spectral).
const Overlay& spectral_overlay();

}  // namespace specsim::overlay
