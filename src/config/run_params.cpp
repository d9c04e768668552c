// SPDX-License-Identifier: MIT
// `run:` section of an experiment → RunParams.
#include "config/run_params.hpp"

#include "util/did_you_mean.hpp"

namespace specsim::config {

RunParams parse_run(const Node& root, const DataflowChoice& dataflows)
{
    MapReader r(root);
    RunParams p;
    p.seed = r.opt<std::uint64_t>("seed", 1, "seed of every random draw (sparsity, synthetic data)");
    p.timing = r.choice("timing", {"cycle", "fast"}, "fast",
                        "cycle: evaluate every clock edge; fast: skip to the next event (same results)");
    p.batch = r.opt<std::uint32_t>("batch", 1, "images per run; only 1 is modelled so far");
    if (p.batch != 1) r.fail("batch", "only batch 1 is modelled so far (one image per run)");
    MapReader s = r.map_opt("sparsity", "spectral kernel sparsity");
    p.sparsity.source = s.choice("source", {"synthetic", "dense"}, "synthetic",
                                 "synthetic: seeded random non-zero bins; dense: all K² bins");
    p.sparsity.nnz_per_kernel = s.opt<std::uint32_t>("nnz_per_kernel", 16, "non-zero bins per spectral kernel");
    if (p.sparsity.nnz_per_kernel == 0) s.fail("nnz_per_kernel", "must be at least 1");
    p.sparsity.distribution = s.choice("distribution", {"uniform", "lowfreq"}, "lowfreq",
                                       "where synthetic non-zeros fall (docs/model-assumptions.md)");
    p.sparsity.lowfreq_sigma = s.opt<double>("lowfreq_sigma", 0.0,
                                             "spread of the lowfreq distribution, fraction of K (0 = default)");
    if (p.sparsity.lowfreq_sigma < 0) s.fail("lowfreq_sigma", "must not be negative");
    s.done();
    p.dataflow = dataflows.names.empty()
                     ? r.opt<std::string>("dataflow", dataflows.def.c_str(), dataflows.description.c_str())
                     : r.choice("dataflow", dataflows.names, dataflows.def.c_str(), dataflows.description.c_str());
    if (!dataflows.algorithms.empty())
        p.algorithm = r.choice("algorithm", dataflows.algorithms, dataflows.algorithm_def.c_str(),
                               dataflows.algorithm_description.c_str());
    else if (r.has("algorithm"))
        r.fail("algorithm", "the " + (dataflows.overlay.empty() ? std::string("chosen") : dataflows.overlay) +
                                " overlay has no conv algorithm choice (the systolic overlay has)");
    if (!dataflows.algorithms.empty())
        p.mapping_file = r.opt<std::string>("mapping", "",
                                            "per-layer algorithm and dataflow (a file `specsim map` writes), relative "
                                            "to the experiment file; layers it does not name use run.algorithm and "
                                            "run.dataflow ('' = none)");
    else if (r.has("mapping"))
        r.fail("mapping", "the " + (dataflows.overlay.empty() ? std::string("chosen") : dataflows.overlay) +
                              " overlay has no per-layer algorithm mapping");
    p.partition = r.opt<std::string>("partition", "layer",
                                     "cross-layer partition (docs/occam.md): layer = every layer by itself; optimal = "
                                     "the traffic-optimal segments for the capacity; or a partition file (specsim "
                                     "partition --format yaml writes one), relative to the experiment file");
    {
        const std::string& v = p.partition;
        const auto ends = [&](const std::string& x) {
            return v.size() > x.size() && v.compare(v.size() - x.size(), x.size(), x) == 0;
        };
        if (v != "layer" && v != "optimal" && !ends(".yaml") && !ends(".yml")) {
            const std::string guess = closest_match(v, {"layer", "optimal"});
            r.fail("partition", "'" + v + "' is not layer, optimal or a partition file (.yaml)" +
                                    (guess.empty() ? std::string() : "; did you mean '" + guess + "'?"));
        }
    }
    p.partition_capacity_bytes = static_cast<std::uint64_t>(
        r.opt<DataSize>("partition_capacity", "0B",
                        "on-chip bytes a segment's dependence closure may use (0 = the device's BRAM36 and URAM "
                        "the overlay leaves free)").bits / 8);
    p.reader = r.choice("reader", {"offline", "in_order", "online"}, "offline",
                        "sparse-kernel reader: play offline schedules, the naive in-order arbiter, or an "
                        "on-chip arbiter with a lookahead window");
    p.scheduler = r.choice("scheduler", {"greedy", "exact"}, "greedy",
                           "offline read scheduler (reader: offline): greedy heuristic, or exact (SAT) with a "
                           "budget");
    p.exact_conflicts = r.opt<std::int64_t>("exact_conflicts", 100000,
                                            "exact scheduler: SAT solver conflicts per cycle count tried (< 0: "
                                            "unlimited); deterministic, unlike a time limit");
    p.online_window = r.opt<std::uint32_t>("online_window", 4,
                                           "online reader: non-zeros per lane the arbiter may pick from (1 = "
                                           "in order)");
    if (p.online_window == 0) r.fail("online_window", "must be at least 1");
    p.schedule_cache = r.opt<std::string>("schedule_cache", "",
                                          "directory of the persistent read-schedule cache shared by every run, "
                                          "relative to the experiment file ('' = $XDG_CACHE_HOME/specsim, else "
                                          "~/.cache/specsim); --no-cache plans without it (docs/scheduler.md)");
    p.schedule_cache_mb = r.opt<std::uint64_t>("schedule_cache_mb", 256,
                                               "size limit of the schedule cache directory in MB (10^6 bytes); "
                                               "the least recently used entries are removed beyond it");
    p.output_dir = r.opt<std::string>("output_dir", "", "results directory, relative to the experiment file ('' = out/<name>)");
    r.done();
    return p;
}

}  // namespace specsim::config
