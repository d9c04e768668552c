// SPDX-License-Identifier: MIT
// Provenance of a result: a hash of the resolved config text and the git revision of the
// specsim sources, both carried in every table, JSON and CSV.
#pragma once

#include <string>

namespace specsim::report {

/// FNV-1a 64-bit hash of `text` as 16 lower-case hex digits ("" → "cbf29ce484222325").
/// Stable across platforms and runs; not cryptographic.
std::string config_hash(const std::string& text);

/// `git -C source_dir rev-parse --short=12 HEAD`, with "-dirty" appended when
/// `git status --porcelain` lists anything (untracked files included) or fails. Returns "unknown"
/// when git is not installed or `source_dir` is not a checkout. Never throws, never writes
/// to stderr (git's stderr goes to /dev/null).
std::string git_revision(const std::string& source_dir);

}  // namespace specsim::report
