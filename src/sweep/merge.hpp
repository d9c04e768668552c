// SPDX-License-Identifier: MIT
// `specsim sweep merge`: gathers the point records (DIR/points/<hash>.json) of one or more
// sweep directories (shards) into merged.csv and merged.json. Users parse these files: the
// columns (index, hash, status, error, pareto, every axis, run.dsp_used, run.bram36_used,
// run.pe_lanes, every total figure) and their order are part of the interface.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace specsim::sweep {

/// merged.csv and merged.json of a set of point records, and the counts the CLI reports.
struct MergedSweep {
    std::string csv;             ///< merged.csv text: header line, then one line per point by index
    std::string json;            ///< merged.json text ({"format": "specsim-sweep-merged", …})
    std::size_t points = 0;      ///< records merged
    std::size_t ok = 0;          ///< records with status "ok"
    std::size_t failed = 0;      ///< records with status "error"
    std::size_t on_front = 0;    ///< ok records on the Pareto front (time_ms vs DSP vs BRAM36)
};

/// Reads every DIR/points/*.json under `dirs`; a hash seen before (an earlier directory, or a
/// duplicate file) is skipped. Throws specsim::Error when a DIR/points is not a directory.
std::vector<nlohmann::ordered_json> read_point_records(const std::vector<std::string>& dirs);

/// The merged table of `records` (as written by the sweep runner), rows sorted by point
/// index. Columns: index, hash, status, error, pareto (1/0), every axis in order of first
/// appearance, then the resources and totals of the first ok record, a column name carrying
/// its unit as a suffix (time_ms, ddr_total_MB) or in brackets ("run.dsp_used [DSP
/// slices]"). Failed points leave the figure cells empty. Throws specsim::Error when
/// `records` is empty.
MergedSweep merge_records(std::vector<nlohmann::ordered_json> records);

/// Paths of the files `write_merged` wrote.
struct MergeFiles {
    std::string csv_path;   ///< OUT/merged.csv
    std::string json_path;  ///< OUT/merged.json
};

/// Writes OUT/merged.json, then OUT/merged.csv, each atomically (`out_dir` must exist).
MergeFiles write_merged(const MergedSweep& merged, const std::string& out_dir);

}  // namespace specsim::sweep
