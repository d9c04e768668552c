// SPDX-License-Identifier: MIT
// Experiment file → arch / network / run source trees, with overrides applied.
#include "config/experiment.hpp"

#include <cctype>

#include "util/did_you_mean.hpp"

namespace specsim::config {
namespace {

// Loads `arch:` / `network:`: a path (relative to the experiment) or an inline map.
Node load_section(const Node& value, const std::string& experiment_file, const std::string& prefix,
                  std::string& file_out)
{
    if (value.is_map()) {
        file_out = experiment_file;
        return Node(value.yaml(), value.file_ptr(), prefix);
    }
    if (!value.is_scalar()) value.fail("expected a file path or an inline map");
    file_out = resolve_relative(experiment_file, value.yaml().Scalar());
    try {
        return load_yaml_file(file_out, prefix);
    } catch (const ConfigError& e) {
        if (e.loc().line == 0)  // the file itself is missing: point at the line naming it
            value.fail("cannot open '" + file_out + "': " + e.message());
        throw;
    }
}

struct PathStep {
    std::string key;  // map key, or "" for a list index
    long index = -1;
};

std::vector<PathStep> split_path(const std::string& path)
{
    std::vector<PathStep> steps;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty()) steps.push_back({cur, -1});
        cur.clear();
    };
    for (std::size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '.') {
            flush();
        } else if (c == '[') {
            flush();
            const std::size_t close = path.find(']', i);
            if (close == std::string::npos) throw Error("override '" + path + "': missing ']'");
            const std::string num = path.substr(i + 1, close - i - 1);
            if (num.empty() || num.find_first_not_of("0123456789") != std::string::npos)
                throw Error("override '" + path + "': list index must be a number");
            steps.push_back({"", std::stol(num)});
            i = close;
        } else {
            cur += c;
        }
    }
    flush();
    return steps;
}

}  // namespace

std::string resolve_relative(const std::string& base_file, const std::string& rel)
{
    if (rel.empty() || rel.front() == '/') return rel;
    const std::size_t slash = base_file.rfind('/');
    if (slash == std::string::npos) return rel;
    return base_file.substr(0, slash + 1) + rel;
}

Override parse_override(const std::string& text)
{
    const std::size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
        throw Error("override '" + text + "' must look like key.path=value");
    return Override{text.substr(0, eq), text.substr(eq + 1)};
}

void apply_override(Node& root, const std::string& root_prefix, const Override& ov)
{
    note_override_origin(ov.path, ov.value);
    std::vector<PathStep> steps = split_path(ov.path);
    if (!root_prefix.empty()) {
        if (steps.empty() || steps.front().key != root_prefix)
            throw Error("override '" + ov.path + "' does not start with '" + root_prefix + "'");
        steps.erase(steps.begin());
    }
    if (steps.empty()) throw Error("override '" + ov.path + "' names a whole section");
    YAML::Node value;
    try {
        value = YAML::Load(ov.value);
    } catch (const YAML::Exception& e) {
        throw Error("override '" + ov.path + "': value is not valid YAML: " + e.msg);
    }
    // Walk with yaml-cpp handles; missing maps on the way are created.
    YAML::Node cur = root.yaml();
    for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
        const PathStep& s = steps[i];
        if (s.index >= 0) {
            if (!cur.IsSequence() || static_cast<std::size_t>(s.index) >= cur.size())
                throw Error("override '" + ov.path + "': no list element [" + std::to_string(s.index) + "]");
            cur.reset(cur[static_cast<std::size_t>(s.index)]);
        } else {
            if (!cur[s.key]) cur[s.key] = YAML::Node(YAML::NodeType::Map);
            YAML::Node next = cur[s.key];
            cur.reset(next);
        }
    }
    const PathStep& last = steps.back();
    if (last.index >= 0) {
        if (!cur.IsSequence() || static_cast<std::size_t>(last.index) >= cur.size())
            throw Error("override '" + ov.path + "': no list element [" + std::to_string(last.index) + "]");
        cur[static_cast<std::size_t>(last.index)] = value;
    } else {
        cur[last.key] = value;
    }
}

ExperimentTree load_experiment_tree(const std::string& path, const std::vector<Override>& overrides)
{
    clear_override_origins();
    ExperimentTree t;
    t.experiment_file = path;
    t.experiment = load_yaml_file(path);
    MapReader r(t.experiment);
    t.name = r.get<std::string>("name", "experiment name; results go to out/<name> by default");
    r.opt<std::string>("description", "", "free text shown in reports");
    t.arch = load_section(r.child("arch", "arch file (relative to this file) or inline arch map"),
                          path, "arch", t.arch_file);
    t.network = load_section(r.child("network", "network file (relative to this file) or inline network map"),
                             path, "network", t.network_file);
    MapReader run = r.map_opt("run", "run options");
    t.run = Node(run.node().yaml(), run.node().file_ptr(), "run");
    r.map_opt("published", "published figures to compare with in tables (optional; keys published.*)");
    r.done();
    for (const Override& ov : overrides) {
        const std::string top = ov.path.substr(0, ov.path.find_first_of(".["));
        if (top == "arch") apply_override(t.arch, "arch", ov);
        else if (top == "network") apply_override(t.network, "network", ov);
        else if (top == "run") apply_override(t.run, "run", ov);
        else
            throw Error("override '" + ov.path + "': first key must be arch, network or run" +
                        did_you_mean_suffix(top, {"arch", "network", "run"}));
    }
    return t;
}

std::string resolved_body_yaml(const ExperimentTree& tree)
{
    YAML::Node out(YAML::NodeType::Map);
    out["name"] = tree.name;
    out["arch"] = tree.arch.yaml();
    out["network"] = tree.network.yaml();
    out["run"] = tree.run.yaml();
    YAML::Emitter em;
    em << out;
    return std::string(em.c_str()) + "\n";
}

std::string resolved_yaml(const ExperimentTree& tree)
{
    return std::string("# resolved experiment: ") + tree.experiment_file + "\n# arch: " + tree.arch_file +
           "\n# network: " + tree.network_file + "\n" + resolved_body_yaml(tree);
}

ConfigKind detect_kind(const Node& root)
{
    if (!root.is_map()) root.fail("expected a map at the top of the file");
    const YAML::Node& m = root.yaml();
    if (m["base"] || m["axes"]) return ConfigKind::sweep;
    if (m["arch"] || m["network"] || m["run"]) return ConfigKind::experiment;
    if (m["layers"] || m["input"]) return ConfigKind::network;
    if (m["overlay"] || m["device"] || m["ddr"]) return ConfigKind::arch;
    root.fail("cannot tell what this file configures: an experiment has arch/network/run, an arch "
              "has device/overlay/ddr, a network has input/layers");
}

std::vector<Override> parse_overrides(const std::vector<std::string>& texts)
{
    std::vector<Override> out;
    for (const auto& t : texts) out.push_back(parse_override(t));
    return out;
}

}  // namespace specsim::config
