// SPDX-License-Identifier: MIT
// FileCache: flock-guarded directory of checksummed blobs with atomic replace and LRU
// eviction (file_cache.hpp). POSIX only (flock, rename, utimensat).
#include "util/file_cache.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "util/hash.hpp"

namespace specsim::util {
namespace fs = std::filesystem;
namespace {

constexpr char k_magic[8] = {'S', 'P', 'S', 'C', 'A', 'C', 'H', 'E'};
constexpr std::uint32_t k_format = 1;
constexpr std::size_t k_header_bytes = 40;
// Temp files older than this are a killed writer's leftovers (a live write takes well
// under a second): removed at eviction.
constexpr auto k_stale_temp = std::chrono::minutes(10);

void put_u32(std::string& s, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u64(std::string& s, std::uint64_t v)
{
    for (int i = 0; i < 8; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::uint64_t get_u64(const std::string& s, std::size_t at)
{
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
    return v;
}
std::uint32_t get_u32(const std::string& s, std::size_t at)
{
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
    return v;
}

// flock on <dir>/lock for the object's lifetime; ok() false when it could not be taken.
class DirLock {
public:
    DirLock(const std::string& dir, bool exclusive)
    {
        m_fd = ::open((dir + "/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd < 0) return;
        int rc;
        do rc = ::flock(m_fd, exclusive ? LOCK_EX : LOCK_SH);
        while (rc != 0 && errno == EINTR);
        if (rc != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~DirLock()
    {
        if (m_fd >= 0) ::close(m_fd);  // closing releases the lock
    }
    DirLock(const DirLock&) = delete;
    DirLock& operator=(const DirLock&) = delete;
    bool ok() const { return m_fd >= 0; }

private:
    int m_fd = -1;
};

bool valid_name(const std::string& n)
{
    if (n.empty() || n[0] == '.') return false;
    return std::all_of(n.begin(), n.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
               c == '.';
    });
}

bool read_file(const std::string& path, std::string& out)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    std::ostringstream ss;
    ss << f.rdbuf();
    if (f.bad()) return false;
    out = ss.str();
    return true;
}

bool ends_with(const std::string& s, const std::string& tail)
{
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

std::string default_cache_dir()
{
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && *xdg) return std::string(xdg) + "/specsim";
    const char* home = std::getenv("HOME");
    if (home && *home) return std::string(home) + "/.cache/specsim";
    return "";
}

std::string frame_payload(const std::string& payload)
{
    Hasher h;
    h.add_string(payload);
    std::string s(k_magic, sizeof k_magic);
    put_u32(s, k_format);
    put_u32(s, 0);
    put_u64(s, payload.size());
    put_u64(s, h.low());
    put_u64(s, h.high());
    s += payload;
    return s;
}

std::optional<std::string> unframe_payload(const std::string& file, std::string& why)
{
    if (file.size() < k_header_bytes) {
        why = "truncated header (" + std::to_string(file.size()) + " bytes)";
        return std::nullopt;
    }
    if (std::memcmp(file.data(), k_magic, sizeof k_magic) != 0) {
        why = "not a specsim cache file (bad magic)";
        return std::nullopt;
    }
    if (get_u32(file, 8) != k_format) {
        why = "file format " + std::to_string(get_u32(file, 8)) + ", expected " + std::to_string(k_format);
        return std::nullopt;
    }
    const std::uint64_t n = get_u64(file, 16);
    if (n != file.size() - k_header_bytes) {
        why = "truncated or extended (" + std::to_string(file.size() - k_header_bytes) + " payload bytes, header says " +
              std::to_string(n) + ")";
        return std::nullopt;
    }
    std::string payload = file.substr(k_header_bytes);
    Hasher h;
    h.add_string(payload);
    if (h.low() != get_u64(file, 24) || h.high() != get_u64(file, 32)) {
        why = "checksum mismatch";
        return std::nullopt;
    }
    return payload;
}

FileCache::FileCache(std::string dir, std::uint64_t max_bytes) : m_dir(std::move(dir)), m_max_bytes(max_bytes) {}

std::optional<std::string> FileCache::get(const std::string& name, bool touch)
{
    if (!valid_name(name)) {
        warn("invalid entry name '" + name + "'");
        return std::nullopt;
    }
    const std::string path = m_dir + "/" + name + ".bin";
    std::error_code ec;
    if (!fs::exists(path, ec)) return std::nullopt;  // also: no directory yet
    std::string file;
    {
        DirLock lock(m_dir, false);
        if (!read_file(path, file)) {
            if (fs::exists(path, ec)) warn("cannot read " + name + ".bin; ignored");
            return std::nullopt;
        }
        // A hit makes the entry the most recently used (eviction removes the oldest mtime).
        if (touch) ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0);
    }
    std::string why;
    auto payload = unframe_payload(file, why);
    if (!payload) warn(name + ".bin is corrupt (" + why + "); ignored and rebuilt");
    return payload;
}

void FileCache::put(const std::string& name, const std::string& payload)
{
    if (!valid_name(name)) {
        warn("invalid entry name '" + name + "'");
        return;
    }
    std::error_code ec;
    fs::create_directories(m_dir, ec);
    if (ec) {
        warn("cannot create the directory (" + ec.message() + "); schedules not saved");
        return;
    }
    // Unique per process and call: concurrent writers never share a temp file.
    static std::atomic<std::uint64_t> counter{0};
    const std::string tmp = m_dir + "/." + name + "." + std::to_string(::getpid()) + "." +
                            std::to_string(counter.fetch_add(1)) + ".tmp";
    const std::string path = m_dir + "/" + name + ".bin";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        const std::string framed = frame_payload(payload);
        f.write(framed.data(), static_cast<std::streamsize>(framed.size()));
        f.close();
        if (!f) {
            fs::remove(tmp, ec);
            warn("cannot write " + name + ".bin (disk full or not writable?); not saved");
            return;
        }
    }
    DirLock lock(m_dir, true);
    if (!lock.ok()) warn("cannot lock " + m_dir + "/lock; writing without the lock");
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        warn("cannot rename into " + name + ".bin; not saved");
        return;
    }
    evict_locked();
}

void FileCache::evict_locked()
{
    struct Entry {
        fs::file_time_type mtime;
        std::string path;
        std::uint64_t bytes;
    };
    std::vector<Entry> entries;
    std::uint64_t total = 0;
    const auto now = fs::file_time_type::clock::now();
    std::error_code ec;
    for (fs::directory_iterator it(m_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string file = it->path().filename().string();
        std::error_code e2;
        const auto mtime = fs::last_write_time(it->path(), e2);
        if (e2) continue;
        if (ends_with(file, ".tmp")) {
            if (now - mtime > k_stale_temp) fs::remove(it->path(), e2);
            continue;
        }
        if (!ends_with(file, ".bin")) continue;
        const std::uint64_t bytes = fs::file_size(it->path(), e2);
        if (e2) continue;
        entries.push_back({mtime, it->path().string(), bytes});
        total += bytes;
    }
    if (total <= m_max_bytes) return;
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.mtime != b.mtime ? a.mtime < b.mtime : a.path < b.path;
    });
    for (const Entry& e : entries) {
        if (total <= m_max_bytes) break;
        std::error_code e2;
        if (fs::remove(e.path, e2)) total -= e.bytes;
    }
}

FileCacheInfo FileCache::info()
{
    FileCacheInfo out;
    out.dir = m_dir;
    std::error_code ec;
    if (!fs::is_directory(m_dir, ec)) return out;
    DirLock lock(m_dir, false);
    for (fs::directory_iterator it(m_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string file = it->path().filename().string();
        if (!ends_with(file, ".bin") || file[0] == '.') continue;
        std::error_code e2;
        const std::uint64_t bytes = fs::file_size(it->path(), e2);
        if (e2) continue;
        ++out.files;
        out.bytes += bytes;
        out.names.push_back(file.substr(0, file.size() - 4));
    }
    std::sort(out.names.begin(), out.names.end());
    return out;
}

std::uint64_t FileCache::clear()
{
    std::error_code ec;
    if (!fs::is_directory(m_dir, ec)) return 0;
    DirLock lock(m_dir, true);
    std::uint64_t removed = 0;
    std::vector<fs::path> doomed;
    for (fs::directory_iterator it(m_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string file = it->path().filename().string();
        if (ends_with(file, ".bin") || ends_with(file, ".tmp")) doomed.push_back(it->path());
    }
    for (const auto& p : doomed) {
        std::error_code e2;
        const bool entry = ends_with(p.filename().string(), ".bin") && p.filename().string()[0] != '.';
        if (fs::remove(p, e2) && entry) ++removed;
        else if (e2) warn("cannot remove " + p.filename().string() + " (" + e2.message() + ")");
    }
    return removed;
}

}  // namespace specsim::util
