// SPDX-License-Identifier: MIT
// Recursive-descent parser and tree evaluator for sweep constraints (see expr.hpp).
// Grammar: or := and ('or' and)* ; and := not ('and' not)* ; not := 'not' not | cmp ;
// cmp := sum (op sum)? ; sum := prod (('+'|'-') prod)* ; prod := unary (('*'|'/'|'%') unary)* ;
// unary := '-' unary | atom ; atom := number | key | '(' or ')'.
#include "sweep/expr.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "util/error.hpp"

namespace specsim::sweep {

struct Expr::Node {
    std::string op;   // "num", "key", or an operator
    double value = 0;
    std::string key;
    std::unique_ptr<Node> a, b;
};

namespace {

using NodeP = std::unique_ptr<Expr::Node>;

class Parser {
public:
    explicit Parser(const std::string& t) : m_t(t) {}

    NodeP parse()
    {
        NodeP n = parse_or();
        skip();
        if (m_i != m_t.size()) fail("unexpected '" + std::string(1, m_t[m_i]) + "'");
        return n;
    }

private:
    [[noreturn]] void fail(const std::string& what) const
    {
        throw Error("constraint '" + m_t + "': column " + std::to_string(m_i + 1) + ": " + what);
    }
    void skip()
    {
        while (m_i < m_t.size() && std::isspace(static_cast<unsigned char>(m_t[m_i]))) ++m_i;
    }
    bool eat(const std::string& s)
    {
        skip();
        if (m_t.compare(m_i, s.size(), s) != 0) return false;
        // Words must not run into an identifier: "order" is not "or" + "der".
        if (std::isalpha(static_cast<unsigned char>(s[0])) && m_i + s.size() < m_t.size() &&
            (std::isalnum(static_cast<unsigned char>(m_t[m_i + s.size()])) || m_t[m_i + s.size()] == '_'))
            return false;
        m_i += s.size();
        return true;
    }
    static NodeP bin(const std::string& op, NodeP a, NodeP b)
    {
        auto n = std::make_unique<Expr::Node>();
        n->op = op;
        n->a = std::move(a);
        n->b = std::move(b);
        return n;
    }
    NodeP parse_or()
    {
        NodeP n = parse_and();
        while (eat("or") || eat("||")) n = bin("or", std::move(n), parse_and());
        return n;
    }
    NodeP parse_and()
    {
        NodeP n = parse_not();
        while (eat("and") || eat("&&")) n = bin("and", std::move(n), parse_not());
        return n;
    }
    NodeP parse_not()
    {
        skip();
        if (m_t.compare(m_i, 2, "!=") != 0 && (eat("not") || eat("!"))) return bin("not", parse_not(), nullptr);
        return parse_cmp();
    }
    NodeP parse_cmp()
    {
        NodeP n = parse_sum();
        for (const char* op : {"<=", ">=", "==", "!=", "<", ">"})
            if (eat(op)) return bin(op, std::move(n), parse_sum());
        return n;
    }
    NodeP parse_sum()
    {
        NodeP n = parse_prod();
        for (;;) {
            if (eat("+")) n = bin("+", std::move(n), parse_prod());
            else if (eat("-")) n = bin("-", std::move(n), parse_prod());
            else return n;
        }
    }
    NodeP parse_prod()
    {
        NodeP n = parse_unary();
        for (;;) {
            if (eat("*")) n = bin("*", std::move(n), parse_unary());
            else if (eat("/")) n = bin("/", std::move(n), parse_unary());
            else if (eat("%")) n = bin("%", std::move(n), parse_unary());
            else return n;
        }
    }
    NodeP parse_unary()
    {
        if (eat("-")) return bin("neg", parse_unary(), nullptr);
        return parse_atom();
    }
    NodeP parse_atom()
    {
        skip();
        if (m_i >= m_t.size()) fail("expression ends too early");
        auto n = std::make_unique<Expr::Node>();
        const char c = m_t[m_i];
        if (eat("(")) {
            n = parse_or();
            if (!eat(")")) fail("missing ')'");
            return n;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
            char* end = nullptr;
            n->op = "num";
            n->value = std::strtod(m_t.c_str() + m_i, &end);
            if (end == m_t.c_str() + m_i) fail("bad number");
            m_i = static_cast<std::size_t>(end - m_t.c_str());
            return n;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            const std::size_t start = m_i;
            while (m_i < m_t.size() && (std::isalnum(static_cast<unsigned char>(m_t[m_i])) || m_t[m_i] == '_' ||
                                        m_t[m_i] == '.' || m_t[m_i] == '[' || m_t[m_i] == ']'))
                ++m_i;
            n->op = "key";
            n->key = m_t.substr(start, m_i - start);
            return n;
        }
        fail("unexpected '" + std::string(1, c) + "'");
    }

    const std::string& m_t;
    std::size_t m_i = 0;
};

double eval_node(const Expr::Node& n, const std::function<double(const std::string&)>& lookup)
{
    if (n.op == "num") return n.value;
    if (n.op == "key") return lookup(n.key);
    if (n.op == "not") return eval_node(*n.a, lookup) == 0 ? 1 : 0;
    if (n.op == "neg") return -eval_node(*n.a, lookup);
    const double a = eval_node(*n.a, lookup);
    if (n.op == "and") return a != 0 && eval_node(*n.b, lookup) != 0 ? 1 : 0;
    if (n.op == "or") return a != 0 || eval_node(*n.b, lookup) != 0 ? 1 : 0;
    const double b = eval_node(*n.b, lookup);
    if (n.op == "+") return a + b;
    if (n.op == "-") return a - b;
    if (n.op == "*") return a * b;
    if (n.op == "/") return a / b;
    if (n.op == "%") return std::fmod(a, b);
    if (n.op == "<") return a < b;
    if (n.op == "<=") return a <= b;
    if (n.op == ">") return a > b;
    if (n.op == ">=") return a >= b;
    if (n.op == "==") return a == b;
    return a != b;  // "!="
}

}  // namespace

Expr::Expr(const std::string& text) : m_text(text), m_root(Parser(m_text).parse()) {}
Expr::~Expr() = default;
Expr::Expr(Expr&&) noexcept = default;
Expr& Expr::operator=(Expr&&) noexcept = default;

double Expr::eval(const std::function<double(const std::string&)>& lookup) const { return eval_node(*m_root, lookup); }

}  // namespace specsim::sweep
