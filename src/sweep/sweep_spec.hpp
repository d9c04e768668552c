// SPDX-License-Identifier: MIT
// A sweep: a base experiment plus axes over config keys by dotted path, as a grid, a list
// of points, or N random points of the grid (seeded); constraints prune points. Points are
// enumerated in a fixed order so shards and resumed runs see the same points.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/experiment.hpp"
#include "sweep/expr.hpp"

namespace specsim::sweep {

struct Axis {
    std::string key;                  ///< dotted path, e.g. arch.overlay.kernels_parallel
    std::vector<std::string> values;  ///< YAML text of each value
};

struct SweepSpec {
    std::string file;         ///< the sweep file
    std::string name;
    std::string base;         ///< base experiment file (resolved against the sweep file)
    std::string mode;         ///< grid | list | random
    std::vector<Axis> axes;   ///< grid and random: the values each key takes
    std::vector<std::vector<config::Override>> list;  ///< list: the points as given
    std::uint32_t random_count = 0;
    std::uint64_t seed = 1;
    std::vector<Expr> constraints;
    std::vector<config::Override> fixed;  ///< `set:` overrides applied to every point
    std::string output_dir;   ///< resolved; default out/sweeps/<name> (relative to the cwd)
};

/// One point: its index in enumeration order and its axis settings (key, YAML value).
struct Point {
    std::size_t index = 0;
    std::vector<config::Override> settings;
};

/// Reads a sweep file (strict like every config: unknown keys, bad types and bad constraint
/// expressions are errors with file:line:col).
SweepSpec load_sweep(const std::string& path);

/// The points of the sweep in a fixed order: grid = row-major over the axes as listed;
/// list = as given; random = `count` distinct grid points drawn with the seed, in grid
/// order. Constraints drop points (a constraint naming a key that is not an axis, or a
/// non-numeric value, is an error).
std::vector<Point> enumerate_points(const SweepSpec& spec);

/// All overrides of a point: the sweep's fixed `set:` ones, then its axis settings.
std::vector<config::Override> overrides_of(const SweepSpec& spec, const Point& p);

/// Hash (hex) of the point's resolved experiment: the key its result is stored under.
std::string point_hash(const SweepSpec& spec, const Point& p);

}  // namespace specsim::sweep
