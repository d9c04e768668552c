// SPDX-License-Identifier: MIT
// Atomic file replacement: a reader sees either the old file or the complete new one, never
// a half-written result (e.g. when a sweep is killed mid-write).
#pragma once

#include <string>

namespace specsim::report {

/// Writes `contents` to `path` atomically: creates the parent directories, writes
/// `path.tmp.<pid>` in the same directory, fsyncs it, renames it over `path` and fsyncs the
/// directory. On any failure the temporary file is removed and `specsim::Error` is thrown,
/// naming the path and the system's reason (errno text).
void write_file_atomic(const std::string& path, const std::string& contents);

}  // namespace specsim::report
