// SPDX-License-Identifier: MIT
#include "dram/trace.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "util/error.hpp"

namespace specsim::dram {
namespace {

struct SplitMix64 {
    std::uint64_t s;
    std::uint64_t next()
    {
        s += 0x9E3779B97F4A7C15ULL;
        std::uint64_t z = s;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
};

double percentile(std::vector<std::uint32_t> v, double q)
{
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    // Nearest rank.
    const auto k = static_cast<std::size_t>(std::max(1.0, std::ceil(q * static_cast<double>(v.size())))) - 1;
    return v[std::min(k, v.size() - 1)];
}

}  // namespace

std::vector<TraceRequest> read_trace(const std::string& path)
{
    std::ifstream in(path);
    if (!in) throw Error("cannot open trace '" + path + "'");
    std::vector<TraceRequest> out;
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
        if (line.empty()) continue;
        std::istringstream ss(line);
        std::string addr, op;
        std::uint64_t cycle = 0;
        if (!(ss >> addr >> op >> cycle))
            throw Error(path + ":" + std::to_string(n) + ": expected '0xADDR READ|WRITE CYCLE'");
        char* end = nullptr;
        const std::uint64_t a = std::strtoull(addr.c_str(), &end, 16);
        if (*end != '\0') throw Error(path + ":" + std::to_string(n) + ": bad address '" + addr + "'");
        // As the reference: WRITE, write, P_MEM_WR and BOFF are writes, anything else reads.
        const bool w = op == "WRITE" || op == "write" || op == "P_MEM_WR" || op == "BOFF";
        out.push_back({a, w, cycle});
    }
    return out;
}

std::vector<TraceRequest> reference_trace(const std::string& name, std::size_t n)
{
    std::vector<TraceRequest> t;
    t.reserve(n);
    if (name == "a_seq_rd" || name == "b_seq_wr") {
        for (std::size_t i = 0; i < n; ++i) t.push_back({64 * i, name == "b_seq_wr", i});
    } else if (name == "c_rand_rd_4G" || name == "h_lowint_rand_rd_gap100") {
        const bool h = name[0] == 'h';
        SplitMix64 g{h ? 2u : 1u};
        for (std::size_t i = 0; i < n; ++i) t.push_back({(g.next() >> 38) << 6, false, h ? 100 * i : i});
    } else if (name == "d_mix_2r1w") {
        std::uint64_t r = 0, w = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (i % 3 == 2) t.push_back({0x40000000ULL + 64 * w++, true, i});
            else t.push_back({64 * r++, false, i});
        }
    } else if (name == "e1_stride_256K") {
        for (std::size_t i = 0; i < n; ++i) t.push_back({(static_cast<std::uint64_t>(i) * 262144) & 0xFFFFFFFFULL, false, i});
    } else {
        throw Error("unknown reference trace '" + name + "'");
    }
    return t;
}

TraceResult run_trace(const Ddr4Spec& spec, const std::vector<TraceRequest>& trace, const ControllerParams& p)
{
    Controller c(spec, p);
    std::size_t next = 0;
    const std::uint64_t drain_stuck_limit = 1u << 24;  // safety: a trace that can never finish
    std::uint64_t idle_ticks = 0;
    while (next < trace.size() || !c.idle()) {
        c.tick();
        if (next < trace.size() && trace[next].cycle <= c.cycle() - 1 &&
            c.try_accept(trace[next].addr, trace[next].write, next))
            ++next;
        // Writes left below the drain watermark with nothing else to do never drain (as in
        // the reference); stop once everything else is done.
        if (next == trace.size() && ++idle_ticks > drain_stuck_limit) break;
    }
    TraceResult r;
    r.stats = c.stats;
    r.requests = trace.size();
    r.bytes = trace.size() * spec.org.burst_bytes();
    r.complete_cycle = c.stats.last_data_cycle;
    r.bandwidth_GBps = r.complete_cycle ? double(r.bytes) / (double(r.complete_cycle) * spec.timing.tCK_ns) : 0;
    const auto& lat = c.stats.read_latency;
    if (!lat.empty()) {
        double sum = 0;
        for (const auto x : lat) sum += x;
        r.read_latency_mean = sum / double(lat.size());
        r.read_latency_p50 = percentile(lat, 0.5);
        r.read_latency_p99 = percentile(lat, 0.99);
    }
    const std::uint64_t cols = c.stats.read_cmds + c.stats.write_cmds;
    r.row_hit_rate = cols ? double(c.stats.row_hits) / double(cols) : 0;
    return r;
}

}  // namespace specsim::dram
