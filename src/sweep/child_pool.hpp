// SPDX-License-Identifier: MIT
// A pool of child processes, a fixed number at a time: how `specsim sweep` runs its points and
// `specsim regress` its cases (SystemC elaborates once per process, so each simulation is
// its own `specsim run` child started with util::spawn).
#pragma once

#include <cstddef>
#include <functional>
#include <sys/types.h>

namespace specsim::sweep {

/// -j: `requested` when at least 1, else one per hardware thread (at least 1).
unsigned jobs_or_cores(int requested);

/// Runs children 0 … count−1, at most `jobs` (≥ 1) at a time, started in index order:
/// `start(i)` spawns child i and returns its pid; `finished(i, exit_code)` is called as each
/// ends, in the order they end, before the next child is started (exit code 128 + signal
/// for a child killed by a signal). Waits for any child of this process; pids it did not
/// start are ignored. Exceptions from `start` or `finished` propagate (children already
/// started keep running).
void run_children(std::size_t count, unsigned jobs, const std::function<pid_t(std::size_t)>& start,
                  const std::function<void(std::size_t, int)>& finished);

}  // namespace specsim::sweep
