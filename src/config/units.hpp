// SPDX-License-Identifier: MIT
// Physical quantities written as strings with units in configs ("200MHz", "19.2GB/s",
// "36Kib", "9ms"). One parser for all of them; each quantity keeps its SI base value.
#pragma once

#include <cstdint>
#include <string>

namespace specsim {

/// Clock frequency in hertz. Units: Hz, kHz, MHz, GHz.
struct Frequency {
    double hz = 0;
    double period_s() const { return 1.0 / hz; }
};

/// Data rate in bytes per second. Units: B/s, kB/s, MB/s, GB/s, TB/s (decimal),
/// KiB/s, MiB/s, GiB/s (binary), and the same with b for bits (Gb/s = 1e9/8 B/s).
struct Bandwidth {
    double bytes_per_s = 0;
};

/// Storage size in bits (so 36Kib BRAM and byte sizes are both exact).
/// Units: b, B, kb/kB (1000), Kib/KiB (1024), Mb/MB, Mib/MiB, Gb/GB, Gib/GiB.
struct DataSize {
    std::uint64_t bits = 0;
    double bytes() const { return static_cast<double>(bits) / 8.0; }
};

/// Time in seconds. Units: s, ms, us, ns, ps.
struct Duration {
    double seconds = 0;
};

// Each parser accepts "<number><unit>" with optional spaces between, a non-negative
// number, and throws specsim::Error with a message naming the accepted units otherwise.
// The message does not carry a location: the YAML reader adds it.
Frequency parse_frequency(const std::string& text);
Bandwidth parse_bandwidth(const std::string& text);
DataSize parse_data_size(const std::string& text);
Duration parse_duration(const std::string& text);

// Canonical text for dumps: the largest unit in which the value is at least 1.
std::string to_string(const Frequency& f);
std::string to_string(const Bandwidth& b);
std::string to_string(const DataSize& s);
std::string to_string(const Duration& d);

}  // namespace specsim
