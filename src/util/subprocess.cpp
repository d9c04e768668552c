// SPDX-License-Identifier: MIT
#include "util/subprocess.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/error.hpp"

extern char** environ;

namespace specsim::util {

pid_t spawn(const std::vector<std::string>& argv, const std::string& stdout_path, const std::string& stderr_path,
            const std::vector<std::string>& extra_env)
{
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<std::string> env_store;
    for (char** e = environ; *e; ++e) env_store.emplace_back(*e);
    for (const auto& e : extra_env) env_store.push_back(e);
    std::vector<char*> env;
    for (auto& e : env_store) env.push_back(e.data());
    env.push_back(nullptr);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv.at(0).c_str(), &fa, nullptr, args.data(), env.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw Error("cannot start " + argv.at(0) + ": " + std::strerror(rc));
    return pid;
}

std::pair<pid_t, int> wait_any()
{
    int status = 0;
    pid_t pid;
    do {
        pid = waitpid(-1, &status, 0);
    } while (pid < 0 && errno == EINTR);
    if (pid < 0) return {-1, -1};
    if (WIFEXITED(status)) return {pid, WEXITSTATUS(status)};
    if (WIFSIGNALED(status)) return {pid, 128 + WTERMSIG(status)};
    return {pid, 255};
}

std::string self_exe()
{
    char buf[4096];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) throw Error("cannot find the running executable (/proc/self/exe)");
    return std::string(buf, static_cast<std::size_t>(n));
}

std::string last_line(const std::string& path)
{
    std::ifstream in(path);
    std::string line, last;
    while (std::getline(in, line))
        if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
    return last;
}

}  // namespace specsim::util
