// SPDX-License-Identifier: MIT
// `specsim regress`: runs every golden case under a directory (a subdirectory with
// experiment.yaml and golden.json) as a `specsim run --timing fast` child and compares the
// pinned figures per layer: integers exactly, floats within a relative tolerance. Prints
// nothing: each case's outcome goes to an observer, the moved figures come back in the report.
//
// Golden format: {layer: {figure: value}} with the figures of pinned_figure_names(overlay) for
// layers that ran and {"skip_reason": …} for layers that did not.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace specsim::sweep {

/// The figures a golden pins per layer on an overlay (arch.overlay.type): the common keys
/// and the overlay's counters declared golden (StatGroup::golden_keys); time_ms is the only
/// float (compared within the tolerance). Throws specsim::Error for an unknown overlay.
std::vector<std::string> pinned_figure_names(const std::string& overlay_type);

/// The golden of a run: {layer: {pinned figure: value}} from results.json's "layers", or
/// {layer: {"skip_reason": …}} for a layer that did not run; the overlay from
/// results.json's run.overlay ("spectral" when absent: results written before overlays).
nlohmann::ordered_json pinned_figures(const nlohmann::ordered_json& results);

/// Whether a figure kept its value: when either is a float, both numbers and
/// |a − b| ≤ tolerance × max(|a|, |b|) (`tolerance` relative); otherwise equal JSON.
bool same_figure(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b, double tolerance);

/// One figure that moved (null = absent on that side).
struct Drift {
    std::string case_name, layer, figure;
    nlohmann::ordered_json golden, now;
};

/// The moved figures of one case: layers in golden order then new ones, figures likewise.
std::vector<Drift> compare_figures(const std::string& case_name, const nlohmann::ordered_json& golden,
                                   const nlohmann::ordered_json& now, double tolerance);

/// A value as the difference table shows it: "(none)" for null, strings as they are, else JSON.
std::string value_text(const nlohmann::ordered_json& v);

/// now − golden when both are numbers ("+333" for integers, "%+.6g" for floats), else "".
std::string difference_text(const Drift& d);

/// (now − golden) / golden in percent ("%+.3f") when both are numbers and golden ≠ 0, else "".
std::string percent_text(const Drift& d);

/// The case directories (with experiment.yaml) under `dir`, by name. Throws specsim::Error
/// when `dir` is not a directory or holds no case.
std::vector<std::string> find_cases(const std::string& dir);

/// How to run a regression.
struct RegressOptions {
    std::string dir;          ///< the directory of cases
    bool update = false;      ///< rewrite the goldens (atomically) from this run
    unsigned jobs = 1;        ///< cases at once (≥ 1)
    double tolerance = 1e-9;  ///< relative tolerance for float figures
    std::string specsim_exe;  ///< the specsim executable to run each case with
    bool no_cache = false;    ///< run the cases with --no-cache (no schedule cache)
};

/// The outcome of one case; the references hold during the call only.
struct CaseResult {
    const std::string& name;
    bool ran;                      ///< false: the run failed, `run_error` says why
    const std::string& run_error;  ///< the last line of the child's stderr ("" when it ran)
    std::size_t layers;            ///< layers in this run
    std::size_t moved;             ///< figures that moved against the golden
};

/// What a regression found.
struct RegressReport {
    std::size_t cases = 0;
    std::size_t failed_runs = 0;
    std::vector<Drift> drift;  ///< every moved figure, by case
    bool updated = false;      ///< the goldens were rewritten (--update)
    /// Passed: every case ran, and nothing moved or the goldens were updated.
    bool passed() const { return failed_runs == 0 && (drift.empty() || updated); }
};

/// Runs every case of options.dir (in a temporary directory, removed afterwards), at most
/// options.jobs at a time, then compares each with its golden (a missing golden is empty:
/// every figure moved), calling `on_case` per case in name order; with options.update,
/// writes the golden of each case that moved or had none.
RegressReport run_regression(const RegressOptions& options, const std::function<void(const CaseResult&)>& on_case);

}  // namespace specsim::sweep
