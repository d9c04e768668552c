// SPDX-License-Identifier: MIT
// FNV-1a config hash and the git revision (git run with posix_spawnp, no shell, its stderr
// sent to /dev/null).
#include "report/provenance.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <vector>

#include <fmt/core.h>

extern char** environ;

namespace specsim::report {
namespace {

struct CommandResult {
    bool ok = false;      ///< started and exited with status 0
    std::string output;   ///< its stdout
};

// Runs argv[0] from PATH with stdin and stderr on /dev/null, capturing stdout.
CommandResult run_command(std::vector<std::string> args)
{
    CommandResult r;
    int pipe_fd[2];
    if (::pipe2(pipe_fd, O_CLOEXEC) != 0) return r;
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, pipe_fd[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(pipe_fd[1]);
    if (rc != 0) {
        ::close(pipe_fd[0]);
        return r;
    }
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(pipe_fd[0], buf, sizeof buf);
        if (n > 0) r.output.append(buf, static_cast<std::size_t>(n));
        else if (n == 0 || errno != EINTR) break;
    }
    ::close(pipe_fd[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return r;
    r.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return r;
}

std::string trim(const std::string& s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

}  // namespace

std::string config_hash(const std::string& text)
{
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return fmt::format("{:016x}", h);
}

std::string git_revision(const std::string& source_dir)
{
    try {
        const std::string dir = source_dir.empty() ? "." : source_dir;
        const CommandResult head = run_command({"git", "-C", dir, "rev-parse", "--short=12", "HEAD"});
        const std::string rev = trim(head.output);
        if (!head.ok || rev.empty()) return "unknown";
        // --no-optional-locks: do not take the index lock just to refresh it.
        const CommandResult status =
            run_command({"git", "--no-optional-locks", "-C", dir, "status", "--porcelain"});
        if (!status.ok) return rev + "-dirty";  // cannot tell: do not claim a clean tree
        return trim(status.output).empty() ? rev : rev + "-dirty";
    } catch (...) {  // allocation failures: provenance must never abort a run
        return "unknown";
    }
}

}  // namespace specsim::report
