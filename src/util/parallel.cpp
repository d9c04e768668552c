// SPDX-License-Identifier: MIT
#include "util/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace specsim::util {
namespace {
std::atomic<unsigned> g_threads{0};  // 0 = hardware concurrency
}

void set_worker_threads(unsigned n) { g_threads = n; }

unsigned worker_threads()
{
    const unsigned n = g_threads.load();
    if (n) return n;
    // SPECSIM_THREADS: set by the sweep and regression runners for their child processes
    // (one process per core already), or by a user.
    if (const char* env = std::getenv("SPECSIM_THREADS")) {
        const long v = std::strtol(env, nullptr, 10);
        if (v > 0) return static_cast<unsigned>(v);
    }
    return std::max(1u, std::thread::hardware_concurrency());
}

void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn)
{
    const std::size_t threads = std::min<std::size_t>(worker_threads(), n);
    if (threads <= 1) {
        for (std::size_t i = 0; i < n; ++i) fn(i);
        return;
    }
    // Items are handed out one at a time from a shared counter: schedules vary in cost.
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex error_mutex;
    const auto work = [&] {
        for (std::size_t i; !failed && (i = next++) < n;) {
            try {
                fn(i);
            } catch (...) {
                const std::lock_guard<std::mutex> lock(error_mutex);
                if (!error) error = std::current_exception();
                failed = true;
            }
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace specsim::util
