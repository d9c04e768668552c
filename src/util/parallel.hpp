// SPDX-License-Identifier: MIT
// A deterministic parallel loop for independent work items (read schedules of one layer):
// item i always lands in slot i, so results do not depend on the thread count.
#pragma once

#include <cstddef>
#include <functional>

namespace specsim::util {

/// Threads parallel_for may use: set_worker_threads(n), else the environment variable
/// SPECSIM_THREADS, else the machine's hardware threads. Sweeps that run one worker
/// process per core give their children SPECSIM_THREADS=1.
void set_worker_threads(unsigned n);
unsigned worker_threads();

/// Calls fn(i) for i in [0, n), spread over worker_threads() threads. fn must only write
/// state owned by item i. The first exception thrown by any item is rethrown here after
/// all threads have stopped.
void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn);

}  // namespace specsim::util
