// SPDX-License-Identifier: MIT
#include "core/build_info.hpp"

#include "build_revision.hpp"

namespace specsim::core {

std::string build_revision() { return SPECSIM_BUILD_REVISION; }

}  // namespace specsim::core
