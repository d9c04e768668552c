// SPDX-License-Identifier: MIT
// Whole-file text reads shared by the sweep runner, merge and regress (point files,
// golden files): the contents, or "" when the file cannot be opened.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace specsim::sweep {

inline std::string read_text(const std::filesystem::path& p)
{
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace specsim::sweep
