// SPDX-License-Identifier: MIT
// .npy format reader/writer (see numpy.lib.format): magic, version, little-endian header
// length, a Python-dict header, then the raw C-order data.
#include "numerics/npy.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <unistd.h>

#include "util/error.hpp"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "npy.cpp assumes a little-endian host"
#endif

namespace specsim::numerics {
namespace {

const char k_magic[] = "\x93NUMPY";
constexpr std::size_t k_magic_len = 6;

[[noreturn]] void fail(const std::string& path, const std::string& msg)
{
    throw Error(path + ": " + msg);
}

std::size_t skip_ws(const std::string& s, std::size_t pos)
{
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
    return pos;
}

// Position just after "'key':" (single or double quotes), or npos.
std::size_t find_value(const std::string& h, const std::string& key)
{
    for (const char q : {'\'', '"'}) {
        const std::string k = std::string(1, q) + key + std::string(1, q);
        std::size_t pos = h.find(k);
        if (pos == std::string::npos) continue;
        pos = skip_ws(h, pos + k.size());
        if (pos < h.size() && h[pos] == ':') return skip_ws(h, pos + 1);
    }
    return std::string::npos;
}

struct Header {
    std::string descr;
    bool fortran_order = false;
    std::vector<std::int64_t> shape;
};

Header parse_header(const std::string& path, const std::string& h)
{
    Header out;
    std::size_t pos = find_value(h, "descr");
    if (pos == std::string::npos || pos >= h.size() || (h[pos] != '\'' && h[pos] != '"'))
        fail(path, "malformed .npy header (no 'descr')");
    const std::size_t end = h.find(h[pos], pos + 1);
    if (end == std::string::npos) fail(path, "malformed .npy header (unterminated 'descr')");
    out.descr = h.substr(pos + 1, end - pos - 1);

    pos = find_value(h, "fortran_order");
    if (pos == std::string::npos) fail(path, "malformed .npy header (no 'fortran_order')");
    if (h.compare(pos, 4, "True") == 0) out.fortran_order = true;
    else if (h.compare(pos, 5, "False") != 0)
        fail(path, "malformed .npy header (bad 'fortran_order')");

    pos = find_value(h, "shape");
    if (pos == std::string::npos || pos >= h.size() || h[pos] != '(')
        fail(path, "malformed .npy header (no 'shape' tuple)");
    const std::size_t close = h.find(')', pos);
    if (close == std::string::npos) fail(path, "malformed .npy header (unterminated 'shape')");
    std::string tuple = h.substr(pos + 1, close - pos - 1);
    std::size_t i = 0;
    while (true) {
        i = skip_ws(tuple, i);
        if (i >= tuple.size()) break;
        std::size_t j = i;
        while (j < tuple.size() && tuple[j] >= '0' && tuple[j] <= '9') ++j;
        if (j == i || j - i > 15) fail(path, "malformed .npy header (bad 'shape' entry)");
        out.shape.push_back(std::stoll(tuple.substr(i, j - i)));
        if (j < tuple.size() && tuple[j] == 'L') ++j;  // Python 2 long suffix
        j = skip_ws(tuple, j);
        if (j < tuple.size() && tuple[j] == ',') ++j;
        else if (j < tuple.size()) fail(path, "malformed .npy header (bad 'shape' entry)");
        i = j;
    }
    return out;
}

std::string shape_str(const std::vector<std::int64_t>& shape)
{
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += ", ";
        s += std::to_string(shape[i]);
    }
    if (shape.size() == 1) s += ",";
    return s + ")";
}

}  // namespace

NpyArray read_npy(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) fail(path, "cannot open .npy file for reading");
    const std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (f.bad()) fail(path, "read error");
    if (bytes.size() < 10 || bytes.compare(0, k_magic_len, k_magic, k_magic_len) != 0)
        fail(path, "not a .npy file (bad magic)");
    const auto major = static_cast<unsigned char>(bytes[6]);
    std::size_t header_len = 0;
    std::size_t data_start = 0;
    if (major == 1) {
        header_len = static_cast<unsigned char>(bytes[8]) |
                     (static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8);
        data_start = 10 + header_len;
    } else if (major == 2) {
        if (bytes.size() < 12) fail(path, "truncated .npy header");
        for (int b = 3; b >= 0; --b)
            header_len = (header_len << 8) | static_cast<unsigned char>(bytes[8 + b]);
        data_start = 12 + header_len;
    } else {
        fail(path, "unsupported .npy format version " + std::to_string(major) +
                       " (supported: 1.0, 2.0)");
    }
    if (bytes.size() < data_start) fail(path, "truncated .npy header");
    const Header h = parse_header(path, bytes.substr(data_start - header_len, header_len));
    if (h.fortran_order)
        fail(path, "Fortran-order arrays are not supported (save with np.ascontiguousarray)");
    std::size_t item = 0;
    if (h.descr == "<f8") item = 8;
    else if (h.descr == "<f4") item = 4;
    else
        fail(path, "unsupported dtype '" + h.descr +
                       "' (supported: little-endian float32 '<f4' and float64 '<f8')");

    NpyArray out;
    out.shape = h.shape;
    out.descr = h.descr;
    std::size_t count = 1;
    for (const auto d : h.shape) count *= static_cast<std::size_t>(d);
    if (bytes.size() - data_start < count * item)
        fail(path, "truncated .npy data: shape " + shape_str(h.shape) + " needs " +
                       std::to_string(count * item) + " bytes, file has " +
                       std::to_string(bytes.size() - data_start));
    out.data.resize(count);
    const char* p = bytes.data() + data_start;
    if (item == 8) {
        std::memcpy(out.data.data(), p, count * 8);
    } else {
        for (std::size_t i = 0; i < count; ++i) {
            float v;
            std::memcpy(&v, p + 4 * i, 4);
            out.data[i] = v;
        }
    }
    return out;
}

Tensor4 read_tensor4(const std::string& path, const std::string& what)
{
    NpyArray a = read_npy(path);
    if (a.shape.size() != 4)
        fail(path, what + " must be a 4-D array, got shape " + shape_str(a.shape));
    Tensor4 t(a.shape[0], a.shape[1], a.shape[2], a.shape[3]);
    std::copy(a.data.begin(), a.data.end(), t.data());
    return t;
}

std::vector<double> read_vector(const std::string& path, const std::string& what)
{
    NpyArray a = read_npy(path);
    if (a.shape.size() != 1)
        fail(path, what + " must be a 1-D array, got shape " + shape_str(a.shape));
    return std::move(a.data);
}

void write_npy(const std::string& path, const std::vector<std::int64_t>& shape,
               const double* data)
{
    std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': " +
                         shape_str(shape) + ", }";
    // Pad with spaces so magic(6) + version(2) + length(2) + header + '\n' is a multiple of 64.
    const std::size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    if (header.size() > 65535) fail(path, "array rank too large for a .npy v1 header");
    std::size_t count = 1;
    for (const auto d : shape) {
        if (d < 0) fail(path, "negative dimension in shape " + shape_str(shape));
        count *= static_cast<std::size_t>(d);
    }

    const std::string tmp = path + ".tmp." + std::to_string(static_cast<long>(::getpid()));
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f) fail(path, "cannot open temporary file " + tmp + " for writing");
        f.write(k_magic, k_magic_len);
        const char version[2] = {1, 0};
        f.write(version, 2);
        const char len[2] = {static_cast<char>(header.size() & 0xff),
                             static_cast<char>((header.size() >> 8) & 0xff)};
        f.write(len, 2);
        f.write(header.data(), static_cast<std::streamsize>(header.size()));
        if (count > 0)
            f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(count * 8));
        f.close();
        if (!f) {
            std::remove(tmp.c_str());
            fail(path, "write error on temporary file " + tmp);
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(tmp.c_str());
        fail(path, "cannot rename temporary file into place: " + reason);
    }
}

void write_tensor4(const std::string& path, const Tensor4& t)
{
    write_npy(path, {t.dimension(0), t.dimension(1), t.dimension(2), t.dimension(3)}, t.data());
}

}  // namespace specsim::numerics
