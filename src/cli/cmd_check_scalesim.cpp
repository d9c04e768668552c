// SPDX-License-Identifier: MIT
// `specsim check-scalesim CASES.csv [--row ID] [-j N]`: re-runs every SCALE-Sim v2 reference
// row (tests/data/scalesim/cases.csv format) on the systolic overlay's SystemC model and
// compares total cycles (and SRAM access counts where the CSV has them). CALC rows: free
// first fill (preload) and unlimited bandwidth (the simple DDR model with a huge rate and
// 0 latency: every transfer takes one cycle); USER rows: preload and the simple model at B
// bytes per cycle (1-byte words), 0 latency, one memory per operand as SCALE-Sim's three
// interfaces (--shared-memory: one for all three). SystemC elaborates once per process and rows
// need different memories, so the parent runs each row as a child (`--row ID --child`,
// one machine-readable line), -j at a time. Exit 1 when a CALC row differs at all or a
// USER row is more than 10 % off.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <thread>
#include <unistd.h>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "overlay/systolic/analytic/scalesim_cases.hpp"
#include "overlay/systolic/hw/systolic_top.hpp"
#include "util/error.hpp"
#include "util/subprocess.hpp"

namespace specsim::cli {
namespace {

namespace fs = std::filesystem;
using systolic::ScalesimCase;

constexpr double kClockHz = 1e6;       // 1 µs cycles: the DDR's picosecond rounding stays far below a cycle
constexpr double kUserTolerance = 0.10;

struct CheckArgs {
    std::string cases;
    std::string row;
    int jobs = 0;
    bool child = false;
    bool shared = false;
};

/// What one row gave on the overlay.
struct Ours {
    std::uint64_t cycles = 0;  // SCALE-Sim convention: array + stall cycles − 1
    std::uint64_t stall = 0;
    std::uint64_t sram_ifmap = 0, sram_filter = 0, sram_ofmap = 0;
    std::uint64_t dram_ifmap = 0, dram_filter = 0, dram_ofmap = 0;  // words, SCALE-Sim's count (preload included)
};

config::DdrParams ddr_for(const ScalesimCase& c)
{
    config::DdrParams d;
    d.model = config::DdrModel::simple;
    d.latency.seconds = 0;
    d.burst.bits = 8;  // one word per burst: a transfer of w words takes w / rate exactly
    if (c.mode == "CALC") {
        d.model = config::DdrModel::ideal;  // unlimited bandwidth: every transfer done at the next edge
    } else {
        d.channels = 1;
        d.bandwidth_per_channel.bytes_per_s = static_cast<double>(c.bandwidth_words) * kClockHz;
        d.clock.hz = static_cast<double>(c.bandwidth_words) * kClockHz;  // one burst per DDR cycle
    }
    return d;
}

Ours run_row(const ScalesimCase& c, bool shared)
{
    systolic::SystolicOverlayParams s;
    s.rows = c.array.rows;
    s.cols = c.array.cols;
    s.data_bits = 8;  // SCALE-Sim's 1-byte word
    s.frac_bits = 4;
    s.buffers.ifmap.bits = c.ifmap_kb * 1024 * 8;
    s.buffers.filter.bits = c.filter_kb * 1024 * 8;
    s.buffers.ofmap.bits = c.ofmap_kb * 1024 * 8;
    s.preload = true;
    s.stationary_in_order = false;  // SCALE-Sim's read order
    if (c.mode == "USER") s.line_words = c.bandwidth_words;  // refills and drains in lines of B
    auto plan = std::make_shared<systolic::SystolicLayerPlan>();
    plan->layer = c.case_id;
    plan->kind = "gemm";
    plan->dataflow = c.dataflow;
    plan->gemms = {c.gemm};
    plan->mac_ops = c.gemm.macs();
    const std::vector<systolic::LayerWork> work = {{plan, s, nullptr}};
    const auto res = systolic::simulate_systolic(work, ddr_for(c), kClockHz, hw::TimingMode::fast,
                                              shared ? systolic::MemoryPorts::shared : systolic::MemoryPorts::per_operand);
    const systolic::LayerResult& r = res.at(0);
    Ours o;
    o.cycles = r.array_cycles + r.stall_cycles - 1;
    o.stall = r.stall_cycles;
    o.sram_ifmap = r.sram_ifmap_reads;
    o.sram_filter = r.sram_filter_reads;
    o.sram_ofmap = r.sram_ofmap_writes;
    // SCALE-Sim counts the free preload as DRAM reads, in lines of its read interface width
    // (B; a fixed 10 words/cycle in CALC mode).
    const std::uint64_t line = c.mode == "CALC" ? 10 : c.bandwidth_words;
    o.dram_ifmap = r.dram_ifmap_words + systolic::scalesim_preload_words(c.gemm, c.array, c.dataflow, true, c.ifmap_kb, line);
    o.dram_filter = r.dram_filter_words + systolic::scalesim_preload_words(c.gemm, c.array, c.dataflow, false, c.filter_kb, line);
    o.dram_ofmap = r.dram_ofmap_words;
    return o;
}

std::string child_line(const Ours& o)
{
    return fmt::format("check-scalesim-row {} {} {} {} {} {} {} {}", o.cycles, o.stall, o.sram_ifmap, o.sram_filter,
                       o.sram_ofmap, o.dram_ifmap, o.dram_filter, o.dram_ofmap);
}

Ours parse_child_line(const std::string& line)
{
    std::istringstream in(line);
    std::string tag;
    Ours o;
    in >> tag >> o.cycles >> o.stall >> o.sram_ifmap >> o.sram_filter >> o.sram_ofmap >> o.dram_ifmap >> o.dram_filter >>
        o.dram_ofmap;
    if (tag != "check-scalesim-row" || in.fail()) throw Error("bad child output: '" + line + "'");
    return o;
}

/// Prints the row's comparison; returns true when it passes.
bool report_row(const ScalesimCase& c, const Ours& o)
{
    const auto diff = static_cast<std::int64_t>(o.cycles) - static_cast<std::int64_t>(c.total_cycles);
    const double pct = c.total_cycles ? 100.0 * static_cast<double>(diff) / static_cast<double>(c.total_cycles) : 0.0;
    bool ok = c.mode == "CALC" ? diff == 0 : std::fabs(pct) <= 100.0 * kUserTolerance;
    std::string sram;
    const auto cmp = [&](const char* name, const std::optional<std::uint64_t>& want, std::uint64_t got) {
        if (!want) return;
        if (*want != got) {
            ok = false;
            sram += fmt::format(" {}={}≠{}", name, got, *want);
        }
    };
    cmp("sram_ifmap_reads", c.sram_ifmap_reads, o.sram_ifmap);
    cmp("sram_filter_reads", c.sram_filter_reads, o.sram_filter);
    cmp("sram_ofmap_writes", c.sram_ofmap_writes, o.sram_ofmap);
    const bool has_sram = c.sram_ifmap_reads || c.sram_filter_reads || c.sram_ofmap_writes;
    // DRAM words: shown for every row that has them; USER rows must be within the cycle
    // tolerance (the padding of flushed ofmap lines depends on drain timing). CALC rows are
    // information only: SCALE-Sim counts every CALC SRAM read as a hit and dedups conv-mode
    // addresses, our stall-free run does neither (docs/validation.md).
    std::string dram;
    const auto dram_cmp = [&](const char* name, const std::optional<std::uint64_t>& want, std::uint64_t got) {
        if (!want || *want == got) return;
        const double rel = *want ? (static_cast<double>(got) - static_cast<double>(*want)) / static_cast<double>(*want) : 1.0;
        dram += fmt::format(" {}={}≠{} ({:+.2f} %)", name, got, *want, 100.0 * rel);
        if (c.mode == "USER" && std::fabs(rel) > kUserTolerance) ok = false;
    };
    dram_cmp("ifmap", c.dram_ifmap_reads, o.dram_ifmap);
    dram_cmp("filter", c.dram_filter_reads, o.dram_filter);
    dram_cmp("ofmap", c.dram_ofmap_writes, o.dram_ofmap);
    const bool has_dram = c.dram_ifmap_reads || c.dram_filter_reads || c.dram_ofmap_writes;
    const std::string dram_text = !has_dram       ? ""
                                  : dram.empty()  ? "dram ok"
                                  : c.mode == "CALC" ? "dram (CALC, not compared)" + dram
                                                  : "dram" + dram;
    fmt::print("{:<58} {:<4} {:>10} {:>10} {:>+8} {:>+8.2f} {:<5} {:<8} {}\n", c.case_id, c.mode, c.total_cycles,
               o.cycles, diff, pct, ok ? "ok" : "FAIL", has_sram ? (sram.empty() ? "sram ok" : "sram" + sram) : "",
               dram_text);
    return ok;
}

void print_header()
{
    fmt::print("{:<58} {:<4} {:>10} {:>10} {:>8} {:>8} {:<5} {:<8} {}\n", "case_id", "mode", "scalesim", "ours", "diff",
               "%", "", "SRAM", "DRAM words (SCALE-Sim's count: preload included)");
    fmt::print("(ours = array + stall cycles - 1, SCALE-Sim's convention: the index of the last cycle; the final "
               "ofmap drain is not counted, as in SCALE-Sim)\n");
}

int check(const CheckArgs& a)
{
    const std::vector<ScalesimCase> cases = systolic::load_scalesim_cases(a.cases);
    if (!a.row.empty()) {
        const auto it = std::find_if(cases.begin(), cases.end(), [&](const ScalesimCase& c) { return c.case_id == a.row; });
        if (it == cases.end()) throw Error("check-scalesim: no row '" + a.row + "' in " + a.cases);
        const Ours o = run_row(*it, a.shared);
        if (a.child) {
            fmt::print("{}\n", child_line(o));
            return 0;
        }
        print_header();
        return report_row(*it, o) ? 0 : 1;
    }
    if (cases.empty()) throw Error("check-scalesim: no rows in " + a.cases);
    const fs::path work = fs::temp_directory_path() / fmt::format("specsim-check-scalesim-{}", ::getpid());
    fs::create_directories(work);
    const unsigned jobs = a.jobs > 0 ? unsigned(a.jobs) : std::max(1u, std::thread::hardware_concurrency());
    const std::string exe = util::self_exe();
    std::map<pid_t, std::size_t> running;
    std::vector<int> codes(cases.size(), -1);
    std::size_t next = 0;
    const auto out_of = [&](std::size_t i) { return work / fmt::format("row{}.out", i); };
    const auto err_of = [&](std::size_t i) { return work / fmt::format("row{}.err", i); };
    const auto start = [&](std::size_t i) {
        std::vector<std::string> argv = {exe, "check-scalesim", a.cases, "--row", cases[i].case_id, "--child"};
        if (a.shared) argv.push_back("--shared-memory");
        running[util::spawn(argv,
                            out_of(i).string(), err_of(i).string(), {"SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1"})] = i;
    };
    while (next < cases.size() && running.size() < jobs) start(next++);
    while (!running.empty()) {
        const auto [pid, code] = util::wait_any();
        const auto it = running.find(pid);
        if (it == running.end()) continue;
        codes[it->second] = code;
        running.erase(it);
        if (next < cases.size()) start(next++);
    }
    print_header();
    std::size_t ok = 0, failed = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        bool pass = false;
        if (codes[i] != 0) {
            fmt::print("{:<58} {:<4} run failed: {}\n", cases[i].case_id, cases[i].mode,
                       util::last_line(err_of(i).string()));
        } else {
            try {
                pass = report_row(cases[i], parse_child_line(util::last_line(out_of(i).string())));
            } catch (const Error& e) {
                fmt::print("{:<58} {:<4} {}\n", cases[i].case_id, cases[i].mode, e.what());
            }
        }
        ++(pass ? ok : failed);
    }
    fs::remove_all(work);
    fmt::print("check-scalesim: {} rows, {} ok, {} failed\n", cases.size(), ok, failed);
    return failed ? 1 : 0;
}

}  // namespace

void add_check_scalesim_command(CLI::App& app, CommandContext& ctx)
{
    auto args = std::make_shared<CheckArgs>();
    CLI::App* c = app.add_subcommand(
        "check-scalesim", "Re-run SCALE-Sim v2 reference rows on the systolic overlay and compare cycles (exit 1 on a miss)");
    c->add_option("cases", args->cases, "CSV of SCALE-Sim rows (tests/data/scalesim/cases.csv format)")->required();
    c->add_option("--row", args->row, "run only the row with this case_id");
    c->add_option("-j,--jobs", args->jobs, "rows run at once (default: one per core)")->check(at_least_one);
    c->add_flag("--shared-memory", args->shared,
                "one memory of B bytes/cycle shared by the three operands (default: one per operand, as SCALE-Sim)");
    c->add_flag("--child", args->child, "internal: print one machine-readable line for --row");
    c->callback([args, &ctx] { ctx.exit_code = check(*args); });
}

}  // namespace specsim::cli
