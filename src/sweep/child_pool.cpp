// SPDX-License-Identifier: MIT
// The child-process pool shared by the sweep runner and the regression.
#include "sweep/child_pool.hpp"

#include <algorithm>
#include <map>
#include <thread>

#include "util/subprocess.hpp"

namespace specsim::sweep {

unsigned jobs_or_cores(int requested)
{
    return requested > 0 ? unsigned(requested) : std::max(1u, std::thread::hardware_concurrency());
}

void run_children(std::size_t count, unsigned jobs, const std::function<pid_t(std::size_t)>& start,
                  const std::function<void(std::size_t, int)>& finished)
{
    std::map<pid_t, std::size_t> running;
    std::size_t next = 0;
    while (next < count && running.size() < jobs) {
        const std::size_t i = next++;
        running[start(i)] = i;
    }
    while (!running.empty()) {
        const auto [pid, code] = util::wait_any();
        const auto it = running.find(pid);
        if (it == running.end()) continue;
        const std::size_t i = it->second;
        running.erase(it);
        finished(i, code);
        if (next < count) {
            const std::size_t j = next++;
            running[start(j)] = j;
        }
    }
}

}  // namespace specsim::sweep
