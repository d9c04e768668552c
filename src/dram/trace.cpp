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

// Nearest rank: the smallest sample with at least q·n samples at or below it (0 for none).
double percentile(std::vector<std::uint32_t> v, double q)
{
    if (v.empty()) return 0;
    const auto k = static_cast<std::size_t>(std::max(1.0, std::ceil(q * static_cast<double>(v.size())))) - 1;
    const auto kth = v.begin() + static_cast<std::ptrdiff_t>(std::min(k, v.size() - 1));
    std::nth_element(v.begin(), kth, v.end());
    return *kth;
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

std::vector<TraceRequest> synthetic_trace(bool sequential, std::uint64_t gap, std::size_t n, std::uint64_t seed,
                                          std::uint32_t write_every)
{
    std::vector<TraceRequest> t;
    t.reserve(n);
    SplitMix64 g{seed};
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t a = sequential ? 64 * i : (g.next() >> 38) << 6;
        t.push_back({a, write_every > 0 && i % write_every == write_every - 1, gap * i});
    }
    return t;
}

TraceResult run_trace(const Ddr4Spec& spec, const std::vector<TraceRequest>& trace, const ControllerParams& p,
                      bool reference_mode)
{
    // One controller per channel; requests go to their channel's controller in file order
    // (a full queue blocks the rest, as in the reference's driver).
    std::vector<Controller> channels;
    for (std::uint32_t ch = 0; ch < spec.org.channels; ++ch) channels.emplace_back(spec, p);
    const AddressMap map(spec.org, spec.address_mapping);
    const auto idle = [&] {
        return std::all_of(channels.begin(), channels.end(), [](const Controller& c) { return c.idle(); });
    };
    for (auto& c : channels) c.set_reference_mode(reference_mode);
    std::size_t next = 0;
    bool refused = false;  // the next request was refused; it waits for an event in its channel
    while (next < trace.size() || !idle()) {
        // Jump over cycles in which nothing can happen in any channel and no request can be
        // offered (exact; the channels stay in step).
        const std::uint64_t now = channels.front().cycle();
        std::uint64_t to = ~std::uint64_t{0};
        for (const auto& c : channels) to = std::min(to, c.next_event_cycle());
        if (next < trace.size() && !refused) to = std::min(to, std::max(now, trace[next].cycle));
        if (to > now && to != ~std::uint64_t{0})
            for (auto& c : channels) c.advance_to(to);
        for (auto& c : channels) c.tick();
        const std::uint64_t at = channels.front().cycle() - 1;
        if (next < trace.size() && trace[next].cycle <= at) {
            const std::size_t ch = channels.size() == 1 ? 0 : map.decode(trace[next].addr).channel;
            refused = !channels[ch].try_accept(trace[next].addr, trace[next].write, next);
            if (!refused) ++next;
        }
        // At the end of the trace, writes left below the drain watermark are written out
        // (the reference would hold them until more traffic came; in its runs none were left).
        if (next == trace.size())
            for (auto& c : channels)
                if (c.only_buffered_writes()) c.drain_writes();
    }
    ControllerStats merged = channels.front().stats;
    for (std::size_t ch = 1; ch < channels.size(); ++ch) {
        const ControllerStats& s = channels[ch].stats;
        merged.reads += s.reads;
        merged.writes += s.writes;
        merged.read_cmds += s.read_cmds;
        merged.write_cmds += s.write_cmds;
        merged.row_hits += s.row_hits;
        merged.acts += s.acts;
        merged.pres += s.pres;
        merged.ondemand_pres += s.ondemand_pres;
        merged.refs += s.refs;
        merged.last_data_cycle = std::max(merged.last_data_cycle, s.last_data_cycle);
        merged.read_latency.insert(merged.read_latency.end(), s.read_latency.begin(), s.read_latency.end());
        for (std::size_t g = 0; g < s.read_gaps.size(); ++g) merged.read_gaps[g] += s.read_gaps[g];
        merged.bank_reads.insert(merged.bank_reads.end(), s.bank_reads.begin(), s.bank_reads.end());
        merged.bank_writes.insert(merged.bank_writes.end(), s.bank_writes.begin(), s.bank_writes.end());
        merged.bank_acts.insert(merged.bank_acts.end(), s.bank_acts.begin(), s.bank_acts.end());
        merged.bank_row_hits.insert(merged.bank_row_hits.end(), s.bank_row_hits.begin(), s.bank_row_hits.end());
    }
    Controller& c = channels.front();
    c.stats = merged;
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
