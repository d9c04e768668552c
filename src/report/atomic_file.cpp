// SPDX-License-Identifier: MIT
// write_file_atomic: temp file in the target directory, fsync, rename, fsync the directory.
// POSIX calls directly, so every failure has an errno to report.
#include "report/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "util/error.hpp"

namespace specsim::report {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what, int err)
{
    throw Error("cannot write '" + path + "': " + what + ": " + std::strerror(err));
}

// Owns the temporary file until it has been renamed: closes and unlinks it otherwise.
class TempFile {
public:
    explicit TempFile(std::string path) : m_path(std::move(path)) {}
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile()
    {
        if (m_fd >= 0) ::close(m_fd);
        if (!m_renamed) ::unlink(m_path.c_str());
    }
    bool open()
    {
        m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        return m_fd >= 0;
    }
    int fd() const { return m_fd; }
    int close()
    {
        const int rc = ::close(m_fd);
        m_fd = -1;
        return rc;
    }
    void renamed() { m_renamed = true; }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    int m_fd = -1;
    bool m_renamed = false;
};

bool write_all(int fd, const std::string& contents)
{
    const char* p = contents.data();
    std::size_t left = contents.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    return true;
}

// Best effort: makes the rename durable. Some file systems refuse fsync on a directory.
void sync_dir(const std::filesystem::path& dir)
{
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    (void)::fsync(fd);
    ::close(fd);
}

}  // namespace

void write_file_atomic(const std::string& path, const std::string& contents)
{
    namespace fs = std::filesystem;
    if (path.empty()) throw Error("cannot write a file with an empty path");
    const fs::path target(path);
    const fs::path dir = target.parent_path();
    if (!dir.empty()) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) fail(path, "cannot create directory '" + dir.string() + "'", ec.value());
    }

    TempFile tmp(path + ".tmp." + std::to_string(::getpid()));
    if (!tmp.open()) fail(path, "cannot create '" + tmp.path() + "'", errno);
    if (!write_all(tmp.fd(), contents)) fail(path, "write", errno);
    if (::fsync(tmp.fd()) != 0) fail(path, "fsync", errno);
    if (tmp.close() != 0) fail(path, "close", errno);
    if (::rename(tmp.path().c_str(), path.c_str()) != 0) fail(path, "rename", errno);
    tmp.renamed();
    sync_dir(dir);
}

}  // namespace specsim::report
