// SPDX-License-Identifier: MIT
// A persistent, size-limited store of named blobs in one directory, shared by concurrent
// processes: flock on <dir>/lock, atomic writes (temp file + rename), a checksum per file
// (corrupt or truncated files read as misses), eviction of the least recently used files.
// Never throws for I/O trouble and never prints: problems become `warnings()`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace specsim::util {

/// $XDG_CACHE_HOME/specsim, else $HOME/.cache/specsim, else "" (no usable default).
std::string default_cache_dir();

/// What a cache directory holds (files named *.bin; temp files and the lock not counted).
struct FileCacheInfo {
    std::string dir;
    std::uint64_t files = 0;
    std::uint64_t bytes = 0;         ///< sum of file sizes, headers included
    std::vector<std::string> names;  ///< entry names (file names without .bin), sorted
};

/// One cache directory. Entry names are [A-Za-z0-9_.-]+ (the caller's keys); each entry is
/// the file <dir>/<name>.bin = 40-byte header (magic "SPSCACHE", u32 format 1, u32 0,
/// u64 payload bytes, 128-bit checksum of the payload) + payload, little-endian.
class FileCache {
public:
    /// max_bytes: after each put, the least recently used entries (file mtime; a hit touches
    /// its file) are removed until the directory holds at most this many bytes.
    FileCache(std::string dir, std::uint64_t max_bytes);

    const std::string& dir() const { return m_dir; }

    /// The payload of `name`, or nullopt when absent, unreadable or corrupt (a warning says
    /// which; a corrupt file is left to be replaced by the next put). `touch`: mark the
    /// entry as just used (false for inspection, e.g. `specsim cache info`).
    std::optional<std::string> get(const std::string& name, bool touch = true);
    /// Stores `payload` under `name` atomically (readers see the old file or the new one,
    /// never a part), then evicts. Failures only add a warning.
    void put(const std::string& name, const std::string& payload);

    /// Files, bytes and names (shared lock).
    FileCacheInfo info();
    /// Removes every entry and leftover temp file (exclusive lock); returns entries removed.
    std::uint64_t clear();

    /// What went wrong so far (for the caller to print), oldest first.
    const std::vector<std::string>& warnings() const { return m_warnings; }
    /// Adds "cache <dir>: <what>" to warnings() (for callers that check payloads further).
    void warn(const std::string& what) { m_warnings.push_back("cache " + m_dir + ": " + what); }

private:
    std::string m_dir;
    std::uint64_t m_max_bytes;
    std::vector<std::string> m_warnings;
    void evict_locked();
};

/// The header-wrapped bytes FileCache writes for `payload` (exposed for tests).
std::string frame_payload(const std::string& payload);
/// The payload inside `file`, or nullopt with `why` set when the frame is bad.
std::optional<std::string> unframe_payload(const std::string& file, std::string& why);

}  // namespace specsim::util
