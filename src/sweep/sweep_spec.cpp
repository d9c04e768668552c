// SPDX-License-Identifier: MIT
#include "sweep/sweep_spec.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "config/yaml_reader.hpp"
#include "core/build_info.hpp"
#include "core/experiment.hpp"
#include "numerics/random.hpp"
#include "report/provenance.hpp"
#include "util/error.hpp"

namespace specsim::sweep {
namespace {

std::string value_text(const config::Node& n)
{
    if (!n.is_scalar()) n.fail("an axis value must be a scalar (number, string or quantity)");
    return n.scalar_text();
}

double number_of(const std::string& key, const std::string& text)
{
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0')
        throw Error("constraint uses '" + key + "' = '" + text + "', which is not a number");
    return v;
}

bool admitted(const SweepSpec& spec, const std::vector<config::Override>& settings)
{
    for (const Expr& c : spec.constraints) {
        const double v = c.eval([&](const std::string& key) {
            for (const auto& s : settings)
                if (s.path == key) return number_of(key, s.value);
            throw Error("constraint '" + c.text() + "': '" + key + "' is not an axis of this sweep");
        });
        if (v == 0) return false;
    }
    return true;
}

}  // namespace

SweepSpec load_sweep(const std::string& path)
{
    SweepSpec s;
    s.file = path;
    const config::Node root = config::load_yaml_file(path, "sweep");
    config::MapReader r(root);
    s.name = r.get<std::string>("name", "sweep name; results go to out/sweeps/<name> by default");
    r.opt<std::string>("description", "", "free text");
    s.base = config::resolve_relative(path, r.get<std::string>("base", "base experiment file, relative to this file"));
    s.mode = r.choice("mode", {"grid", "list", "random"}, "grid",
                      "grid: every combination of the axes; list: the points given; random: `random.count` grid "
                      "points drawn with `random.seed`");
    if (s.mode == "list") {
        for (const config::Node& pt : r.seq("points", "list mode: one map of key: value per point")) {
            if (!pt.is_map()) pt.fail("a point is a map of dotted key: value");
            std::vector<config::Override> o;
            for (auto it = pt.yaml().begin(); it != pt.yaml().end(); ++it) {
                const config::Node v(it->second, pt.file_ptr(), pt.path() + "." + it->first.as<std::string>());
                o.push_back({it->first.as<std::string>(), value_text(v)});
            }
            s.list.push_back(o);
        }
    } else {
        const config::Node axes = r.child("axes", "dotted config key: list of values (grid and random modes)");
        if (!axes.is_map() || axes.yaml().size() == 0) axes.fail("axes must be a non-empty map of key: [values]");
        for (auto it = axes.yaml().begin(); it != axes.yaml().end(); ++it) {
            const std::string key = it->first.as<std::string>();
            const config::Node vals(it->second, axes.file_ptr(), axes.path().empty() ? key : axes.path() + "." + key);
            if (!vals.is_seq() || vals.yaml().size() == 0) vals.fail("an axis is a non-empty list of values");
            Axis a{key, {}};
            for (const config::Node& v : vals.items()) a.values.push_back(value_text(v));
            s.axes.push_back(a);
        }
    }
    if (s.mode == "random") {
        config::MapReader rr = r.map_opt("random", "random mode: how many points, which seed");
        s.random_count = rr.get<std::uint32_t>("count", "points to draw (distinct grid points)");
        s.seed = rr.opt<std::uint64_t>("seed", 1, "seed of the draw");
        rr.done();
    }
    for (const config::Node& c : r.seq_opt("constraints", "expressions over axis keys; a point is kept when all are true")) {
        try {
            s.constraints.emplace_back(c.as<std::string>());
        } catch (const ConfigError&) {
            throw;
        } catch (const Error& e) {
            c.fail(e.what());
        }
    }
    if (r.has("set")) {
        const config::Node set = r.map_opt("set", "overrides applied to every point (dotted key: value)").node();
        for (auto it = set.yaml().begin(); it != set.yaml().end(); ++it) {
            const config::Node v(it->second, set.file_ptr(), set.path() + "." + it->first.as<std::string>());
            s.fixed.push_back({it->first.as<std::string>(), value_text(v)});
        }
    }
    const std::string out = r.opt<std::string>("output_dir", "", "results directory, relative to this file ('' = out/sweeps/<name>)");
    s.output_dir = out.empty() ? "out/sweeps/" + s.name : config::resolve_relative(path, out);
    r.done();
    return s;
}

std::vector<Point> enumerate_points(const SweepSpec& spec)
{
    std::vector<std::vector<config::Override>> candidates;
    if (spec.mode == "list") {
        candidates = spec.list;
    } else {
        std::size_t total = 1;
        for (const Axis& a : spec.axes) total *= a.values.size();
        std::vector<std::size_t> chosen;
        if (spec.mode == "grid") {
            for (std::size_t i = 0; i < total; ++i) chosen.push_back(i);
        } else {
            // Draw among the grid points the constraints admit, without replacement.
            std::vector<std::size_t> pool;
            for (std::size_t i = 0; i < total; ++i) pool.push_back(i);
            numerics::Rng rng(numerics::seed_for(spec.seed, "sweep/" + spec.name));
            for (std::size_t j = 0; j < pool.size(); ++j)
                std::swap(pool[j], pool[j + rng.uniform_int(pool.size() - j)]);
            chosen = pool;
        }
        for (const std::size_t i : chosen) {
            std::vector<config::Override> o;
            std::size_t rest = i;
            for (std::size_t k = spec.axes.size(); k-- > 0;) {  // last axis varies fastest
                const Axis& a = spec.axes[k];
                o.push_back({a.key, a.values[rest % a.values.size()]});
                rest /= a.values.size();
            }
            std::reverse(o.begin(), o.end());
            candidates.push_back(o);
        }
        if (spec.mode == "random") {
            std::vector<std::vector<config::Override>> kept;
            std::vector<std::size_t> order;
            for (std::size_t j = 0; j < candidates.size() && kept.size() < spec.random_count; ++j)
                if (admitted(spec, candidates[j])) {
                    kept.push_back(candidates[j]);
                    order.push_back(chosen[j]);
                }
            // Report them in grid order.
            std::vector<std::size_t> idx(kept.size());
            for (std::size_t j = 0; j < idx.size(); ++j) idx[j] = j;
            std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return order[a] < order[b]; });
            std::vector<Point> out;
            for (const std::size_t j : idx) out.push_back({out.size(), kept[j]});
            return out;
        }
    }
    std::vector<Point> out;
    for (auto& c : candidates)
        if (admitted(spec, c)) out.push_back({out.size(), c});
    return out;
}

std::vector<config::Override> overrides_of(const SweepSpec& spec, const Point& p)
{
    std::vector<config::Override> o = spec.fixed;
    o.insert(o.end(), p.settings.begin(), p.settings.end());
    return o;
}

std::string point_hash(const SweepSpec& spec, const Point& p)
{
    const core::Experiment e = core::load_experiment(spec.base, overrides_of(spec, p));
    // The build revision is part of the key: a rebuilt model does not reuse old results.
    return report::config_hash(config::resolved_body_yaml(e.tree) + "specsim " + core::build_revision() + "\n");
}

}  // namespace specsim::sweep
