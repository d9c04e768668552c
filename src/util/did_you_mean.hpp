// SPDX-License-Identifier: MIT
// "Did you mean" suggestions for misspelled keys and names.
#pragma once

#include <string>
#include <vector>

namespace specsim {

/// Optimal-string-alignment (Damerau–Levenshtein) edit distance.
std::size_t edit_distance(const std::string& a, const std::string& b);

/// The candidate closest to `word`, or "" when none is close enough (distance ≤ 2, or ≤ a
/// third of the word's length for long words; case-insensitive match always accepted).
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

/// "; did you mean 'x'?" or "" — appended to error messages.
std::string did_you_mean_suffix(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace specsim
