// SPDX-License-Identifier: MIT
// Child processes for work that needs its own process (SystemC elaborates once per
// process, so every simulated point of a sweep or regression case is a `specsim run`).
// POSIX only.
#pragma once

#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace specsim::util {

/// Starts argv[0] (a path) with `argv`, stdout and stderr redirected to files (truncated),
/// extra "NAME=value" entries added to the environment. Throws specsim::Error on failure.
pid_t spawn(const std::vector<std::string>& argv, const std::string& stdout_path, const std::string& stderr_path,
            const std::vector<std::string>& extra_env = {});

/// Waits for any child; returns (pid, exit code), the exit code being 128 + signal for a
/// child killed by a signal. (−1, −1) when there are no children.
std::pair<pid_t, int> wait_any();

/// Path of the running executable (/proc/self/exe).
std::string self_exe();

/// Last non-empty line of a text file ("" if none or unreadable).
std::string last_line(const std::string& path);

}  // namespace specsim::util
