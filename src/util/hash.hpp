// SPDX-License-Identifier: MIT
// A 128-bit non-cryptographic hash for content keys and checksums (file caches): two
// independent 64-bit lanes, each a chain of splitmix64 finalisers over 64-bit words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace specsim::util {

/// Streaming 128-bit hash. Not a defence against adversaries: it guards cache keys and file
/// contents against accidental collisions and corruption (2^-128 per pair by construction).
/// Deterministic across runs and machines of the same endianness.
class Hasher {
public:
    void add_u64(std::uint64_t w)
    {
        m_a = mix(m_a ^ w);
        m_b = mix(m_b + rotl(w, 29) + 0x9e3779b97f4a7c15ULL);
        ++m_words;
    }
    void add_i64(std::int64_t v) { add_u64(static_cast<std::uint64_t>(v)); }
    /// Bytes, length-prefixed so ("ab","c") and ("a","bc") differ.
    void add_bytes(const void* data, std::size_t n)
    {
        add_u64(n);
        const auto* p = static_cast<const unsigned char*>(data);
        std::size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            std::uint64_t w = 0;
            std::memcpy(&w, p + i, 8);
            add_u64(w);
        }
        if (i < n) {
            std::uint64_t w = 0;
            std::memcpy(&w, p + i, n - i);
            add_u64(w);
        }
    }
    void add_string(const std::string& s) { add_bytes(s.data(), s.size()); }

    /// The two 64-bit halves (finalised with the word count; the hasher stays usable).
    std::uint64_t low() const { return mix(m_a ^ mix(m_words)); }
    std::uint64_t high() const { return mix(m_b ^ mix(m_words + 1)); }
    /// 32 lower-case hex digits: high then low.
    std::string hex() const;

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t mix(std::uint64_t z)
    {
        z += 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::uint64_t m_a = 0x243f6a8885a308d3ULL;  // π digits: arbitrary, distinct lane seeds
    std::uint64_t m_b = 0x13198a2e03707344ULL;
    std::uint64_t m_words = 0;
};

inline std::string Hasher::hex() const
{
    static const char* digits = "0123456789abcdef";
    std::string s(32, '0');
    const std::uint64_t h[2] = {high(), low()};
    for (int i = 0; i < 2; ++i)
        for (int d = 0; d < 16; ++d) s[static_cast<std::size_t>(i * 16 + d)] = digits[(h[i] >> (60 - 4 * d)) & 0xf];
    return s;
}

}  // namespace specsim::util
