// SPDX-License-Identifier: MIT
// Catch2 v2 main, compiled once at -O0 in its own library (it takes ~20 s at -O2).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
