// SPDX-License-Identifier: MIT
// Schedule cache: content keys, the compact payload (addr and sel tables; entries rebuilt
// from the bins and every schedule re-checked on load) and the FileCache wrapper.
#include "overlay/spectral/analytic/schedule_cache.hpp"

#include <algorithm>

#include "util/hash.hpp"
#include "util/parallel.hpp"

namespace specsim::analytic {
namespace {

void put_le(std::string& s, std::uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// Little-endian reader over a payload; ok() false once a read ran past the end.
class Reader {
public:
    explicit Reader(const std::string& s) : m_s(s) {}
    std::uint64_t get(int bytes)
    {
        if (m_at + static_cast<std::size_t>(bytes) > m_s.size()) {
            m_ok = false;
            return 0;
        }
        std::uint64_t v = 0;
        for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(m_s[m_at + static_cast<std::size_t>(i)]);
        m_at += static_cast<std::size_t>(bytes);
        return v;
    }
    bool skip(std::size_t n)
    {
        if (m_at + n > m_s.size()) return m_ok = false;
        m_at += n;
        return true;
    }
    std::size_t at() const { return m_at; }
    bool ok() const { return m_ok; }
    bool done() const { return m_at == m_s.size(); }

private:
    const std::string& m_s;
    std::size_t m_at = 0;
    bool m_ok = true;
};

struct BlockHeader {
    int kernels = 0, replicas = 0, cycles = 0, lower_bound = 0;
    bool optimal = false;
    std::size_t addr_at = 0;  // payload offset of the addr table; sel follows it
};

// Rebuilds block i's schedule from its tables; "" when valid for the bins, else why not.
std::string decode_block(const std::string& p, const BlockHeader& h, const KernelBins& bins, CachedSchedule& out)
{
    ReadSchedule& s = out.schedule;
    s.kernels = h.kernels;
    s.replicas = h.replicas;
    s.cycles = h.cycles;
    const std::size_t A = static_cast<std::size_t>(h.cycles) * static_cast<std::size_t>(h.replicas);
    const std::size_t S = static_cast<std::size_t>(h.cycles) * static_cast<std::size_t>(h.kernels);
    s.addr.resize(A);
    s.sel.resize(S);
    s.entry.assign(S, -1);
    for (std::size_t i = 0; i < A; ++i) {
        const auto lo = static_cast<unsigned char>(p[h.addr_at + 2 * i]);
        const auto hi = static_cast<unsigned char>(p[h.addr_at + 2 * i + 1]);
        s.addr[i] = static_cast<std::int16_t>(static_cast<std::uint16_t>(lo | (hi << 8)));
        if (s.addr[i] < -1) return "bad bin address";
    }
    const std::size_t sel_at = h.addr_at + 2 * A;
    // Per lane, bin → index in its list (−1: not held, −2: already consumed); one table per
    // thread, reset after each lane, so a block costs O(T · lanes + nnz).
    thread_local std::vector<std::int16_t> where;
    for (int k = 0; k < h.kernels; ++k) {
        const auto& bk = bins[static_cast<std::size_t>(k)];
        for (const int b : bk)  // checked before the table is touched: it stays clean
            if (b < 0 || b > 32767 || bk.size() > 32767) return "bin out of range";
        for (std::size_t e = 0; e < bk.size(); ++e) {
            const auto b = static_cast<std::size_t>(bk[e]);
            if (b >= where.size()) where.resize(b + 1, -1);
            where[b] = static_cast<std::int16_t>(e);
        }
        std::size_t consumed = 0;
        std::string bad;
        for (int t = 0; t < h.cycles && bad.empty(); ++t) {
            const std::size_t i = static_cast<std::size_t>(t) * static_cast<std::size_t>(h.kernels) + static_cast<std::size_t>(k);
            const auto j = static_cast<std::int8_t>(p[sel_at + i]);
            s.sel[i] = j;
            if (j < 0) {
                if (j != -1) bad = "bad select";
                continue;
            }
            if (j >= h.replicas) {
                bad = "select names no replica";
                continue;
            }
            const int bin = s.addr_at(t, j);
            const std::int16_t e = bin >= 0 && static_cast<std::size_t>(bin) < where.size() ? where[static_cast<std::size_t>(bin)] : -1;
            if (e == -1) bad = "a lane consumes a bin it does not hold";
            else if (e == -2) bad = "a non-zero is consumed twice";
            else {
                s.entry[i] = e;
                where[static_cast<std::size_t>(bin)] = -2;
                ++consumed;
            }
        }
        for (const int b : bk) where[static_cast<std::size_t>(b)] = -1;
        if (!bad.empty()) return bad;
        if (consumed != bk.size()) return "a non-zero is never consumed";
    }
    out.lower_bound = h.lower_bound;
    out.optimal = h.optimal;
    return "";
}

}  // namespace

std::string schedule_cache_key(const std::vector<KernelBins>& blocks, int replicas, const std::string& algorithm,
                               std::int64_t budget)
{
    util::Hasher h;
    h.add_string("specsim read schedules");
    h.add_u64(k_scheduler_version);
    h.add_string(algorithm);
    h.add_i64(algorithm == "greedy" ? 0 : budget);
    h.add_i64(replicas);
    h.add_u64(blocks.size());
    std::vector<std::int32_t> buf;
    for (const KernelBins& b : blocks) {
        h.add_u64(b.size());
        for (const auto& lane : b) {
            buf.assign(lane.begin(), lane.end());
            h.add_bytes(buf.data(), buf.size() * sizeof(std::int32_t));
        }
    }
    return "sched-v" + std::to_string(k_scheduler_version) + "-" + h.hex();
}

std::string encode_schedules(const std::vector<CachedSchedule>& blocks)
{
    std::string p;
    std::size_t bytes = 4;
    for (const auto& b : blocks) bytes += 12 + 2 * b.schedule.addr.size() + b.schedule.sel.size();
    p.reserve(bytes);
    put_le(p, blocks.size(), 4);
    for (const auto& b : blocks) {
        const ReadSchedule& s = b.schedule;
        put_le(p, static_cast<std::uint64_t>(s.kernels), 2);
        put_le(p, static_cast<std::uint64_t>(s.replicas), 1);
        put_le(p, b.optimal ? 1 : 0, 1);
        put_le(p, static_cast<std::uint32_t>(s.cycles), 4);
        put_le(p, static_cast<std::uint32_t>(b.lower_bound), 4);
        for (const auto a : s.addr) put_le(p, static_cast<std::uint16_t>(a), 2);
        for (const auto j : s.sel) put_le(p, static_cast<std::uint8_t>(j), 1);
    }
    return p;
}

std::optional<std::vector<CachedSchedule>> decode_schedules(const std::string& payload,
                                                            const std::vector<KernelBins>& blocks, int replicas,
                                                            std::string& why)
{
    Reader r(payload);
    const std::uint64_t n = r.get(4);
    if (!r.ok() || n != blocks.size()) {
        why = "holds " + std::to_string(n) + " blocks, the layer has " + std::to_string(blocks.size());
        return std::nullopt;
    }
    std::vector<BlockHeader> heads(blocks.size());
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        BlockHeader& h = heads[i];
        h.kernels = static_cast<int>(r.get(2));
        h.replicas = static_cast<int>(r.get(1));
        h.optimal = r.get(1) != 0;
        h.cycles = static_cast<std::int32_t>(static_cast<std::uint32_t>(r.get(4)));
        h.lower_bound = static_cast<std::int32_t>(static_cast<std::uint32_t>(r.get(4)));
        h.addr_at = r.at();
        if (!r.ok() || h.kernels != static_cast<int>(blocks[i].size()) || h.replicas != replicas || h.cycles < 0 ||
            h.cycles > (1 << 20)) {
            why = "block " + std::to_string(i) + " does not match its lanes";
            return std::nullopt;
        }
        const std::size_t cyc = static_cast<std::size_t>(h.cycles);
        if (!r.skip(cyc * static_cast<std::size_t>(h.replicas) * 2 + cyc * static_cast<std::size_t>(h.kernels))) {
            why = "block " + std::to_string(i) + " is cut short";
            return std::nullopt;
        }
    }
    if (!r.done()) {
        why = "trailing bytes after the last block";
        return std::nullopt;
    }
    std::vector<CachedSchedule> out(blocks.size());
    std::vector<std::string> bad(blocks.size());
    util::parallel_for(blocks.size(), [&](std::size_t i) { bad[i] = decode_block(payload, heads[i], blocks[i], out[i]); });
    for (std::size_t i = 0; i < blocks.size(); ++i)
        if (!bad[i].empty()) {
            why = "block " + std::to_string(i) + ": " + bad[i];
            return std::nullopt;
        }
    return out;
}

std::optional<std::vector<CachedSchedule>> ScheduleCache::load(const std::string& key,
                                                               const std::vector<KernelBins>& blocks, int replicas)
{
    const auto payload = m_files.get(key);
    if (payload) {
        std::string why;
        auto out = decode_schedules(*payload, blocks, replicas, why);
        if (out) {
            ++m_hits;
            return out;
        }
        m_files.warn(key + ".bin does not fit its key (" + why + "); ignored and rebuilt");
    }
    ++m_misses;
    return std::nullopt;
}

void ScheduleCache::store(const std::string& key, const std::vector<CachedSchedule>& blocks)
{
    m_files.put(key, encode_schedules(blocks));
}

ScheduleCacheInfo ScheduleCache::info()
{
    const util::FileCacheInfo fi = m_files.info();
    ScheduleCacheInfo out;
    out.dir = fi.dir;
    out.files = fi.files;
    out.bytes = fi.bytes;
    const std::string current = "sched-v" + std::to_string(k_scheduler_version) + "-";
    for (const std::string& name : fi.names) {
        if (name.compare(0, current.size(), current) != 0) continue;
        const auto payload = m_files.get(name, false);  // checksummed; a corrupt file counts no blocks
        ++out.current_files;
        if (payload && payload->size() >= 4)
            out.blocks += static_cast<std::uint64_t>(static_cast<unsigned char>((*payload)[0])) |
                          static_cast<std::uint64_t>(static_cast<unsigned char>((*payload)[1])) << 8 |
                          static_cast<std::uint64_t>(static_cast<unsigned char>((*payload)[2])) << 16 |
                          static_cast<std::uint64_t>(static_cast<unsigned char>((*payload)[3])) << 24;
    }
    return out;
}

}  // namespace specsim::analytic
