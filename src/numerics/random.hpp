// SPDX-License-Identifier: MIT
// Deterministic, portable random numbers: std::mt19937_64 (its output sequence is fixed by
// the C++ standard) with our own distribution code, because the std distributions differ
// between standard libraries. seed_for() derives an independent stream per layer.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <string_view>

#include "util/error.hpp"

namespace specsim::numerics {

/// splitmix64 finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mixer.
inline std::uint64_t splitmix64(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/// FNV-1a 64-bit hash of the bytes of `s` (stable across platforms and runs).
inline std::uint64_t fnv1a64(std::string_view s)
{
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ULL;
    }
    return h;
}

/// Seed of the stream named `salt` (e.g. a layer name) under the run seed `base_seed`:
/// splitmix64(splitmix64(base_seed) ^ fnv1a64(salt)).
inline std::uint64_t seed_for(std::uint64_t base_seed, std::string_view salt)
{
    return splitmix64(splitmix64(base_seed) ^ fnv1a64(salt));
}

/// Seeded generator with portable distributions.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_engine(seed) {}

    /// Next raw 64-bit output of mt19937_64.
    std::uint64_t next_u64() { return m_engine(); }

    /// Uniform double in [0, 1) with 53 random bits.
    double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

    /// Uniform double in (0, 1) (never 0 or 1): safe for log().
    double uniform_open01() { return (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1.0p-53; }

    /// Standard normal N(0, 1) by Box–Muller; the second value of each pair is cached.
    /// (Portable up to the last-ulp accuracy of the platform's log/sqrt/cos/sin.)
    double normal()
    {
        if (m_has_spare) {
            m_has_spare = false;
            return m_spare;
        }
        const double u1 = uniform_open01();
        const double u2 = uniform01();
        const double r = std::sqrt(-2.0 * std::log(u1));
        const double t = 2.0 * 3.14159265358979323846 * u2;
        m_spare = r * std::sin(t);
        m_has_spare = true;
        return r * std::cos(t);
    }

    /// Uniform integer in [0, n), unbiased (rejection sampling). Throws if n == 0.
    std::uint64_t uniform_int(std::uint64_t n)
    {
        if (n == 0) throw Error("Rng::uniform_int: n must be > 0");
        const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
        std::uint64_t x;
        do {
            x = next_u64();
        } while (x < threshold);
        return x % n;
    }

private:
    std::mt19937_64 m_engine;
    bool m_has_spare = false;
    double m_spare = 0.0;
};

}  // namespace specsim::numerics
