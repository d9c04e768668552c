// SPDX-License-Identifier: MIT
// One SCALE-Sim reference row on the systolic overlay's SystemC model, set up as SCALE-Sim
// runs it: 1-byte words, free first fill (preload), SCALE-Sim's read windows; CALC rows on
// the ideal memory (every transfer done at the next edge), USER rows on the simple model
// at B bytes per cycle with 0 latency, one memory per operand as SCALE-Sim's three
// interfaces (or one shared). Elaborates SystemC: once per process.
#pragma once

#include "overlay/systolic/analytic/scalesim_cases.hpp"

namespace specsim::systolic {

/// Runs `row` and returns its figures in SCALE-Sim's conventions (DRAM reads include the
/// free preload, counted in lines of B; 10 words in CALC mode).
ScalesimOurs run_scalesim_case(const ScalesimCase& row, bool shared_memory);

}  // namespace specsim::systolic
