// SPDX-License-Identifier: MIT
// The persistent read-schedule cache (docs/scheduler.md, "Schedule cache"): one file per
// layer plan, keyed by the content of its (kernel group, input channel) blocks, the
// algorithm, its budget and k_scheduler_version, on util::FileCache. Plain C++.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "overlay/spectral/analytic/read_schedule.hpp"
#include "util/file_cache.hpp"

namespace specsim::analytic {

/// Version of the schedulers' output, part of every cache key. Bump it in any change after
/// which schedule_greedy or schedule_exact (or ExactResult's lower_bound / optimal) could
/// return something else for the same bins, r and budget — old entries then never match
/// and age out of the cache.
inline constexpr std::uint32_t k_scheduler_version = 1;

/// Default size limit of the cache directory (run.schedule_cache_mb), MB = 10^6 bytes.
inline constexpr std::uint64_t k_default_schedule_cache_mb = 256;

/// What the plan keeps of one block's scheduling: the schedule, and for exact the proven
/// lower bound and whether it is met (greedy: schedule_lower_bound, false).
struct CachedSchedule {
    ReadSchedule schedule;
    int lower_bound = 0;
    bool optimal = false;
};

/// The cache entry name of a layer's blocks ("sched-v<version>-<32 hex>"): a 128-bit hash
/// of k_scheduler_version, `algorithm` (greedy | exact), `budget` (exact_conflicts; ignored
/// for greedy), `replicas` and every block's lanes' bin lists in order.
std::string schedule_cache_key(const std::vector<KernelBins>& blocks, int replicas, const std::string& algorithm,
                               std::int64_t budget);

/// Payload of a cache file: u32 block count, then per block u16 kernels, u8 replicas,
/// u8 optimal, i32 cycles, i32 lower_bound, the addr table (cycles × replicas i16) and the
/// sel table (cycles × kernels i8), little-endian. `entry` is not stored: it is the index
/// of the read bin in the lane's bin list.
std::string encode_schedules(const std::vector<CachedSchedule>& blocks);
/// The schedules of `payload` for these blocks, entries rebuilt from the bins; nullopt with
/// `why` when the payload does not fit the blocks or a schedule is not valid for its bins
/// (every non-zero consumed exactly once, through a replica that reads it).
std::optional<std::vector<CachedSchedule>> decode_schedules(const std::string& payload,
                                                            const std::vector<KernelBins>& blocks, int replicas,
                                                            std::string& why);

/// What `specsim cache info` shows.
struct ScheduleCacheInfo {
    std::string dir;
    std::uint64_t files = 0;          ///< entries (layer plans), every version
    std::uint64_t bytes = 0;
    std::uint64_t current_files = 0;  ///< entries of k_scheduler_version
    std::uint64_t blocks = 0;         ///< block schedules in those entries
};

/// A schedule cache directory. Not thread-safe: one per planning thread (the planner uses
/// it between its parallel loops). Never throws for cache trouble: see warnings().
class ScheduleCache {
public:
    ScheduleCache(std::string dir, std::uint64_t max_bytes) : m_files(std::move(dir), max_bytes) {}

    /// The cached schedules of `blocks` under `key`, or nullopt (a miss; a corrupt or
    /// mismatching entry adds a warning and is a miss).
    std::optional<std::vector<CachedSchedule>> load(const std::string& key, const std::vector<KernelBins>& blocks,
                                                    int replicas);
    void store(const std::string& key, const std::vector<CachedSchedule>& blocks);

    ScheduleCacheInfo info();
    std::uint64_t clear() { return m_files.clear(); }

    std::uint64_t hits() const { return m_hits; }      ///< layer entries found
    std::uint64_t misses() const { return m_misses; }  ///< layer entries made
    const std::vector<std::string>& warnings() const { return m_files.warnings(); }
    const std::string& dir() const { return m_files.dir(); }

private:
    util::FileCache m_files;
    std::uint64_t m_hits = 0, m_misses = 0;
};

}  // namespace specsim::analytic
