// SPDX-License-Identifier: MIT
// The AXI front end of hw::Ddr4Memory (ddr.model: ddr4) against closed forms, one
// elaboration with several memories side by side, each driven by its own SC_THREAD:
//   (a) AXI4 split: a 10,000-byte read at a 4 KiB-unaligned cursor becomes the bursts of
//       at most max_burst_beats · data_bytes bytes that never cross 4 KiB;
//   (b) max_outstanding = 1, one channel: N one-DRAM-burst AXI bursts take N unloaded
//       read latencies back to back (1 + tRCD + CL + BL/2 for the first, a row hit
//       1 + CL + BL/2 for the others: src/dram/controller.cpp);
//   (c) many bursts in flight: a long sequential read reaches ≥ 90 % of the channels' peak;
//   (d) writes complete when their DRAM bursts are accepted (posted), one per DRAM cycle;
//   (f) axi.clock caps a port at data_bytes per port cycle (12.8 / 6.4 GB/s at 200 MHz);
//   (e) axi.latency delays a read by exactly that, and the shipped arch files' values make
//       an unloaded 64 B read take what their simple model's latency says (within one
//       overlay cycle), so the two models differ by the DRAM's behaviour, not a constant;
//   and the simple model leaves every DDR4 figure at zero.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <tuple>

#include <systemc>

#include "overlay/registry.hpp"
#include "overlay/spectral/analytic/params.hpp"
#include "config/arch_params.hpp"
#include "config/yaml_reader.hpp"
#include "dram/address_map.hpp"
#include "dram/ddr4_spec.hpp"
#include "hw/clocking.hpp"
#include "memory/ddr4_memory.hpp"
#include "memory/memory.hpp"

using namespace specsim;
using namespace specsim::hw;

namespace {

std::string root()
{
    const char* r = std::getenv("SPECSIM_ROOT");
    return r ? r : ".";
}

constexpr double kOverlayHz = 200e6;  // 5000 ps per overlay cycle

config::DdrParams ddr4_params(const std::string& preset, std::uint32_t beats, std::uint32_t outstanding)
{
    config::DdrParams p;
    p.model = config::DdrModel::ddr4;
    p.preset = root() + "/configs/dram/" + preset + ".yaml";
    p.axi.data_bytes = 64;
    p.axi.max_burst_beats = beats;
    p.axi.max_outstanding = outstanding;
    return p;
}

/// One memory (make_memory) and a driver thread that runs `script` once.
struct Bench : sc_core::sc_module {
    SC_HAS_PROCESS(Bench);
    Bench(sc_core::sc_module_name name, const config::DdrParams& p, std::function<void(Bench&)> script)
        : sc_module(name), clk(kOverlayHz, TimingMode::fast), mem(make_memory("ddr", p, clk)), ddr(*mem),
          m_script(std::move(script))
    {
        SC_THREAD(run);
    }
    /// Issues one transfer, waits for it and returns how long it took.
    sc_core::sc_time timed(std::uint64_t bytes, DdrKind kind, bool write)
    {
        const sc_core::sc_time t0 = sc_core::sc_time_stamp();
        transfer(ddr, bytes, kind, write);
        return sc_core::sc_time_stamp() - t0;
    }
    void run() { m_script(*this); }

    OverlayClock clk;
    std::unique_ptr<Memory> mem;
    Memory& ddr;
    DdrCounters after;                 // counters when the script ended
    std::vector<sc_core::sc_time> took;

private:
    std::function<void(Bench&)> m_script;
};

// Bursts of at most `max` bytes that never cross 4 KiB, for [addr, addr + bytes): per 4 KiB
// page the bytes in it, in bursts of `max` from the page start or the transfer start.
std::uint64_t axi_bursts_closed_form(std::uint64_t addr, std::uint64_t bytes, std::uint64_t max)
{
    std::uint64_t n = 0;
    for (std::uint64_t page = addr / 4096; page * 4096 < addr + bytes; ++page) {
        const std::uint64_t lo = std::max(addr, page * 4096), hi = std::min(addr + bytes, (page + 1) * 4096);
        n += (hi - lo + max - 1) / max;
    }
    return n;
}

std::uint64_t ps(const sc_core::sc_time& t) { return static_cast<std::uint64_t>(t.value()); }

}  // namespace

TEST_CASE("AXI front end of the DDR4 model against closed forms", "[sim_ddr_frontend]")
{
    const dram::Ddr4Spec one = dram::load_ddr4_preset(root() + "/configs/dram/ddr4-2400-x8.yaml");
    const dram::Ddr4Spec u200 = dram::load_ddr4_preset(root() + "/configs/dram/u200-ddr4-2400.yaml");
    REQUIRE(one.org.channels == 1);
    REQUIRE(u200.org.channels == 4);
    const std::uint64_t tck = static_cast<std::uint64_t>(std::llround(one.timing.tCK_ns * 1000.0));  // ps, (b) and (d)
    const std::uint64_t period = static_cast<std::uint64_t>(std::llround(1e12 / kOverlayHz));       // ps
    const std::uint64_t line = one.org.burst_bytes();
    REQUIRE(line == 64);

    // (a) 1 KiB AXI bursts (16 beats of 64 B). A 1500-byte read moves the input cursor to
    // 1536 (requests start at a 64 B line), so the 10,000-byte read covers [1536, 11536).
    Bench split("split", ddr4_params("u200-ddr4-2400", 16, 16), [](Bench& b) {
        transfer(b.ddr, 1500, DdrKind::input, false);
        b.after = b.ddr.counters();
        transfer(b.ddr, 10000, DdrKind::input, false);
        const DdrCounters c = b.ddr.counters();
        b.after.axi_bursts = c.axi_bursts - b.after.axi_bursts;
        b.after.bytes[0] = c.bytes[0] - b.after.bytes[0];
        b.after.dram_read_latency = c.dram_read_latency.since(b.after.dram_read_latency);
    });

    // (b) one channel, one AXI burst in flight, each one 64 B DRAM burst; the N bursts stay
    // in one row (1024 columns / BL 8 = 128 bursts per row, columns at the bottom of the
    // address in this preset's mapping).
    constexpr std::uint64_t N = 64;
    Bench serial("serial", ddr4_params("ddr4-2400-x8", 1, 1), [](Bench& b) {
        b.took.push_back(b.timed(N * 64, DdrKind::kernel, false));
        b.after = b.ddr.counters();
    });

    // (c) four channels, 64 AXI bursts of 4 KiB in flight, 16 MiB sequential.
    constexpr std::uint64_t kLong = std::uint64_t{16} << 20;
    Bench stream("stream", ddr4_params("u200-ddr4-2400", 64, 64), [](Bench& b) {
        b.took.push_back(b.timed(kLong, DdrKind::input, false));
        b.after = b.ddr.counters();
    });

    // (d) posted writes: W one-burst AXI writes, one in flight (W below the write buffer).
    constexpr std::uint64_t W = 16;
    Bench posted("posted", ddr4_params("ddr4-2400-x8", 1, 1), [](Bench& b) {
        b.took.push_back(b.timed(W * 64, DdrKind::output, true));
        b.after = b.ddr.counters();
    });

    // The simple model: no AXI or DRAM figures.
    config::DdrParams simple_p;
    simple_p.channels = 4;
    Bench simple("simple", simple_p, [](Bench& b) {
        transfer(b.ddr, 10000, DdrKind::input, false);
        transfer(b.ddr, 10000, DdrKind::output, true);
        b.after = b.ddr.counters();
    });

    // (f) a port clock: one 64 B beat per 5 ns (200 MHz) caps a port at 12.8 GB/s, half that
    // with 32 B beats, whatever the channels could do (same 16 MiB stream as (c)).
    auto clocked = ddr4_params("u200-ddr4-2400", 64, 64);
    clocked.axi.clock.hz = 200e6;
    auto clocked32 = clocked;
    clocked32.axi.data_bytes = 32;
    clocked32.axi.max_burst_beats = 128;
    Bench port64("port64", clocked, [](Bench& b) { b.took.push_back(b.timed(kLong, DdrKind::input, false)); });
    Bench port32("port32", clocked32, [](Bench& b) { b.took.push_back(b.timed(kLong, DdrKind::input, false)); });

    // (e) one 64 B read to an idle bank, without and with 100 ns of axi.latency; and per
    // shipped arch, one unloaded 64 B read in each DDR model.
    auto with_latency = ddr4_params("ddr4-2400-x8", 1, 1);
    with_latency.axi.latency.seconds = 100e-9;
    Bench lat0("lat0", ddr4_params("ddr4-2400-x8", 1, 1), [](Bench& b) { b.took.push_back(b.timed(64, DdrKind::input, false)); });
    Bench lat100("lat100", with_latency, [](Bench& b) { b.took.push_back(b.timed(64, DdrKind::input, false)); });
    std::vector<std::unique_ptr<Bench>> calib;
    std::vector<std::string> calib_names;
    for (const char* arch : {"u200_spectral", "zcu104_spectral"}) {
        const config::ArchParams a = overlay::parse_arch(config::load_yaml_file(root() + "/configs/arch/" + arch + ".yaml"));
        REQUIRE(a.ddr.model == config::DdrModel::ddr4);
        config::DdrParams simple = a.ddr;
        simple.model = config::DdrModel::simple;
        for (const auto& p : {a.ddr, simple}) {
            calib_names.push_back(std::string(arch) + "_" + config::to_string(p.model));
            calib.push_back(std::make_unique<Bench>(calib_names.back().c_str(), p, [](Bench& b) {
                b.took.push_back(b.timed(64, DdrKind::input, false));
            }));
        }
    }

    // SystemC elaborates once per process: one run, then every check (no SECTIONs, which
    // would re-enter the test case).
    sc_core::sc_start();

    {
        INFO("(a) AXI4 split at a 4 KiB-unaligned cursor");
        const std::uint64_t expect = axi_bursts_closed_form(1536, 10000, 16 * 64);
        CHECK(expect == 11);  // 3 in [1536, 4096), 4 in the next page, 4 in [8192, 11536)
        CHECK(split.after.axi_bursts == expect);
        CHECK(split.after.bytes[0] == 10000);
        // Every AXI burst here starts and ends on a line (1 KiB bursts from 1536): lines
        // 24 … 180, each read once.
        CHECK(split.after.dram_read_latency.samples() == (11536 + 63) / 64 - 1536 / 64);
        CHECK(split.ddr.counters().axi_bursts == axi_bursts_closed_form(0, 1500, 1024) + expect);
        // The static split rule itself.
        CHECK(Ddr4Memory::axi_burst_bytes(1536, 10000, 1024) == 1024);
        CHECK(Ddr4Memory::axi_burst_bytes(3584, 10000, 1024) == 512);
        CHECK(Ddr4Memory::axi_burst_bytes(4000, 50, 4096) == 50);
        CHECK(Ddr4Memory::axi_burst_bytes(4000, 5000, 4096) == 96);
    }

    {
        INFO("(b) max_outstanding = 1: N bursts take N unloaded read latencies");
        const auto& t = one.timing;
        const std::uint64_t first = 1 + t.tRCD + t.CL + one.org.burst_length / 2;  // ACT, READ (idle bank)
        const std::uint64_t hit = 1 + t.CL + one.org.burst_length / 2;             // READ (row hit)
        REQUIRE(first == 39);
        REQUIRE(hit == 22);
        const std::uint64_t sum = first + (N - 1) * hit;
        // The DRAM saw exactly those latencies.
        CHECK(serial.after.dram_read_latency.samples() == N);
        CHECK(serial.after.dram_read_latency.counts.at(first) == 1);
        CHECK(serial.after.dram_read_latency.counts.at(hit) == N - 1);
        CHECK(serial.after.axi_bursts == N);
        // Back to back: the next AXI burst is issued in the DRAM cycle the previous one's
        // data ends and accepted in the next, so the N latencies add up with no gap.
        // Rounding: the request is seen from the first DRAM edge after its issue (+ up to
        // 1 tCK) and its completion at the next overlay edge (+ up to 1 overlay cycle, a
        // full one when the data ends exactly on an edge): sum·tCK < took ≤ (sum + 1)·tCK +
        // one overlay period (here 1425 DRAM cycles + at most 7).
        const std::uint64_t took = ps(serial.took.at(0));
        INFO("took " << took << " ps, closed form " << sum * tck << " ps");
        CHECK(took > sum * tck);
        CHECK(took <= (sum + 1) * tck + period);
        CHECK(serial.after.dram_refs == 0);  // the premise: no refresh in between
    }

    {
        INFO("(c) many bursts in flight: ≥ 90 % of the 4-channel peak");
        // Peak: per channel one burst of burst_bytes every BL/2 DRAM cycles.
        const double peak = u200.org.channels * double(u200.org.burst_bytes()) /
                            (u200.org.burst_length / 2 * u200.timing.tCK_ns * 1e-9);
        const double bw = double(kLong) / (double(ps(stream.took.at(0))) * 1e-12);
        INFO("bandwidth " << bw / 1e9 << " GB/s of " << peak / 1e9 << " GB/s peak");
        CHECK(bw >= 0.9 * peak);
        CHECK(stream.after.axi_bursts == kLong / 4096);
        CHECK(stream.after.dram_read_latency.samples() == kLong / 64);
        CHECK(stream.after.dram_acts > 0);
        CHECK(stream.after.dram_refs > 0);
        // Per bank: the u200 mapping (ro-ra-ba-co-bg-ch, MSB first) spreads 2^18 sequential
        // lines evenly over 4 channels x 16 banks — 4,096 reads each; the per-bank counts
        // add up to the channel totals.
        REQUIRE(stream.after.banks.size() == 64);
        std::uint64_t reads = 0, acts = 0, hits = 0;
        for (const auto& b : stream.after.banks) {
            INFO("channel " << b.channel << " rank " << b.rank << " bg " << b.bankgroup << " bank " << b.bank);
            CHECK(b.reads == kLong / 64 / 64);
            CHECK(b.writes == 0);
            reads += b.reads, acts += b.acts, hits += b.row_hits;
        }
        CHECK(reads == stream.after.dram_column_cmds);
        CHECK(acts == stream.after.dram_acts);
        CHECK(hits == stream.after.dram_row_hits);
        CHECK(stream.after.banks.back().channel == 3);
        CHECK(stream.after.banks.back().bankgroup == 3);
    }

    {
        INFO("(d) writes complete when accepted");
        // One DRAM burst accepted per DRAM cycle, from the first DRAM edge after the issue;
        // the last is complete one tCK after its acceptance (as the old front end had it),
        // seen at the next overlay edge: (W + 1)·tCK ≤ took ≤ (W + 2)·tCK + one period —
        // far below even one unloaded write to the DRAM array (tRCD + CWL + BL/2 = 33).
        const std::uint64_t took = ps(posted.took.at(0));
        INFO("took " << took << " ps");
        CHECK(took >= (W + 1) * tck);
        CHECK(took <= (W + 2) * tck + period);
        CHECK(posted.after.axi_bursts == W);
        CHECK(posted.after.axi_latency.samples() == W);
        CHECK(posted.after.axi_latency.percentile(100) == 1);  // one tCK, rounded up: 1 overlay cycle
        CHECK(posted.after.dram_read_latency.samples() == 0);
        // Nothing else was in flight: the writes still reach the array afterwards.
        CHECK(posted.ddr.counters().dram_acts >= 1);
    }

    {
        INFO("(f) the port clock caps a port's rate at data_bytes per cycle");
        const double bw64 = double(kLong) / (double(ps(port64.took.at(0))) * 1e-12) / 1e9;
        const double bw32 = double(kLong) / (double(ps(port32.took.at(0))) * 1e-12) / 1e9;
        INFO("64 B beats: " << bw64 << " GB/s, 32 B beats: " << bw32 << " GB/s");
        CHECK(bw64 <= 12.8 * 1.0001);
        CHECK(bw64 >= 12.8 * 0.95);
        CHECK(bw32 <= 6.4 * 1.0001);
        CHECK(bw32 >= 6.4 * 0.95);
    }

    {
        INFO("(e) axi.latency, and the shipped calibration");
        // 100 ns = 121 DRAM cycles of 0.833 ns, rounded up; the completion is then seen at
        // the next overlay edge, so the difference is within one overlay period of it.
        const std::uint64_t extra = ps(lat100.took.at(0)) - ps(lat0.took.at(0));
        INFO("extra " << extra << " ps");
        CHECK(extra + period > 121 * tck);
        CHECK(extra < 121 * tck + period);
        for (std::size_t i = 0; i < calib.size(); i += 2) {
            INFO(calib_names[i] << ": " << ps(calib[i]->took.at(0)) << " ps, " << calib_names[i + 1] << ": "
                                << ps(calib[i + 1]->took.at(0)) << " ps");
            const auto d = static_cast<std::int64_t>(ps(calib[i]->took.at(0))) -
                           static_cast<std::int64_t>(ps(calib[i + 1]->took.at(0)));
            CHECK(std::llabs(d) <= static_cast<std::int64_t>(period));
        }
    }

    {
        INFO("the four data regions never alias, on every shipped preset");
        for (const char* name : {"ddr4-2400-x8", "ddr4-2400-x16", "ddr4-3200-x8", "u200-ddr4-2400", "zcu104-ddr4-2400"}) {
            const dram::Ddr4Spec spec = dram::load_ddr4_preset(root() + "/configs/dram/" + name + ".yaml");
            const dram::AddressMap map(spec.org, spec.address_mapping);
            const std::uint64_t region = Ddr4Memory::region_bytes(spec);
            INFO(name << ": region " << region << " B");
            CHECK(region >= (std::uint64_t{64} << 20));
            // The first line of each region: four different (channel, rank, bank, row) places.
            std::set<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t>> places;
            for (std::uint64_t k = 0; k < 4; ++k) {
                const dram::DramAddr a = map.decode(k * region);
                places.insert({a.channel, a.rank, a.bankgroup * 64 + a.bank, a.row, a.column});
            }
            CHECK(places.size() == 4);
        }
        CHECK(Ddr4Memory::region_bytes(dram::load_ddr4_preset(root() + "/configs/dram/zcu104-ddr4-2400.yaml")) ==
              (std::uint64_t{512} << 20));  // 2 GiB memory
    }

    {
        INFO("the simple model has no DDR4 figures");
        CHECK(simple.after.bytes[0] == 10000);
        CHECK(simple.after.axi_bursts == 0);
        CHECK(simple.after.axi_latency.samples() == 0);
        CHECK(simple.after.dram_read_latency.samples() == 0);
        CHECK(simple.after.dram_acts + simple.after.dram_pres + simple.after.dram_refs + simple.after.dram_row_hits == 0);
    }
}
