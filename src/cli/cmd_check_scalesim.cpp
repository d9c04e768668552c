// SPDX-License-Identifier: MIT
// `specsim check-scalesim CASES.csv [--row ID] [-j N]`: re-runs every SCALE-Sim v2 reference
// row (tests/data/scalesim/cases.csv format) on the systolic overlay's SystemC model
// (systolic::run_scalesim_case) and prints the comparison (systolic::compare_scalesim).
// SystemC elaborates once per process and rows need different memories, so the parent runs
// each row as a child (`--row ID --child`, one machine-readable line), -j at a time through
// the sweep's child pool. Exit 1 when a row fails, 2 on bad input (a bad row included).
#include <algorithm>
#include <filesystem>
#include <memory>
#include <unistd.h>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "overlay/systolic/analytic/scalesim_cases.hpp"
#include "overlay/systolic/hw/scalesim_run.hpp"
#include "sweep/child_pool.hpp"
#include "util/error.hpp"
#include "util/subprocess.hpp"

namespace specsim::cli {
namespace {

namespace fs = std::filesystem;
using systolic::ScalesimCase;

constexpr double kUserTolerance = 0.10;

struct CheckArgs {
    std::string cases;
    std::string row;
    int jobs = 0;
    bool child = false;
    bool shared = false;
};

/// Prints the row's comparison; returns true when it passes.
bool report_row(const ScalesimCase& c, const systolic::ScalesimOurs& o)
{
    const systolic::ScalesimVerdict v = systolic::compare_scalesim(c, o, kUserTolerance);
    fmt::print("{:<58} {:<4} {:>10} {:>10} {:>+8} {:>+8.2f} {:<5} {:<8} {}\n", c.case_id, c.mode, c.total_cycles,
               o.cycles, v.diff, v.percent, v.pass ? "ok" : "FAIL", v.sram, v.dram);
    return v.pass;
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
        const systolic::ScalesimOurs o = systolic::run_scalesim_case(*it, a.shared);
        if (a.child) {
            fmt::print("{}\n", systolic::scalesim_child_line(o));
            return 0;
        }
        print_header();
        return report_row(*it, o) ? 0 : 1;
    }
    if (cases.empty()) throw Error("check-scalesim: no rows in " + a.cases);
    const fs::path work = fs::temp_directory_path() / fmt::format("specsim-check-scalesim-{}", ::getpid());
    fs::create_directories(work);
    const std::string exe = util::self_exe();
    std::vector<int> codes(cases.size(), -1);
    const auto out_of = [&](std::size_t i) { return work / fmt::format("row{}.out", i); };
    const auto err_of = [&](std::size_t i) { return work / fmt::format("row{}.err", i); };
    const auto start = [&](std::size_t i) {
        std::vector<std::string> argv = {exe, "check-scalesim", a.cases, "--row", cases[i].case_id, "--child"};
        if (a.shared) argv.push_back("--shared-memory");
        return util::spawn(argv, out_of(i).string(), err_of(i).string(), {"SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1"});
    };
    sweep::run_children(cases.size(), sweep::jobs_or_cores(a.jobs), start,
                        [&](std::size_t i, int code) { codes[i] = code; });
    print_header();
    std::size_t ok = 0, failed = 0, bad_input = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        bool pass = false;
        if (codes[i] != 0) {
            // A child exits 2 on a row it cannot run (bad input, e.g. an SRAM below two
            // array edges): the whole check then exits 2, as `--row` on that row would.
            bad_input += codes[i] == 2 ? 1 : 0;
            fmt::print("{:<58} {:<4} run failed: {}\n", cases[i].case_id, cases[i].mode,
                       util::last_line(err_of(i).string()));
        } else {
            try {
                pass = report_row(cases[i], systolic::parse_scalesim_child_line(util::last_line(out_of(i).string())));
            } catch (const Error& e) {
                fmt::print("{:<58} {:<4} {}\n", cases[i].case_id, cases[i].mode, e.what());
            }
        }
        ++(pass ? ok : failed);
    }
    fs::remove_all(work);
    fmt::print("check-scalesim: {} rows, {} ok, {} failed\n", cases.size(), ok, failed);
    return bad_input ? 2 : failed ? 1 : 0;
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
