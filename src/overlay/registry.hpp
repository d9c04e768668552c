// SPDX-License-Identifier: MIT
// The overlays specsim knows, by arch.overlay.type. Adding an overlay = its folder under
// src/overlay/ and one line in registry.cpp.
#pragma once

#include <string>
#include <vector>

#include "config/arch_params.hpp"
#include "overlay/overlay.hpp"

namespace specsim::overlay {

/// The overlay of this type; throws specsim::Error with the known types (and a
/// did-you-mean) for an unknown one.
const Overlay& find_overlay(const std::string& type);

/// Every registered type, in registration order.
std::vector<std::string> overlay_types();

/// The parser config::parse_arch needs for `overlay:` (every registered type).
config::OverlayParser overlay_parser();

/// config::parse_arch with every registered overlay.
config::ArchParams parse_arch(const config::Node& root);

}  // namespace specsim::overlay
