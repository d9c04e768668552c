// SPDX-License-Identifier: MIT
// The ideal memory and the simple model's per-kind ports against closed forms, in one
// elaboration (SystemC elaborates once per process) with several memories side by side,
// each driven by two SC_THREADs that issue one transfer each:
//   ideal: a 1 MiB read (or two at once) is done exactly one overlay cycle after its issue,
//          one issued between edges at the next edge; bytes and busy cycles counted;
//   simple, ports per_kind: two simultaneous 64 KiB reads of different kinds each take
//          what one alone takes, two of the same kind queue on the same channels;
//   simple, ports shared: two of different kinds queue as two of one kind (as before).
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <string>

#include <systemc>

#include "config/arch_params.hpp"
#include "hw/clocking.hpp"
#include "memory/memory.hpp"

using namespace specsim;
using namespace specsim::hw;

namespace {

constexpr double kOverlayHz = 200e6;        // 5000 ps per overlay cycle
constexpr std::uint64_t kPeriodPs = 5000;

/// One transfer a driver thread issues at `start_ps` (bytes 0: the thread does nothing).
struct Job {
    std::uint64_t bytes = 0;
    DdrKind kind = DdrKind::input;
    bool write = false;
    std::uint64_t start_ps = 0;
};

/// One memory (make_memory) and two driver threads, one per job.
struct Bench : sc_core::sc_module {
    SC_HAS_PROCESS(Bench);
    Bench(sc_core::sc_module_name name, const config::DdrParams& p, Job a, Job b)
        : sc_module(name), clk(kOverlayHz, TimingMode::fast), mem(make_memory("mem", p, clk)), m_jobs{a, b}
    {
        SC_THREAD(run_a);
        SC_THREAD(run_b);
    }
    void run_a() { run(0); }
    void run_b() { run(1); }
    void run(int i)
    {
        const Job& j = m_jobs[i];
        if (j.bytes == 0) return;
        sc_core::wait(sc_core::sc_time(static_cast<double>(j.start_ps), sc_core::SC_PS));
        const sc_core::sc_time t0 = sc_core::sc_time_stamp();
        transfer(*mem, j.bytes, j.kind, j.write);
        took_ps[i] = static_cast<std::uint64_t>((sc_core::sc_time_stamp() - t0).value());
    }

    OverlayClock clk;
    std::unique_ptr<Memory> mem;
    std::array<std::uint64_t, 2> took_ps = {0, 0};

private:
    std::array<Job, 2> m_jobs;
};

config::DdrParams ideal_params()
{
    config::DdrParams p;
    p.model = config::DdrModel::ideal;
    return p;
}

// The simple model's keys for the per-kind tests: a 64 B burst takes exactly one 400 MHz
// DDR cycle at 25.6 GB/s (2.5 ns), the latency 40 of them.
config::DdrParams simple_params(config::DdrPorts ports)
{
    config::DdrParams p;
    p.model = config::DdrModel::simple;
    p.ports = ports;
    p.channels = 2;
    p.bandwidth_per_channel.bytes_per_s = 25.6e9;
    p.clock.hz = 400e6;
    p.latency.seconds = 100e-9;
    p.burst.bits = 64 * 8;
    return p;
}

/// The simple model's closed form: a request whose busiest channel moves `bursts` bursts
/// back to back after the latency (both rounded up to DDR cycles), seen at the overlay edge
/// at or after that, at least one cycle after the issue — in overlay cycles.
std::uint64_t simple_cycles(const config::DdrParams& p, std::uint64_t bursts)
{
    const double tck = 1.0 / p.clock.hz;
    const double burst_s = std::ceil(p.burst.bytes() / p.bandwidth_per_channel.bytes_per_s / tck - 1e-9) * tck;
    const double latency_s = std::ceil(p.latency.seconds / tck - 1e-9) * tck;
    const double finish_ps = std::round((latency_s + static_cast<double>(bursts) * burst_s) * 1e12);
    return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(finish_ps / kPeriodPs)));
}

}  // namespace

TEST_CASE("ideal memory and per-kind ports of the simple model", "[sim_memory_models]")
{
    constexpr std::uint64_t MiB = std::uint64_t{1} << 20;
    constexpr std::uint64_t k64 = std::uint64_t{64} << 10;

    // ideal: two 1 MiB transfers issued at once on an edge; a 64 B write issued half-way
    // between edges 2 and 3.
    Bench ideal("ideal", ideal_params(), {MiB, DdrKind::input, false, 0}, {MiB, DdrKind::kernel, false, 0});
    Bench ideal_late("ideal_late", ideal_params(), {64, DdrKind::output, true, 2 * kPeriodPs + kPeriodPs / 2}, {});

    // simple: 64 KiB reads, alone / two of different kinds / two of the same kind.
    const auto per_kind = simple_params(config::DdrPorts::per_kind);
    const auto shared = simple_params(config::DdrPorts::shared);
    const Job input{k64, DdrKind::input, false, 0}, kernel{k64, DdrKind::kernel, false, 0};
    Bench alone("alone", per_kind, input, {});
    Bench pk_kinds("pk_kinds", per_kind, input, kernel);
    Bench pk_same("pk_same", per_kind, input, input);
    Bench sh_kinds("sh_kinds", shared, input, kernel);
    Bench sh_alone("sh_alone", shared, input, {});

    sc_core::sc_start();

    {
        INFO("ideal: done one overlay cycle after the issue, whatever the size");
        CHECK(ideal.took_ps[0] == kPeriodPs);
        CHECK(ideal.took_ps[1] == kPeriodPs);
        const DdrCounters c = ideal.mem->counters();
        CHECK(c.bytes[int(DdrKind::input)] == MiB);
        CHECK(c.bytes[int(DdrKind::kernel)] == MiB);
        CHECK(c.bytes[int(DdrKind::output)] == 0);
        CHECK(c.busy_cycles == 1);  // both in flight in cycle 0
        CHECK(c.axi_bursts == 0);
        // Issued at 2.5 cycles: done at the edge of cycle 3.
        CHECK(ideal_late.took_ps[0] == kPeriodPs / 2);
        CHECK(ideal_late.mem->counters().bytes[int(DdrKind::output)] == 64);
        CHECK(ideal_late.mem->counters().busy_cycles == 1);
    }

    {
        INFO("simple, ports per_kind: different kinds never queue behind each other");
        // 64 KiB = 1024 bursts of 64 B, 512 per channel: 100 ns + 512 × 2.5 ns = 1380 ns.
        const std::uint64_t one = simple_cycles(per_kind, k64 / 64 / 2);
        const std::uint64_t two = simple_cycles(per_kind, 2 * k64 / 64 / 2);  // behind another on the same channels
        REQUIRE(one == 276);
        REQUIRE(two == 532);  // the latency once, the data of both back to back
        CHECK(alone.took_ps[0] == one * kPeriodPs);
        CHECK(pk_kinds.took_ps[0] == one * kPeriodPs);
        CHECK(pk_kinds.took_ps[1] == one * kPeriodPs);
        // Same kind: whichever thread issued first takes one, the other two.
        const std::uint64_t lo = std::min(pk_same.took_ps[0], pk_same.took_ps[1]);
        const std::uint64_t hi = std::max(pk_same.took_ps[0], pk_same.took_ps[1]);
        CHECK(lo == one * kPeriodPs);
        CHECK(hi == two * kPeriodPs);
        const DdrCounters c = pk_kinds.mem->counters();
        CHECK(c.bytes[int(DdrKind::input)] == k64);
        CHECK(c.bytes[int(DdrKind::kernel)] == k64);
        CHECK(c.busy_cycles == one);
    }

    {
        INFO("simple, ports shared (the default): all kinds share the channels");
        CHECK(config::DdrParams{}.ports == config::DdrPorts::shared);
        const std::uint64_t one = simple_cycles(shared, k64 / 64 / 2), two = simple_cycles(shared, k64 / 64);
        CHECK(sh_alone.took_ps[0] == one * kPeriodPs);
        CHECK(std::min(sh_kinds.took_ps[0], sh_kinds.took_ps[1]) == one * kPeriodPs);
        CHECK(std::max(sh_kinds.took_ps[0], sh_kinds.took_ps[1]) == two * kPeriodPs);
    }
}
