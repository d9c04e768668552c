// SPDX-License-Identifier: MIT
// The sweep runner: every point runs as its own `specsim run` child, -j at a time, each with
// SPECSIM_THREADS=1 when several run at once. A point's record is written atomically to
// OUT/points/<hash>.json, <hash> being the hash of its resolved config, only once its child
// has ended: a killed sweep loses at most the points in flight, and a rerun skips every
// point that has a file (failed points included — the file records the error; delete it to
// retry). The runner prints nothing: it reports each finished point to an observer.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sweep/sweep_spec.hpp"

namespace specsim::sweep {

/// Random mode only: when the constraints admit fewer grid points than random.count, how
/// many they admit (the sweep then has only those); nullopt otherwise.
std::optional<std::size_t> random_shortfall(const SweepSpec& spec);

/// OUT/points/<hash>.json: where a point's record is stored.
std::string point_file(const std::string& output_dir, const std::string& hash);

/// Whether the point with `hash` has a record under `output_dir` (is done, ok or failed).
bool has_result(const std::string& output_dir, const std::string& hash);

/// A point to run and the hash its record is stored under.
struct PendingPoint {
    Point point;
    std::string hash;
};

/// A point whose experiment does not load (a bad axis value): recorded as failed without
/// running, under "invalid-<hash of the base file path and the point's overrides>".
struct InvalidPoint {
    Point point;
    std::string hash;
    std::string error;  ///< the load error, one line
};

/// A sweep's points sorted out before running.
struct SweepPlan {
    std::size_t points = 0;             ///< points considered (this shard's)
    std::size_t done_before = 0;        ///< with a record already, plus duplicates of a queued point
    std::vector<PendingPoint> pending;  ///< to run, in point order; a duplicate hash once
    std::vector<InvalidPoint> invalid;  ///< without a record yet, and not loadable
};

/// Loads each point's experiment to find its hash and checks for its record under
/// spec.output_dir. Throws only for errors other than a point that does not load.
SweepPlan plan_sweep(const SweepSpec& spec, const std::vector<Point>& points);

/// A point that has ended (its record is written); the references hold during the call only.
struct PointOutcome {
    const Point& point;
    const std::string& hash;
    bool loaded;                ///< false: the experiment did not load, nothing ran
    bool ok;                    ///< the run succeeded
    const std::string& error;   ///< the error ("" when ok): the child's last stderr line
};

/// Called once per point as it ends: first the invalid points, then the runs in the order
/// they end.
using PointObserver = std::function<void(const PointOutcome&)>;

/// How to run the children.
struct RunOptions {
    std::string specsim_exe;  ///< the specsim executable to run each point with
    unsigned jobs = 1;        ///< children at once (≥ 1)
    bool no_cache = false;    ///< run the points with --no-cache (no schedule cache)
};

/// Runs the plan: throws specsim::Error (the first load error) when every point failed to
/// load — the sweep itself is wrong, nothing is written; otherwise creates OUT/points and
/// OUT/work, records the invalid points, runs the pending ones (OUT/work/<hash> is each
/// child's scratch directory, removed when it ends). Returns the number of points that
/// failed in this run (invalid ones included).
std::size_t run_plan(const SweepSpec& spec, const SweepPlan& plan, const RunOptions& options,
                     const PointObserver& on_point);

}  // namespace specsim::sweep
