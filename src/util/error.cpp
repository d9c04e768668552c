// SPDX-License-Identifier: MIT
// Formatting of error locations.
#include "util/error.hpp"

namespace specsim {

std::string SourceLoc::str() const
{
    if (line <= 0) return file;
    return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

static std::string format_config_error(const SourceLoc& loc, const std::string& key_path,
                                       const std::string& message)
{
    std::string out = loc.str();
    if (!key_path.empty()) out += (out.empty() ? "" : ": ") + key_path;
    return out + (out.empty() ? "" : ": ") + message;
}

ConfigError::ConfigError(SourceLoc loc, std::string key_path, std::string message)
    : Error(format_config_error(loc, key_path, message)),
      m_loc(std::move(loc)),
      m_key_path(std::move(key_path)),
      m_message(std::move(message))
{
}

}  // namespace specsim
