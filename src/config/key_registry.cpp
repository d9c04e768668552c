// SPDX-License-Identifier: MIT
// Process-wide record of every config key read, for the generated config reference.
#include "config/key_registry.hpp"

#include <algorithm>
#include <map>
#include <mutex>

namespace specsim::config {
namespace {
std::mutex g_mutex;
std::map<std::string, KeyInfo>& registry()
{
    static std::map<std::string, KeyInfo> keys;
    return keys;
}

std::string escape_cell(std::string s)
{
    std::string out;
    for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}
}  // namespace

void record_key(const KeyInfo& info)
{
    std::lock_guard<std::mutex> lock(g_mutex);
    registry().emplace(info.pattern, info);
}

std::vector<KeyInfo> recorded_keys()
{
    std::lock_guard<std::mutex> lock(g_mutex);
    std::vector<KeyInfo> out;
    for (const auto& [pattern, info] : registry()) out.push_back(info);
    return out;
}

std::string keys_markdown()
{
    std::string out;
    std::string section;
    std::vector<KeyInfo> keys = recorded_keys();
    std::stable_partition(keys.begin(), keys.end(),
                          [](const KeyInfo& k) { return k.pattern.find_first_of(".[") == std::string::npos; });
    for (const KeyInfo& k : keys) {
        const std::size_t dot = k.pattern.find_first_of(".[");
        const std::string top = dot == std::string::npos ? "experiment file (top level)" : k.pattern.substr(0, dot);
        if (top != section) {
            section = top;
            out += "\n### `" + section + "`\n\n| key | type / unit | default | meaning |\n|---|---|---|---|\n";
        }
        const std::string def = k.required ? "*required*"
                                : k.default_text.empty() ? "`\"\"`" : "`" + k.default_text + "`";
        out += "| `" + k.pattern + "` | " + escape_cell(k.type) + " | " + escape_cell(def) + " | " +
               escape_cell(k.doc) + " |\n";
    }
    return out;
}

}  // namespace specsim::config
