// SPDX-License-Identifier: MIT
// Edit distance and closest-candidate search for did-you-mean suggestions.
#include "util/did_you_mean.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace specsim {

std::size_t edit_distance(const std::string& a, const std::string& b)
{
    // Optimal string alignment: insert, delete, substitute, swap adjacent (cost 1 each).
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

static std::string lower(std::string s)
{
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates)
{
    const std::string w = lower(word);
    std::string best;
    std::size_t best_dist = SIZE_MAX;
    for (const auto& c : candidates) {
        const std::size_t dist = edit_distance(w, lower(c));
        if (dist < best_dist) {
            best_dist = dist;
            best = c;
        }
    }
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    // A prefix match ("kernels" for "kernels_parallel") is also a useful suggestion.
    if (best_dist > limit) {
        for (const auto& c : candidates)
            if (w.size() >= 4 && lower(c).rfind(w, 0) == 0) return c;
        return "";
    }
    return best;
}

std::string did_you_mean_suffix(const std::string& word, const std::vector<std::string>& candidates)
{
    const std::string best = closest_match(word, candidates);
    return best.empty() ? "" : "; did you mean '" + best + "'?";
}

}  // namespace specsim
