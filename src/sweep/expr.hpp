// SPDX-License-Identifier: MIT
// Constraint expressions of sweeps: arithmetic (+ − * / %, parentheses, unary −), comparisons
// (< <= > >= == !=), logic (and, or, not; also && || !) over numbers and dotted config keys
// ("arch.overlay.tiles_parallel * arch.overlay.kernels_parallel <= 1024"). A key evaluates
// to the point's value for it; true is 1, false 0.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace specsim::sweep {

class Expr {
public:
    /// Parses `text`; throws specsim::Error naming the column of the problem.
    explicit Expr(const std::string& text);
    ~Expr();
    Expr(Expr&&) noexcept;
    Expr& operator=(Expr&&) noexcept;

    /// Evaluates with `lookup(key)` giving each dotted key's value (it throws for unknown keys).
    double eval(const std::function<double(const std::string&)>& lookup) const;
    const std::string& text() const { return m_text; }

    struct Node;

private:
    std::string m_text;
    std::unique_ptr<Node> m_root;
};

}  // namespace specsim::sweep
