// SPDX-License-Identifier: MIT
// `specsim ddr TRACE --preset NAME|FILE [--per-bank]`: runs a memory trace (the text format
// of the DRAMsim3 reference: "0xADDR READ|WRITE CYCLE") through the DDR4 model on its own,
// or `--reference CASE` to generate one of the reference's traces. Prints bandwidth, read
// latency (mean, p50, p99), row hit rate and ACT/PRE/REF counts; --per-bank adds a table.
#include <chrono>
#include <filesystem>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "config/arch_params.hpp"
#include "dram/trace.hpp"
#include "util/did_you_mean.hpp"
#include "util/error.hpp"

#ifndef SPECSIM_SOURCE_DIR
#define SPECSIM_SOURCE_DIR "."
#endif

namespace specsim::cli {
namespace {

struct DdrArgs {
    std::string trace, preset = "ddr4-2400-x8", reference, pattern;
    std::uint64_t gap = 1;
    std::size_t requests = 65536;
    bool per_bank = false;
};

std::string preset_path(const std::string& p)
{
    if (std::filesystem::exists(p)) return p;
    const std::string shipped = config::shipped_ddr4_preset(p);
    if (std::filesystem::exists(shipped)) return shipped;
    const std::vector<std::string> stems = config::shipped_ddr4_presets();
    std::string names;
    for (const auto& n : stems) names += (names.empty() ? "" : ", ") + n;
    throw Error("--preset '" + p + "': no such file and no shipped preset of that name" + did_you_mean_suffix(p, stems) +
                " (shipped: " + names + ")");
}

void cmd_ddr(const DdrArgs& a)
{
    if (int(!a.trace.empty()) + int(!a.reference.empty()) + int(!a.pattern.empty()) != 1)
        throw Error("specsim ddr: give one of a trace file, --reference CASE or --pattern seq|rand");
    const dram::Ddr4Spec spec = dram::load_ddr4_preset(preset_path(a.preset));
    const auto t0 = std::chrono::steady_clock::now();
    const auto trace = !a.trace.empty()       ? dram::read_trace(a.trace)
                       : !a.reference.empty() ? dram::reference_trace(a.reference, a.requests)
                                              : dram::synthetic_trace(a.pattern == "seq", a.gap, a.requests);
    const auto t1 = std::chrono::steady_clock::now();
    const dram::TraceResult r = dram::run_trace(spec, trace);
    const double sim_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    (void)t0;
    const double peak = spec.peak_bytes_per_s() * spec.org.channels / 1e9;
    fmt::print("{} on {}: {} requests ({} reads, {} writes), {} bytes\n", a.reference.empty() ? a.trace : a.reference,
               spec.name, r.requests, r.stats.reads, r.stats.writes, r.bytes);
    fmt::print("done at cycle {} ({:.1f} ns): {:.3f} GB/s = {:.1f} % of the {:.3f} GB/s peak\n", r.complete_cycle,
               double(r.complete_cycle) * spec.timing.tCK_ns, r.bandwidth_GBps, r.bandwidth_GBps / peak * 100, peak);
    fmt::print("read latency (cycles from acceptance to last data): mean {:.2f}, p50 {:.0f}, p99 {:.0f} "
               "({:.1f} / {:.1f} / {:.1f} ns)\n",
               r.read_latency_mean, r.read_latency_p50, r.read_latency_p99, r.read_latency_mean * spec.timing.tCK_ns,
               r.read_latency_p50 * spec.timing.tCK_ns, r.read_latency_p99 * spec.timing.tCK_ns);
    fmt::print("row hit rate {:.4f}; ACT {}, PRE {} ({} on demand), REF {}\n", r.row_hit_rate, r.stats.acts,
               r.stats.pres, r.stats.ondemand_pres, r.stats.refs);
    {
        // READ-to-READ gaps on the command bus (per channel, summed): the cause of the bandwidth.
        std::uint64_t n = 0;
        for (const auto c : r.stats.read_gaps) n += c;
        if (n > 0) {
            std::string top;
            for (std::size_t g = 0; g < r.stats.read_gaps.size(); ++g)
                if (double(r.stats.read_gaps[g]) / double(n) >= 0.01)
                    top += fmt::format("{}{}{} cycles {:.1f} %", top.empty() ? "" : ", ",
                                       g == dram::ControllerStats::kMaxGap ? "≥ " : "", g,
                                       100.0 * double(r.stats.read_gaps[g]) / double(n));
            fmt::print("READ-to-READ gaps (≥ 1 %): {}\n", top);
        }
    }
    fmt::print(stderr, "model speed: {:.3f} s, {:.2f} M requests/s, {:.2f} M DRAM cycles/s\n", sim_s,
               double(r.requests) / sim_s / 1e6, double(r.complete_cycle) / sim_s / 1e6);
    if (a.per_bank) {
        fmt::print("\n{:>4} {:>4} {:>3} {:>4} {:>10} {:>10} {:>8} {:>10}\n", "ch", "rank", "bg", "bank", "reads",
                   "writes", "ACT", "row hits");
        const std::size_t per_ch = spec.org.ranks * spec.org.banks();
        for (std::size_t i = 0; i < r.stats.bank_reads.size(); ++i) {
            const std::size_t ch = i / per_ch, b = i % per_ch;
            const std::size_t rank = b / spec.org.banks(), bg = b % spec.org.banks() / spec.org.banks_per_group,
                              bank = b % spec.org.banks_per_group;
            fmt::print("{:>4} {:>4} {:>3} {:>4} {:>10} {:>10} {:>8} {:>10}\n", ch, rank, bg, bank, r.stats.bank_reads[i],
                       r.stats.bank_writes[i], r.stats.bank_acts[i], r.stats.bank_row_hits[i]);
        }
    }
}

}  // namespace

void add_ddr_command(CLI::App& app, CommandContext&)
{
    auto args = std::make_shared<DdrArgs>();
    CLI::App* c = app.add_subcommand("ddr", "Run a memory trace through the DDR4 model on its own");
    c->add_option("trace", args->trace, "trace file: lines '0xADDR READ|WRITE CYCLE' (DRAM cycles)");
    c->add_option("--preset", args->preset, "DDR4 preset: a file or a name in configs/dram (default ddr4-2400-x8)");
    c->add_option("--reference", args->reference,
                  "generate a reference trace instead: a_seq_rd, b_seq_wr, c_rand_rd_4G, d_mix_2r1w, e1_stride_256K, "
                  "h_lowint_rand_rd_gap100");
    c->add_option("--pattern", args->pattern, "generate a synthetic stream instead: seq | rand (64 B reads)")
        ->check(CLI::IsMember({"seq", "rand"}));
    c->add_option("--gap", args->gap, "--pattern: cycles between requests (default 1)")->check(at_least_one);
    c->add_option("--requests", args->requests, "--pattern / --reference: requests (default 65536)")->check(at_least_one);
    c->add_flag("--per-bank", args->per_bank, "add per-bank counters");
    c->callback([args] { cmd_ddr(*args); });
}

}  // namespace specsim::cli
