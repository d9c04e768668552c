// SPDX-License-Identifier: MIT
// `run:` section of an experiment → RunParams.
#include "config/run_params.hpp"

namespace specsim::config {

RunParams parse_run(const Node& root)
{
    MapReader r(root);
    RunParams p;
    p.seed = r.opt<std::uint64_t>("seed", 1, "seed of every random draw (sparsity, synthetic data)");
    p.timing = r.choice("timing", {"cycle", "fast"}, "fast",
                        "cycle: evaluate every clock edge; fast: skip to the next event (same results)");
    p.batch = r.opt<std::uint32_t>("batch", 1, "images per run");
    if (p.batch == 0) r.fail("batch", "must be at least 1");
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
    p.dataflow = r.choice("dataflow", {"kernel_reuse", "activation_reuse"}, "kernel_reuse",
                          "streaming block policy: hold N′ kernels and stream tiles, or hold P′ tiles and stream kernels");
    p.reader = r.choice("reader", {"offline", "in_order"}, "offline",
                        "sparse-kernel reader: play offline schedules, or the naive in-order arbiter");
    p.output_dir = r.opt<std::string>("output_dir", "", "results directory, relative to the experiment file ('' = out/<name>)");
    r.done();
    return p;
}

}  // namespace specsim::config
