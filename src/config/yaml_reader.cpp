// SPDX-License-Identifier: MIT
// Strict YAML reading with source locations, unknown-key detection and default filling.
#include "config/yaml_reader.hpp"

#include <map>
#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <functional>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include "config/key_registry.hpp"
#include "util/did_you_mean.hpp"

namespace specsim::config {
namespace {

std::string join_path(const std::string& parent, const std::string& key)
{
    return parent.empty() ? key : parent + "." + key;
}

// "network.layers[3].kernel" → "network.layers[].kernel" for the key registry.
std::string pattern_of(const std::string& path)
{
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) {
        out += path[i];
        if (path[i] == '[') {
            while (i + 1 < path.size() && path[i + 1] != ']') ++i;
        }
    }
    return out;
}

template <class T> const char* type_name();
template <> const char* type_name<bool>() { return "bool"; }
template <> const char* type_name<int>() { return "integer"; }
template <> const char* type_name<std::int64_t>() { return "integer"; }
template <> const char* type_name<std::uint32_t>() { return "integer ≥ 0"; }
template <> const char* type_name<std::uint64_t>() { return "integer ≥ 0"; }
template <> const char* type_name<double>() { return "number"; }
template <> const char* type_name<std::string>() { return "string"; }
template <> const char* type_name<Frequency>() { return "frequency (Hz, kHz, MHz, GHz)"; }
template <> const char* type_name<Bandwidth>() { return "bandwidth (B/s … GB/s, Gb/s)"; }
template <> const char* type_name<DataSize>() { return "size (B, KiB, MiB, Kib, …)"; }
template <> const char* type_name<Duration>() { return "time (s, ms, us, ns, ps)"; }

template <class T> std::string default_text(T v)
{
    std::ostringstream os;
    os << v;
    return os.str();
}
template <> std::string default_text(bool v) { return v ? "true" : "false"; }
template <> std::string default_text(const char* v) { return v ? v : ""; }

}  // namespace

// ---------------------------------------------------------------- Node

Node::Node(YAML::Node node, std::shared_ptr<const std::string> file, std::string path)
    : m_node(std::move(node)), m_file(std::move(file)), m_path(std::move(path))
{
}

namespace {
std::map<std::string, std::string>& override_origins()
{
    static std::map<std::string, std::string> origins;
    return origins;
}
}  // namespace

void note_override_origin(const std::string& key_path, const std::string& text)
{
    override_origins()[key_path] = text;
}

void clear_override_origins() { override_origins().clear(); }

SourceLoc Node::loc() const
{
    const auto o = override_origins().find(m_path);
    if (o != override_origins().end()) return SourceLoc{"--set " + o->first + "=" + o->second, 0, 0};
    SourceLoc loc{*m_file, 0, 0};
    if (m_node) {
        const YAML::Mark mark = m_node.Mark();
        if (!mark.is_null()) {
            loc.line = mark.line + 1;
            loc.col = mark.column + 1;
        }
    }
    return loc;
}

void Node::fail(const std::string& message) const { throw ConfigError(loc(), m_path, message); }

std::vector<Node> Node::items() const
{
    if (!is_seq()) fail("expected a list");
    std::vector<Node> out;
    out.reserve(m_node.size());
    for (std::size_t i = 0; i < m_node.size(); ++i)
        out.emplace_back(m_node[i], m_file, m_path + "[" + std::to_string(i) + "]");
    return out;
}

std::string Node::scalar_text() const
{
    if (is_scalar()) return m_node.Scalar();
    if (is_map()) return "<map>";
    if (is_seq()) return "<list>";
    return "<nothing>";
}

namespace {

long long parse_integer(const Node& n, const char* what)
{
    if (!n.is_scalar()) n.fail(std::string("expected ") + what + ", got " + n.scalar_text());
    const std::string& s = n.yaml().Scalar();
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0') n.fail(std::string("expected ") + what + ", got '" + s + "'");
    if (errno == ERANGE) n.fail("integer '" + s + "' is out of range");
    return v;
}

template <class Q> Q parse_quantity(const Node& n, Q (*parse)(const std::string&))
{
    if (!n.is_scalar()) n.fail("expected a quantity with a unit, got " + n.scalar_text());
    try {
        return parse(n.yaml().Scalar());
    } catch (const Error& e) {
        n.fail(e.what());
    }
}

}  // namespace

template <> bool Node::as<bool>() const
{
    const std::string s = is_scalar() ? m_node.Scalar() : scalar_text();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    fail("expected true or false, got '" + s + "'");
}

template <> std::int64_t Node::as<std::int64_t>() const { return parse_integer(*this, "an integer"); }

template <> int Node::as<int>() const
{
    const long long v = parse_integer(*this, "an integer");
    if (v < INT32_MIN || v > INT32_MAX) fail("integer " + std::to_string(v) + " is out of range");
    return static_cast<int>(v);
}

template <> std::uint64_t Node::as<std::uint64_t>() const
{
    const long long v = parse_integer(*this, "a non-negative integer");
    if (v < 0) fail("must not be negative, got " + std::to_string(v));
    return static_cast<std::uint64_t>(v);
}

template <> std::uint32_t Node::as<std::uint32_t>() const
{
    const std::uint64_t v = as<std::uint64_t>();
    if (v > UINT32_MAX) fail("integer " + std::to_string(v) + " is out of range");
    return static_cast<std::uint32_t>(v);
}

template <> double Node::as<double>() const
{
    if (!is_scalar()) fail("expected a number, got " + scalar_text());
    const std::string& s = m_node.Scalar();
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || !std::isfinite(v)) fail("expected a number, got '" + s + "'");
    return v;
}

template <> std::string Node::as<std::string>() const
{
    if (!is_scalar()) fail("expected a string, got " + scalar_text());
    return m_node.Scalar();
}

template <> Frequency Node::as<Frequency>() const { return parse_quantity(*this, parse_frequency); }
template <> Bandwidth Node::as<Bandwidth>() const { return parse_quantity(*this, parse_bandwidth); }
template <> DataSize Node::as<DataSize>() const { return parse_quantity(*this, parse_data_size); }
template <> Duration Node::as<Duration>() const { return parse_quantity(*this, parse_duration); }

// ---------------------------------------------------------------- loading

static Node load_impl(const std::string& origin, const std::string& prefix,
                      const std::function<YAML::Node()>& parse)
{
    auto file = std::make_shared<const std::string>(origin);
    try {
        return Node(parse(), file, prefix);
    } catch (const YAML::ParserException& e) {
        SourceLoc loc{origin, e.mark.line + 1, e.mark.column + 1};
        throw ConfigError(loc, "", "YAML syntax error: " + e.msg);
    }
}

Node load_yaml_file(const std::string& path, const std::string& path_prefix)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw ConfigError(SourceLoc{path, 0, 0}, "", "cannot open: no such file");
    if (S_ISDIR(st.st_mode))
        throw ConfigError(SourceLoc{path, 0, 0}, "", "cannot open: is a directory");
    std::ifstream in(path);
    if (!in) throw ConfigError(SourceLoc{path, 0, 0}, "", "cannot open: permission denied");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    return load_impl(path, path_prefix, [&] { return YAML::Load(text); });
}

Node load_yaml_text(const std::string& text, const std::string& origin, const std::string& path_prefix)
{
    return load_impl(origin, path_prefix, [&] { return YAML::Load(text); });
}

std::string to_yaml_text(const Node& node)
{
    YAML::Emitter out;
    out << node.yaml();
    return std::string(out.c_str()) + "\n";
}

// ---------------------------------------------------------------- MapReader

MapReader::MapReader(Node node) : m_node(std::move(node))
{
    if (m_node.is_null()) {
        // An absent or empty section reads as an empty map; make it a real map in place so
        // defaults filled in below show up in the resolved tree.
        m_node.yaml() = YAML::Node(YAML::NodeType::Map);
    }
    if (!m_node.is_map()) m_node.fail("expected a map of key: value, got " + m_node.scalar_text());
    // Duplicate keys: yaml-cpp keeps both silently; we reject the second.
    std::vector<std::string> seen;
    const YAML::Node& map = m_node.yaml();
    for (auto it = map.begin(); it != map.end(); ++it) {
        const Node key(it->first, m_node.file_ptr(), m_node.path());
        if (!it->first.IsScalar()) key.fail("map keys must be plain names");
        const std::string& k = it->first.Scalar();
        if (std::find(seen.begin(), seen.end(), k) != seen.end())
            throw ConfigError(key.loc(), join_path(m_node.path(), k), "key appears twice");
        seen.push_back(k);
    }
}

bool MapReader::has(const std::string& key) const
{
    const YAML::Node& map = m_node.yaml();
    return static_cast<bool>(map[key]);
}

Node MapReader::at(const std::string& key) const
{
    const YAML::Node& map = m_node.yaml();
    if (map[key]) return Node(map[key], m_node.file_ptr(), join_path(m_node.path(), key));
    return Node(m_node.yaml(), m_node.file_ptr(), join_path(m_node.path(), key));
}

void MapReader::fail(const std::string& key, const std::string& message) const { at(key).fail(message); }

Node MapReader::value_or_fail(const std::string& key) const
{
    if (!has(key)) {
        // A present key that is not read and spelt like this one is most likely it, misspelt.
        std::string guess;
        for (const auto& kv : m_node.yaml()) {
            const std::string k = kv.first.as<std::string>("");
            if (k.size() >= 4 && k != key && std::find(m_known.begin(), m_known.end(), k) == m_known.end() &&
                !closest_match(k, {key}).empty())
                guess = k;
        }
        throw ConfigError(m_node.loc(), join_path(m_node.path(), key),
                          guess.empty() ? std::string("required key is missing")
                                        : "required key is missing; is '" + guess + "' meant to be '" + key + "'?");
    }
    return at(key);
}

void MapReader::mark(const std::string& key, const char* type, const std::string& def, const char* doc,
                     bool required)
{
    if (std::find(m_known.begin(), m_known.end(), key) == m_known.end()) m_known.push_back(key);
    record_key(KeyInfo{pattern_of(join_path(m_node.path(), key)), type, def, doc ? doc : "", required});
}

template <class T> T MapReader::get(const std::string& key, const char* doc)
{
    mark(key, type_name<T>(), "", doc, true);
    return value_or_fail(key).template as<T>();
}

template <class T>
T MapReader::opt(const std::string& key, typename detail::DefaultArg<T>::type def, const char* doc)
{
    const std::string text = default_text(def);
    mark(key, type_name<T>(), text, doc, false);
    if (!has(key)) m_node.yaml()[key] = def;  // fill the default into the resolved tree
    return at(key).template as<T>();
}

std::string MapReader::choice(const std::string& key, const std::vector<std::string>& choices,
                              const char* def, const char* doc)
{
    std::string type = "one of:";
    for (std::size_t i = 0; i < choices.size(); ++i) type += (i ? ", " : " ") + choices[i];
    const bool required = def == nullptr || *def == '\0';
    mark(key, type.c_str(), required ? "" : def, doc, required);
    if (!has(key)) {
        if (required) value_or_fail(key);
        m_node.yaml()[key] = std::string(def);
    }
    const Node n = at(key);
    const std::string v = n.as<std::string>();
    if (std::find(choices.begin(), choices.end(), v) == choices.end()) {
        std::string list;
        for (std::size_t i = 0; i < choices.size(); ++i) list += (i ? ", " : "") + choices[i];
        n.fail("'" + v + "' is not one of " + list + did_you_mean_suffix(v, choices));
    }
    return v;
}

MapReader MapReader::map(const std::string& key, const char* doc)
{
    mark(key, "map", "", doc, true);
    return MapReader(value_or_fail(key));
}

MapReader MapReader::map_opt(const std::string& key, const char* doc)
{
    mark(key, "map", "{}", doc, false);
    if (!has(key)) m_node.yaml()[key] = YAML::Node(YAML::NodeType::Map);
    return MapReader(at(key));
}

std::vector<Node> MapReader::seq(const std::string& key, const char* doc)
{
    mark(key, "list", "", doc, true);
    return value_or_fail(key).items();
}

std::vector<Node> MapReader::seq_opt(const std::string& key, const char* doc)
{
    mark(key, "list", "[]", doc, false);
    if (!has(key)) return {};
    return at(key).items();
}

Node MapReader::child(const std::string& key, const char* doc)
{
    mark(key, "value", "", doc, true);
    return value_or_fail(key);
}

void MapReader::done()
{
    const YAML::Node& map = m_node.yaml();
    for (auto it = map.begin(); it != map.end(); ++it) {
        const std::string& k = it->first.Scalar();
        if (std::find(m_known.begin(), m_known.end(), k) != m_known.end()) continue;
        const Node key(it->first, m_node.file_ptr(), m_node.path());
        throw ConfigError(key.loc(), join_path(m_node.path(), k),
                          "unknown key" + did_you_mean_suffix(k, m_known));
    }
}

// Explicit instantiations for the supported value types.
#define SPECSIM_READER_TYPES(X) \
    X(bool) X(int) X(std::int64_t) X(std::uint32_t) X(std::uint64_t) X(double) X(std::string) \
    X(Frequency) X(Bandwidth) X(DataSize) X(Duration)
#define SPECSIM_INSTANTIATE(T)                                                          \
    template T MapReader::get<T>(const std::string&, const char*);                     \
    template T MapReader::opt<T>(const std::string&, detail::DefaultArg<T>::type, const char*);
SPECSIM_READER_TYPES(SPECSIM_INSTANTIATE)
#undef SPECSIM_INSTANTIATE
#undef SPECSIM_READER_TYPES

}  // namespace specsim::config
