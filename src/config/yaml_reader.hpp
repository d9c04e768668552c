// SPDX-License-Identifier: MIT
// Strict YAML reading: every key is read through MapReader, which knows the file, line,
// column and dotted key path of every value, rejects keys nobody asked for (with a
// did-you-mean) and fills defaults into the tree so the resolved config can be dumped.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "util/error.hpp"
#include "config/units.hpp"

namespace specsim::config {

/// A view of one YAML value together with where it came from. Cheap to copy: yaml-cpp
/// nodes are handles into one shared document.
class Node {
public:
    Node() = default;
    Node(YAML::Node node, std::shared_ptr<const std::string> file, std::string path);

    const YAML::Node& yaml() const { return m_node; }
    YAML::Node& yaml() { return m_node; }
    const std::string& path() const { return m_path; }  ///< "arch.overlay.replicas", "layers[3].kernel"
    const std::string& file() const { return *m_file; }
    std::shared_ptr<const std::string> file_ptr() const { return m_file; }
    SourceLoc loc() const;

    bool is_null() const { return !m_node || m_node.IsNull(); }
    bool is_map() const { return m_node && m_node.IsMap(); }
    bool is_seq() const { return m_node && m_node.IsSequence(); }
    bool is_scalar() const { return m_node && m_node.IsScalar(); }

    /// Throws ConfigError "file:line:col: path: message" at this value.
    [[noreturn]] void fail(const std::string& message) const;

    /// The elements of a sequence (fails unless this is a sequence); paths "key[i]".
    std::vector<Node> items() const;

    /// Scalar conversion. Supported: bool, int, std::int64_t, std::uint32_t, std::uint64_t,
    /// double, std::string, Frequency, Bandwidth, DataSize, Duration. Unsigned types reject
    /// negative numbers; quantity types require a unit.
    template <class T> T as() const;

    /// The text a user wrote for a scalar (for messages and dumps).
    std::string scalar_text() const;

private:
    YAML::Node m_node;
    std::shared_ptr<const std::string> m_file = std::make_shared<const std::string>("<none>");
    std::string m_path;
};

/// Values that came from `--set` overrides (or a sweep point), by key path: an error at
/// such a value names the override ("--set arch.overlay.replicas=0") instead of a file
/// position the value never had. Set while an experiment is loaded; not thread-safe
/// (configs are loaded on one thread).
void note_override_origin(const std::string& key_path, const std::string& text);
void clear_override_origins();

/// Loads a YAML file. A missing file or a syntax error throws ConfigError naming the path
/// (and line:col for syntax errors). `path_prefix` becomes the root key path ("arch").
Node load_yaml_file(const std::string& path, const std::string& path_prefix = "");

/// Parses YAML text (tests, overrides); `origin` stands in for the file name.
Node load_yaml_text(const std::string& text, const std::string& origin,
                    const std::string& path_prefix = "");

namespace detail {
template <class T> struct DefaultArg { using type = const char*; };  // quantities, strings: text
template <> struct DefaultArg<bool> { using type = bool; };
template <> struct DefaultArg<int> { using type = int; };
template <> struct DefaultArg<std::int64_t> { using type = std::int64_t; };
template <> struct DefaultArg<std::uint32_t> { using type = std::uint32_t; };
template <> struct DefaultArg<std::uint64_t> { using type = std::uint64_t; };
template <> struct DefaultArg<double> { using type = double; };
}  // namespace detail

/// Reads one YAML map key by key. Every get/opt/map/seq call names a key and describes it
/// (one line: meaning, and unit where the type has none). done() rejects the keys nobody
/// read. A missing optional key is written into the tree with its default, so dumping the
/// tree afterwards shows the fully resolved config.
class MapReader {
public:
    /// `node` must be a map; a null node (absent or empty section) reads as an empty map.
    explicit MapReader(Node node);
    ~MapReader() = default;
    MapReader(const MapReader&) = delete;
    MapReader& operator=(const MapReader&) = delete;
    MapReader(MapReader&&) = default;

    bool has(const std::string& key) const;

    /// Required value.
    template <class T> T get(const std::string& key, const char* doc);

    /// Optional value; the default is a value for numbers and bools, text for strings and
    /// quantities ("200MHz"), parsed by the same rules as the file.
    template <class T>
    T opt(const std::string& key, typename detail::DefaultArg<T>::type def, const char* doc);

    /// A string that must be one of `choices` (did-you-mean on a typo). Empty `def` = required.
    std::string choice(const std::string& key, const std::vector<std::string>& choices,
                       const char* def, const char* doc);

    /// A required sub-map, or an optional one (absent → empty map, defaults filled in).
    MapReader map(const std::string& key, const char* doc);
    MapReader map_opt(const std::string& key, const char* doc);

    /// A required sequence, or an optional one (absent → empty).
    std::vector<Node> seq(const std::string& key, const char* doc);
    std::vector<Node> seq_opt(const std::string& key, const char* doc);

    /// Any value (scalar, map or sequence) for the caller to interpret; marks the key read.
    Node child(const std::string& key, const char* doc);

    /// The value at `key` if present, else the map itself, for error locations.
    Node at(const std::string& key) const;
    [[noreturn]] void fail(const std::string& key, const std::string& message) const;

    const Node& node() const { return m_node; }

    /// Rejects every key that no call above asked for (ConfigError at that key, with the
    /// closest asked-for key as a suggestion). Call once when the map has been read.
    void done();

private:
    Node value_or_fail(const std::string& key) const;
    void mark(const std::string& key, const char* type, const std::string& def, const char* doc,
              bool required);

    Node m_node;
    std::vector<std::string> m_known;  // keys asked for, in order (for did-you-mean)
};

/// Emits a node tree as YAML text (block style).
std::string to_yaml_text(const Node& node);

}  // namespace specsim::config
