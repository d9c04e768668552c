// SPDX-License-Identifier: MIT
// Identity of this specsim build, for provenance and for keys that must change when the
// model does (sweep point results).
#pragma once

#include <string>

namespace specsim::core {

/// The git revision the binary was built from (12 hex digits, "-dirty" when the tree had
/// uncommitted changes), or "unknown" when built outside a checkout.
std::string build_revision();

}  // namespace specsim::core
