// SPDX-License-Identifier: MIT
// Error types of specsim. Library code throws; only the CLI maps an error to an exit code
// (2 for bad input) and prints its one-line message.
#pragma once

#include <stdexcept>
#include <string>

namespace specsim {

/// Bad input that is not tied to a place in a config file (a missing .npy, a shape that
/// does not fit). The CLI prints what() and exits with code 2.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// Where a value came from: a file position (1-based line and column), or a named origin
/// such as a sweep override when there is no file position (line == 0).
struct SourceLoc {
    std::string file;
    int line = 0;
    int col = 0;
    std::string str() const;  ///< "file:line:col", or just "file" when line == 0
};

/// A config error: what() is exactly "file:line:col: key.path: message".
class ConfigError : public Error {
public:
    ConfigError(SourceLoc loc, std::string key_path, std::string message);
    const SourceLoc& loc() const { return m_loc; }
    const std::string& key_path() const { return m_key_path; }
    const std::string& message() const { return m_message; }

private:
    SourceLoc m_loc;
    std::string m_key_path;
    std::string m_message;
};

}  // namespace specsim
