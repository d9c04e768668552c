// SPDX-License-Identifier: MIT
// DDR4 presets and the derived command constraints. The derivations follow the rules
// DRAMsim3 states for DDR4 (../shared/reference/dramsim3/README.md §4), which are the
// JEDEC JESD79-4 minimum command spacings with AL = 0.
#include "dram/ddr4_spec.hpp"

#include <algorithm>
#include <set>

#include "util/error.hpp"

namespace specsim::dram {

Ddr4Constraints Ddr4Spec::constraints() const
{
    const Ddr4Timing& t = timing;
    Ddr4Constraints c{};
    c.burst_cycles = org.burst_length / 2;
    const std::uint32_t b = c.burst_cycles;
    c.rd_to_rd_same_bg = std::max(b, t.tCCD_L);
    c.rd_to_rd_other_bg = std::max(b, t.tCCD_S);
    c.rd_to_rd_other_rank = b + t.tRTRS;
    c.wr_to_wr_same_bg = std::max(b, t.tCCD_L);
    c.wr_to_wr_other_bg = std::max(b, t.tCCD_S);
    c.wr_to_wr_other_rank = b + t.tRTRS;
    // Read data (CL + BL/2) must clear the bus before write data (CWL) starts, plus a
    // turnaround cycle.
    c.rd_to_wr = t.CL + b + t.tRTRS - t.CWL;
    c.wr_to_rd_same_bg = t.CWL + b + t.tWTR_L;
    c.wr_to_rd_other_bg = t.CWL + b + t.tWTR_S;
    c.wr_to_rd_other_rank = 0;  // write-to-read turnaround is per rank; the bus is checked separately
    c.rd_to_pre = t.tRTP;
    c.wr_to_pre = t.CWL + b + t.tWR;
    c.act_to_rw = t.tRCD;
    c.act_to_pre = t.tRAS;
    c.act_to_act_same_bank = t.tRC;
    c.act_to_act_same_bg = t.tRRD_L;
    c.act_to_act_other_bg = t.tRRD_S;
    c.pre_to_act = t.tRP;
    c.ref_to_act = t.tRFC;
    c.read_latency = t.CL + b;
    c.write_data_end = t.CWL + b;
    return c;
}

double Ddr4Spec::peak_bytes_per_s() const { return org.bus_width / 8.0 * 2.0 / (timing.tCK_ns * 1e-9); }

namespace {

std::uint32_t log2_exact(config::MapReader& r, const char* key, std::uint32_t v)
{
    std::uint32_t l = 0;
    while ((1u << l) < v) ++l;
    if ((1u << l) != v) r.fail(key, "must be a power of two");
    return l;
}

}  // namespace

Ddr4Spec parse_ddr4_spec(const config::Node& node)
{
    config::MapReader r(node);
    Ddr4Spec s;
    s.name = r.get<std::string>("name", "preset name");
    {
        config::MapReader o = r.map_opt("organization", "channel organisation");
        auto& g = s.org;
        g.channels = o.opt<std::uint32_t>("channels", 1, "channels (each with its own controller)");
        g.ranks = o.opt<std::uint32_t>("ranks", 1, "ranks per channel");
        g.bankgroups = o.opt<std::uint32_t>("bankgroups", 4, "bank groups per rank");
        g.banks_per_group = o.opt<std::uint32_t>("banks_per_group", 4, "banks per bank group");
        g.rows = o.opt<std::uint32_t>("rows", 65536, "rows per bank");
        g.columns = o.opt<std::uint32_t>("columns", 1024, "columns per row (device-width units)");
        g.device_width = o.opt<std::uint32_t>("device_width", 8, "bits per DRAM device (4, 8, 16)");
        g.bus_width = o.opt<std::uint32_t>("bus_width", 64, "data bits of the channel");
        g.burst_length = o.opt<std::uint32_t>("burst_length", 8, "BL, beats per burst");
        const std::pair<const char*, std::uint32_t> pow2[] = {
            {"channels", g.channels}, {"ranks", g.ranks}, {"bankgroups", g.bankgroups},
            {"banks_per_group", g.banks_per_group}, {"rows", g.rows}, {"columns", g.columns},
            {"burst_length", g.burst_length}};
        for (const auto& [k, v] : pow2) {
            if (v == 0) o.fail(k, "must be at least 1");
            log2_exact(o, k, v);
        }
        if (g.columns < g.burst_length) o.fail("columns", "fewer columns than one burst");
        if (std::uint64_t{g.ranks} * g.bankgroups * g.banks_per_group > 64)
            o.fail("ranks", "more than 64 banks per channel (ranks × bankgroups × banks_per_group) are not supported");
        o.done();
    }
    {
        config::MapReader t = r.map_opt("timing", "timing parameters, DRAM clock cycles (tCK in ns)");
        auto& m = s.timing;
        m.tCK_ns = t.get<double>("tCK", "clock period, ns");
        if (!(m.tCK_ns > 0)) t.fail("tCK", "must be positive");
        const auto cyc = [&](const char* k, const char* doc) { return t.get<std::uint32_t>(k, doc); };
        m.CL = cyc("CL", "CAS (read) latency, cycles");
        m.CWL = cyc("CWL", "CAS write latency, cycles");
        m.tRCD = cyc("tRCD", "ACT to READ/WRITE, cycles");
        m.tRP = cyc("tRP", "PRE to ACT, cycles");
        m.tRAS = cyc("tRAS", "ACT to PRE, cycles");
        m.tRC = t.opt<std::uint32_t>("tRC", 0, "ACT to ACT same bank, cycles (0 = tRAS + tRP)");
        if (m.tRC == 0) m.tRC = m.tRAS + m.tRP;
        m.tCCD_S = cyc("tCCD_S", "column to column, other bank group, cycles");
        m.tCCD_L = cyc("tCCD_L", "column to column, same bank group, cycles");
        m.tRRD_S = cyc("tRRD_S", "ACT to ACT, other bank group, cycles");
        m.tRRD_L = cyc("tRRD_L", "ACT to ACT, same bank group, cycles");
        m.tFAW = cyc("tFAW", "window holding at most four ACTs per rank, cycles");
        m.tWR = cyc("tWR", "write recovery: end of write data to PRE, cycles");
        m.tWTR_S = cyc("tWTR_S", "end of write data to READ, other bank group, cycles");
        m.tWTR_L = cyc("tWTR_L", "end of write data to READ, same bank group, cycles");
        m.tRTP = cyc("tRTP", "READ to PRE, cycles");
        m.tRFC = cyc("tRFC", "REF to ACT (all-bank refresh), cycles");
        m.tREFI = cyc("tREFI", "refresh interval per rank, cycles");
        m.tRTRS = t.opt<std::uint32_t>("tRTRS", 1, "rank-to-rank (and read-to-write) bus turnaround, cycles");
        if (m.CL + m.tRTRS + s.org.burst_length / 2 < m.CWL) t.fail("CWL", "larger than CL + BL/2 + tRTRS");
        t.done();
    }
    {
        config::MapReader k = r.map_opt("controller", "the channel controller (defaults: the DRAMsim3 reference's)");
        auto& c = s.controller;
        c.queue_size = k.opt<std::uint32_t>("queue_size", 32, "read queue and write buffer entries (the write high watermark)");
        c.cmd_queue = k.opt<std::uint32_t>("cmd_queue", 8, "command queue entries per bank");
        c.row_hit_cap = k.opt<std::uint32_t>("row_hit_cap", 4, "row hits after which an older conflicting request may close the row");
        c.drain_low = k.opt<std::uint32_t>("write_low_watermark", 8,
                                           "start draining writes when more than this many are buffered and no work is queued");
        c.open_page = k.choice("page_policy", {"open", "closed"}, "open",
                               "open: rows stay open after an access; closed: a row is closed (auto-precharge) "
                               "after a column command no queued request hits") == "open";
        for (const char* key : {"queue_size", "cmd_queue"})
            if ((std::string(key) == "queue_size" ? c.queue_size : c.cmd_queue) == 0) k.fail(key, "must be at least 1");
        if (c.drain_low >= c.queue_size) k.fail("write_low_watermark", "must be below queue_size");
        k.done();
    }
    s.address_mapping = r.opt<std::string>("address_mapping", "rochrababgco",
                                           "address fields, most significant first, 2 letters each: ro ch ra bg ba co");
    {
        const std::string& m = s.address_mapping;
        std::set<std::string> fields;
        for (std::size_t i = 0; i + 1 < m.size(); i += 2) fields.insert(m.substr(i, 2));
        if (m.size() != 12 || fields != std::set<std::string>{"ro", "ch", "ra", "bg", "ba", "co"})
            r.fail("address_mapping", "must name each of ro, ch, ra, bg, ba, co once (e.g. rochrababgco)");
    }
    r.done();
    return s;
}

Ddr4Spec load_ddr4_preset(const std::string& path) { return parse_ddr4_spec(config::load_yaml_file(path, "dram")); }

}  // namespace specsim::dram
