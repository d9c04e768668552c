// SPDX-License-Identifier: MIT
// `specsim network FILE`: loads a network file and prints one row per layer (type, inputs,
// shapes, kernel/stride/pad, MACs, parameters) and the network totals.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "workload/network_yaml.hpp"

namespace specsim::cli {

namespace {

using workload::Layer;
using workload::LayerKind;

/// 15346630656 → "15,346,630,656".
std::string grouped(std::int64_t v)
{
    std::string digits = std::to_string(v < 0 ? -v : v);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return (v < 0 ? "-" : "") + digits;
}

/// 15346630656 → "15.35G".
std::string human(std::int64_t v)
{
    const double d = static_cast<double>(v);
    if (d >= 1e9) return fmt::format("{:.2f}G", d / 1e9);
    if (d >= 1e6) return fmt::format("{:.2f}M", d / 1e6);
    if (d >= 1e3) return fmt::format("{:.2f}k", d / 1e3);
    return std::to_string(v);
}

std::string extent(const workload::Hw& hw)
{
    return hw.h == hw.w ? std::to_string(hw.h) : hw.str();
}

/// "k3 s2 p1", plus dilation, groups and ceil mode where they are not the default.
std::string window_text(const Layer& l)
{
    if (l.kind == LayerKind::Conv) {
        const auto& p = l.conv();
        std::string s = "k" + extent(p.kernel) + " s" + extent(p.stride) + " p" + p.pad.str();
        if (p.dilation.h != 1 || p.dilation.w != 1) s += " d" + extent(p.dilation);
        if (p.groups != 1) s += " g" + std::to_string(p.groups);
        return s;
    }
    if (l.is_pool()) {
        const auto& p = l.pool();
        if (p.global) return "global";
        std::string s = "k" + extent(p.kernel) + " s" + extent(p.stride) + " p" + p.pad.str();
        return p.ceil_mode ? s + " ceil" : s;
    }
    return "";
}

std::string join(const std::vector<std::string>& parts)
{
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
}

/// Input names relative to the layer's own scope ("inception_3a/output" reading
/// "inception_3a/relu_1x1" shows "relu_1x1"), to keep the column narrow.
std::string from_text(const Layer& l)
{
    const std::size_t cut = l.name.find_last_of("/.");
    const std::string scope = cut == std::string::npos ? "" : l.name.substr(0, cut + 1);
    std::vector<std::string> names;
    for (const std::string& in : l.inputs)
        names.push_back(!scope.empty() && in.rfind(scope, 0) == 0 ? in.substr(scope.size()) : in);
    return join(names);
}

/// "3x8x8"; several inputs of one H×W as "(64+128+32)x28x28", or "2 x 64x56x56" for add.
std::string inputs_text(const Layer& l)
{
    const auto& shapes = l.input_shapes;
    bool same_plane = true;
    std::vector<std::string> parts;
    for (const auto& s : shapes) {
        same_plane = same_plane && s.h == shapes[0].h && s.w == shapes[0].w;
        parts.push_back(s.str());
    }
    if (shapes.size() < 2 || !same_plane) return join(parts);
    if (l.kind == LayerKind::Add) return fmt::format("{} x {}", shapes.size(), parts[0]);
    std::string channels;
    for (const auto& s : shapes) channels += (channels.empty() ? "" : "+") + std::to_string(s.c);
    return fmt::format("({})x{}x{}", channels, shapes[0].h, shapes[0].w);
}

void print_network(const workload::Network& net)
{
    fmt::print("network {}: input {}, {} layers\n", net.name(), net.input().str(), net.size());
    if (!net.source().empty()) fmt::print("source: {}\n", net.source());
    fmt::print("\n");

    std::vector<std::vector<std::string>> rows;
    rows.push_back({"#", "layer", "type", "from", "input", "output", "window", "MACs", "params"});
    for (std::size_t i = 0; i < net.size(); ++i) {
        const Layer& l = net.layer(i);
        // "from" only when the layer does not simply read the one before it.
        const std::string previous = i == 0 ? workload::Network::input_name : net.layer(i - 1).name;
        const bool sequential = l.inputs.size() == 1 && l.inputs[0] == previous;
        rows.push_back({std::to_string(i), l.name, workload::kind_name(l.kind),
                        sequential ? "" : from_text(l), inputs_text(l), l.output.str(),
                        window_text(l), l.macs() ? grouped(l.macs()) : "",
                        l.param_count() ? grouped(l.param_count()) : ""});
    }
    std::vector<std::size_t> width(rows[0].size(), 0);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const bool right = c == 0 || c >= 7;  // numbers right-aligned
            line += right ? fmt::format("{:>{}}", row[c], width[c]) : fmt::format("{:<{}}", row[c], width[c]);
            line += c + 1 < row.size() ? "  " : "";
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        fmt::print("{}\n", line);
    }

    const workload::NetworkTotals t = net.totals();
    const auto total = [](const char* label, std::int64_t v, const std::string& note) {
        fmt::print("{:<11}{:>16}  ({}){}\n", label, grouped(v), human(v), note);
    };
    fmt::print("\n");
    total("conv MACs", t.conv_macs, fmt::format("  in {} conv layers", t.conv_layers));
    total("fc MACs", t.fc_macs, fmt::format("  in {} fc layers", t.fc_layers));
    total("total MACs", t.macs, "  per sample");
    total("params", t.params,
          fmt::format("  = {} weights + {} biases", grouped(t.weights), grouped(t.biases)));
    fmt::print("output     {:>16}\n", net.output().str());
}

}  // namespace

void add_network_command(CLI::App& app, CommandContext& ctx)
{
    (void)ctx;  // listing a network has no check that could fail
    auto path = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand(
        "network", "Load a network file; print its layers, shapes, MACs and parameters");
    cmd->add_option("FILE", *path, "network YAML file (see docs/networks.md)")->required();
    cmd->callback([path] { print_network(workload::load_network_file(*path)); });
}

}  // namespace specsim::cli
