// SPDX-License-Identifier: MIT
// Every specsim subcommand registers itself on the CLI11 app through one of these
// functions. A command's callback throws specsim::Error (or ConfigError) on bad input —
// main() prints the one-line message and exits 2 — and stores any other non-zero exit
// code (1 = a check or regression failed) in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace specsim::cli {

struct CommandContext {
    int exit_code = 0;
};

/// Option check: a whole number ≥ 1 ("--gap: must be a whole number of at least 1, got 0");
/// CLI::PositiveNumber would print its range as 0 to 1.8e308.
inline const CLI::Validator at_least_one(
    [](const std::string& v) -> std::string {
        std::size_t used = 0;
        long long n = 0;
        try {
            n = std::stoll(v, &used);
        } catch (...) {
            used = 0;
        }
        if (used != v.size() || v.empty() || n < 1) return "must be a whole number of at least 1, got " + v;
        return {};
    },
    "INT>=1");

void add_config_commands(CLI::App& app, CommandContext& ctx);   // check-config, dump-config, config-reference
void add_conv_command(CLI::App& app, CommandContext& ctx);      // conv
void add_network_command(CLI::App& app, CommandContext& ctx);   // network
void add_demo_command(CLI::App& app, CommandContext& ctx);      // demo (numerics demo on VGG16)
void add_run_commands(CLI::App& app, CommandContext& ctx);      // run, verify
void add_schedule_command(CLI::App& app, CommandContext& ctx);  // schedule
void add_table_command(CLI::App& app, CommandContext& ctx);     // table
void add_dataflow_command(CLI::App& app, CommandContext& ctx);  // dataflow
void add_sweep_command(CLI::App& app, CommandContext& ctx);     // sweep, sweep merge
void add_regress_command(CLI::App& app, CommandContext& ctx);   // regress
void add_ddr_command(CLI::App& app, CommandContext& ctx);       // ddr
void add_check_scalesim_command(CLI::App& app, CommandContext& ctx);  // check-scalesim
void add_map_command(CLI::App& app, CommandContext& ctx);       // map
void add_cache_command(CLI::App& app, CommandContext& ctx);     // cache info, cache clear
void add_partition_command(CLI::App& app, CommandContext& ctx); // partition

}  // namespace specsim::cli
