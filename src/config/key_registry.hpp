// SPDX-License-Identifier: MIT
// Every config key read anywhere is recorded here (pattern, type, default, description),
// so the config reference in docs/ is generated from the code that reads the keys.
#pragma once

#include <string>
#include <vector>

namespace specsim::config {

struct KeyInfo {
    std::string pattern;   ///< dotted path with list indices as [] ("network.layers[].kernel")
    std::string type;      ///< "integer ≥ 0", "frequency", "one of: cycle, fast", "map", …
    std::string default_text;  ///< as written in YAML
    std::string doc;
    bool required = false;
};

/// Records a key (first description wins; thread-safe).
void record_key(const KeyInfo& info);

/// All keys recorded so far, sorted by pattern.
std::vector<KeyInfo> recorded_keys();

/// Markdown table of recorded_keys() grouped by top-level section.
std::string keys_markdown();

}  // namespace specsim::config
