// SPDX-License-Identifier: MIT
// What `specsim map` prints and writes: the candidates, the chosen mapping and its totals
// against the single-algorithm mappings (CSV, Markdown, JSON), and the mapping file that
// `run.mapping` reads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mapping/mapper.hpp"

namespace specsim::mapping {

/// Everything one map run found.
struct MapReport {
    std::string experiment, network, cost;  ///< cost: the CostSource's name
    std::string params;                     ///< one line: array, clock, bandwidth
    const MappingProblem* problem = nullptr;
    const workload::Network* net = nullptr;
    Mapping mapped;
    std::vector<std::pair<MapAlgorithm, Mapping>> single;  ///< every conv on one algorithm (im2col where not a candidate)
    /// Seconds of the layers outside the mapping (pooling, LRN, add, fc, …), the same under
    /// every mapping; 0 for the analytic model, which has no such layers. Added to totals.
    double other_s = 0;
    /// Sim costs only: the same assignment under the analytic model (same graph, same
    /// choices), to show where the two disagree; empty layers for the analytic model.
    Mapping analytic;
    /// With a spectral engine as a fourth family (a what-if: the mapping file keeps the
    /// systolic-only mapping); `spectral_source` names where its costs came from.
    std::optional<Mapping> with_spectral;
    std::string spectral_source;
    /// Things the reader must know (edges that are zero and why, a heuristic result's gap).
    std::vector<std::string> notes;
};

/// The systolic overlay's run.algorithm name of a mapper algorithm (Winograd: F(2×2,3×3),
/// the public mapper's only one).
const char* systolic_algorithm_name(MapAlgorithm a);

/// `candidates`: list every (layer, algorithm, dataflow) node cost and every layout
/// transformation (from the plain tensor layout) before the chosen mapping.
/// csv: one table `kind,layer,algorithm,dataflow,cost_ms` (kind node | edge | chosen),
/// comment lines start with '#'. md: the chosen mapping and a summary table. json: all of it.
std::string format_map_report(const MapReport& r, const std::string& format, bool candidates);

/// The mapping file (config/layer_mapping.hpp format) of the chosen mapping.
std::string mapping_yaml(const MapReport& r);

}  // namespace specsim::mapping
