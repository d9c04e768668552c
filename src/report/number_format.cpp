// SPDX-License-Identifier: MIT
// Locale-independent number formatting: thousands separators and the canonical 9-digit
// text of floating figures.
#include "report/number_format.hpp"

#include <charconv>
#include <cmath>

#include <fmt/core.h>

namespace specsim::report {
namespace {

// Inserts ',' every three digits into a run of decimal digits.
std::string group_digits(const std::string& digits)
{
    std::string out;
    const std::size_t n = digits.size();
    out.reserve(n + n / 3);
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

std::string group_thousands(std::uint64_t n) { return group_digits(std::to_string(n)); }

std::string fixed_grouped(double x, int decimals)
{
    if (!std::isfinite(x)) return "-";
    std::string s = fmt::format("{:.{}f}", x, decimals);
    std::string sign;
    if (!s.empty() && s[0] == '-') {
        sign = "-";
        s.erase(0, 1);
    }
    const std::size_t dot = s.find('.');
    const std::string int_part = s.substr(0, dot);
    const std::string frac_part = dot == std::string::npos ? "" : s.substr(dot);
    return sign + group_digits(int_part) + frac_part;
}

std::string canonical(double x)
{
    if (!std::isfinite(x) || x == 0) return "0";  // also folds -0 into 0
    return fmt::format("{:.9g}", x);
}

double canonical_value(double x)
{
    const std::string s = canonical(x);
    double v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);  // locale-independent, unlike strtod
    return v;
}

}  // namespace specsim::report
