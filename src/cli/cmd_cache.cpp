// SPDX-License-Identifier: MIT
// `specsim cache info|clear [--dir DIR]`: what the persistent read-schedule cache holds
// (path, entries, bytes, scheduler version) and emptying it (docs/scheduler.md).
#include <fmt/core.h>

#include "cli/commands.hpp"
#include "overlay/spectral/analytic/schedule_cache.hpp"
#include "util/error.hpp"
#include "util/file_cache.hpp"

namespace specsim::cli {
namespace {

struct CacheArgs {
    std::string dir;  // "" = the default directory
};

std::string dir_of(const CacheArgs& a)
{
    const std::string d = a.dir.empty() ? util::default_cache_dir() : a.dir;
    if (d.empty()) throw Error("no cache directory: neither XDG_CACHE_HOME nor HOME is set (give --dir)");
    return d;
}

void print_warnings(const analytic::ScheduleCache& c)
{
    for (const auto& w : c.warnings()) fmt::print(stderr, "warning: {}\n", w);
}

void cmd_info(const CacheArgs& a)
{
    analytic::ScheduleCache c(dir_of(a), analytic::k_default_schedule_cache_mb * 1000000);
    const analytic::ScheduleCacheInfo i = c.info();
    fmt::print("path: {}\n", i.dir);
    fmt::print("scheduler version: {}\n", analytic::k_scheduler_version);
    fmt::print("entries: {} layer plan(s), {} of this version holding {} block schedule(s)\n", i.files,
               i.current_files, i.blocks);
    fmt::print("bytes: {} ({:.1f} MB)\n", i.bytes, double(i.bytes) / 1e6);
    print_warnings(c);
}

void cmd_clear(const CacheArgs& a)
{
    analytic::ScheduleCache c(dir_of(a), analytic::k_default_schedule_cache_mb * 1000000);
    const std::uint64_t n = c.clear();
    fmt::print("cleared {}: {} entr{} removed\n", c.dir(), n, n == 1 ? "y" : "ies");
    print_warnings(c);
}

}  // namespace

void add_cache_command(CLI::App& app, CommandContext&)
{
    auto args = std::make_shared<CacheArgs>();
    CLI::App* c = app.add_subcommand("cache", "The persistent read-schedule cache: info | clear");
    c->require_subcommand(1);
    CLI::App* info = c->add_subcommand("info", "Print the cache's path, entries, bytes and scheduler version");
    info->add_option("--dir", args->dir, "cache directory (default $XDG_CACHE_HOME/specsim or ~/.cache/specsim)");
    info->callback([args] { cmd_info(*args); });
    CLI::App* clear = c->add_subcommand("clear", "Remove every cache entry");
    clear->add_option("--dir", args->dir, "cache directory (default $XDG_CACHE_HOME/specsim or ~/.cache/specsim)");
    clear->callback([args] { cmd_clear(*args); });
}

}  // namespace specsim::cli
