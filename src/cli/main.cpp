// SPDX-License-Identifier: MIT
// specsim command-line entry point: builds the subcommand tree and maps errors to exit
// codes (0 ok, 1 check/regression failed, 2 bad input) with one line on stderr.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>

#include "cli/commands.hpp"
#include "util/error.hpp"

// libsystemc defines main() and calls sc_main(); specsim has its own main and builds the
// SystemC top inside a command, so this is never called but must exist to link.
extern "C" int sc_main(int, char*[]) { return 0; }

int main(int argc, char** argv)
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    CLI::App app{"specsim — cycle-accurate simulator for FPGA CNN accelerators"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "specsim 0.1.0");
    specsim::cli::CommandContext ctx;
    specsim::cli::add_config_commands(app, ctx);
    specsim::cli::add_conv_command(app, ctx);
    specsim::cli::add_network_command(app, ctx);
    specsim::cli::add_demo_command(app, ctx);
    specsim::cli::add_run_commands(app, ctx);
    specsim::cli::add_schedule_command(app, ctx);
    specsim::cli::add_table_command(app, ctx);
    specsim::cli::add_dataflow_command(app, ctx);
    specsim::cli::add_sweep_command(app, ctx);
    specsim::cli::add_regress_command(app, ctx);
    specsim::cli::add_ddr_command(app, ctx);
    specsim::cli::add_check_scalesim_command(app, ctx);
    specsim::cli::add_map_command(app, ctx);
    specsim::cli::add_cache_command(app, ctx);
    specsim::cli::add_partition_command(app, ctx);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 prints help/usage itself; usage errors are bad input (2), --help is 0.
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    } catch (const specsim::Error& e) {
        std::fprintf(stderr, "specsim: %s\n", e.what());
        return 2;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "specsim: out of memory\n");
        return 2;
    } catch (const std::exception& e) {
        // Anything else is a bug in specsim, not bad input: say so, exit 3.
        std::fprintf(stderr, "specsim: internal error: %s\n", e.what());
        return 3;
    }
    return ctx.exit_code;
}
