// SPDX-License-Identifier: MIT
// The pure parts of sweeps: the Pareto front (ties, duplicates, dominance on each figure),
// `--shard I/N` parsing and the shard selection, and the Slurm script text.
#include <catch2/catch.hpp>

#include "sweep/pareto.hpp"
#include "sweep/shard.hpp"
#include "sweep/slurm.hpp"
#include "util/error.hpp"

using namespace specsim;
using namespace specsim::sweep;

TEST_CASE("Pareto front: dominance on all three figures, ties and duplicates", "[sweep][pareto]")
{
    // time_ms, DSP slices, BRAM36 blocks.
    const std::vector<DesignCost> costs = {
        {10.0, 100, 50},  // 0: fastest at its cost: on the front
        {12.0, 100, 50},  // 1: slower than 0 at the same resources: dominated
        {12.0, 80, 50},   // 2: fewer DSP than 0: on the front
        {12.0, 80, 50},   // 3: duplicate of 2: duplicates do not dominate each other
        {12.0, 80, 60},   // 4: like 2 with more BRAM: dominated by 2 (and 3)
        {20.0, 200, 10},  // 5: least BRAM: on the front however slow
        {10.0, 100, 50},  // 6: duplicate of 0: on the front with it
        {10.0, 100, 49},  // 7: 0 with one BRAM36 fewer: dominates 0 and 6
    };
    const std::vector<bool> front = pareto_front(costs);
    CHECK(front == std::vector<bool>{false, false, true, true, false, true, false, true});
}

TEST_CASE("Pareto front: edge cases", "[sweep][pareto]")
{
    CHECK(pareto_front({}).empty());
    CHECK(pareto_front({{5, 5, 5}}) == std::vector<bool>{true});
    // All equal: nobody is strictly better, all on the front.
    CHECK(pareto_front({{1, 2, 3}, {1, 2, 3}, {1, 2, 3}}) == std::vector<bool>{true, true, true});
    // URAM counts: the same latency, DSP and BRAM with fewer URAMs dominates.
    CHECK(pareto_front({{1, 2, 3, 10}, {1, 2, 3, 5}}) == std::vector<bool>{false, true});
    CHECK(pareto_front({{1, 2, 3, 5}, {2, 2, 3, 0}}) == std::vector<bool>{true, true});
    // A trade-off on one figure only is enough to stay on the front.
    CHECK(pareto_front({{1, 9, 9}, {9, 1, 9}, {9, 9, 1}, {9, 9, 9}}) == std::vector<bool>{true, true, true, false});
}

TEST_CASE("--shard I/N parsing", "[sweep][shard]")
{
    CHECK(parse_shard("").index == 0);
    CHECK(parse_shard("").count == 1);
    const Shard s = parse_shard("2/5");
    CHECK(s.index == 2);
    CHECK(s.count == 5);
    CHECK(parse_shard("0/1").count == 1);
    for (const char* bad : {"5/5", "1/0", "3", "a/b", "/2", "1/", "-1/2"}) {
        INFO(bad);
        CHECK_THROWS_WITH(parse_shard(bad), "--shard must be I/N with 0 <= I < N, got '" + std::string(bad) + "'");
    }
}

TEST_CASE("shards are disjoint, cover the sweep and keep point order", "[sweep][shard]")
{
    std::vector<Point> points;
    for (std::size_t i = 0; i < 10; ++i) points.push_back({i, {{"arch.x", std::to_string(i)}}});
    std::vector<std::size_t> seen;
    for (std::size_t k = 0; k < 3; ++k) {
        const std::vector<Point> part = select_shard(points, {k, 3});
        for (std::size_t j = 0; j < part.size(); ++j) {
            CHECK(part[j].index % 3 == k);
            if (j) CHECK(part[j - 1].index < part[j].index);
            CHECK(part[j].settings.at(0).value == std::to_string(part[j].index));
            seen.push_back(part[j].index);
        }
    }
    std::sort(seen.begin(), seen.end());
    CHECK(seen == std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    CHECK(select_shard(points, {}).size() == 10);
}

TEST_CASE("Slurm scripts: an array of N shard tasks, a merge, a submit script", "[sweep][slurm]")
{
    const SlurmScripts s = slurm_scripts({"demo", 3, "/o/slurm", "/w", "/bin/specsim", "/s/demo.yaml", "/o"});
    CHECK(s.array_sbatch.rfind("#!/bin/bash\n", 0) == 0);
    CHECK(s.array_sbatch.find("#SBATCH --array=0-2\n") != std::string::npos);
    CHECK(s.array_sbatch.find("#SBATCH --job-name=specsim-demo\n") != std::string::npos);
    CHECK(s.array_sbatch.find("#SBATCH --output=/o/slurm/shard-%a.log\n") != std::string::npos);
    CHECK(s.array_sbatch.find("cd /w\nexec /bin/specsim sweep /s/demo.yaml --out /o --shard \"$SLURM_ARRAY_TASK_ID/3\" "
                              "-j \"${SLURM_CPUS_PER_TASK:-1}\"\n") != std::string::npos);
    CHECK(s.merge_sbatch.find("exec /bin/specsim sweep merge /o\n") != std::string::npos);
    CHECK(s.merge_sbatch.find("#SBATCH --job-name=specsim-demo-merge\n") != std::string::npos);
    CHECK(s.submit_sh.find("--dependency=afterany:${array%%;*} /o/slurm/merge.sbatch") != std::string::npos);
}
