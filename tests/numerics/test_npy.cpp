// SPDX-License-Identifier: MIT
// .npy reader/writer: round-trip, numpy-compatible header layout, float32 input, errors.
#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>

#include "helpers.hpp"
#include "numerics/npy.hpp"
#include "util/error.hpp"

using namespace specsim::numerics;
namespace fs = std::filesystem;

namespace {

// Writes a .npy file by hand: version `major`.0, header dict `dict`, raw `data`.
void write_raw_npy(const fs::path& p, const std::string& dict, const std::string& data, int major = 1)
{
    std::string header = dict;
    const std::size_t prefix = major == 1 ? 10 : 12;
    header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
    header += '\n';
    std::ofstream f(p, std::ios::binary);
    f.write("\x93NUMPY", 6);
    f.put(static_cast<char>(major));
    f.put(0);
    const std::size_t n = header.size();
    f.put(static_cast<char>(n & 0xff));
    f.put(static_cast<char>((n >> 8) & 0xff));
    if (major == 2) {
        f.put(0);
        f.put(0);
    }
    f << header << data;
}

std::string file_bytes(const fs::path& p)
{
    std::ifstream f(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("npy write/read round-trip", "[npy]")
{
    const fs::path dir = specsim::numerics::test::scratch_dir();
    const Tensor4 t = specsim::numerics::test::random_tensor(2, 3, 5, 7, 3);
    const std::string path = (dir / "t.npy").string();
    write_tensor4(path, t);
    const std::string bytes = file_bytes(path);
    const std::size_t header_len = static_cast<unsigned char>(bytes[8]) + 256u * static_cast<unsigned char>(bytes[9]);
    CHECK((10 + header_len) % 64 == 0);
    CHECK(bytes.substr(10, header_len).find("'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 5, 7)") == 1);
    CHECK(bytes.size() == 10 + header_len + t.size() * 8);
    for (const auto& e : fs::directory_iterator(dir))
        CHECK(e.path().filename().string().find(".tmp.") == std::string::npos);

    const Tensor4 r = read_tensor4(path);
    REQUIRE(r.dimension(0) == 2);
    REQUIRE(r.dimension(3) == 7);
    CHECK(std::memcmp(r.data(), t.data(), sizeof(double) * static_cast<std::size_t>(t.size())) == 0);

    const std::vector<double> v = {1.5, -2.25, 3.0};
    write_npy((dir / "v.npy").string(), {3}, v.data());
    CHECK(read_vector((dir / "v.npy").string()) == v);
    CHECK(file_bytes(dir / "v.npy").find("'shape': (3,)") != std::string::npos);
    CHECK_THROWS_WITH(read_tensor4((dir / "v.npy").string(), "weights"),
                      Catch::Contains("weights must be a 4-D array"));
    CHECK_THROWS_WITH(read_vector(path, "bias"), Catch::Contains("bias must be a 1-D array"));
    fs::remove_all(dir);
}

TEST_CASE("npy reads float32 and format 2.0", "[npy]")
{
    const fs::path dir = specsim::numerics::test::scratch_dir();
    const float f[4] = {1.5f, -0.1f, 3.0f, 1e-3f};
    write_raw_npy(dir / "f.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 2, 2), }",
                  std::string(reinterpret_cast<const char*>(f), sizeof f));
    const NpyArray a = read_npy((dir / "f.npy").string());
    CHECK(a.descr == "<f4");
    REQUIRE(a.data.size() == 4);
    CHECK(a.data[1] == static_cast<double>(-0.1f));
    CHECK(read_tensor4((dir / "f.npy").string())(0, 0, 1, 1) == static_cast<double>(1e-3f));
    const double d[2] = {4.0, 5.0};
    write_raw_npy(dir / "v2.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
                  std::string(reinterpret_cast<const char*>(d), sizeof d), 2);
    CHECK(read_vector((dir / "v2.npy").string()) == std::vector<double>{4.0, 5.0});
    fs::remove_all(dir);
}

TEST_CASE("npy rejects bad files with specsim::Error naming the path", "[npy]")
{
    const fs::path dir = specsim::numerics::test::scratch_dir();
    const std::string missing = (dir / "missing.npy").string();
    CHECK_THROWS_WITH(read_npy(missing), Catch::Contains(missing) && Catch::Contains("cannot open"));
    {
        std::ofstream f(dir / "bad.npy", std::ios::binary);
        f << "PK\x03\x04 this is a zip file, not npy";
    }
    CHECK_THROWS_WITH(read_npy((dir / "bad.npy").string()), Catch::Contains("bad magic"));
    const std::string four(16, '\0');
    write_raw_npy(dir / "i4.npy", "{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }", four);
    CHECK_THROWS_WITH(read_npy((dir / "i4.npy").string()),
                      Catch::Contains("unsupported dtype '<i4'") && Catch::Contains("i4.npy"));
    write_raw_npy(dir / "be.npy", "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", four);
    CHECK_THROWS_WITH(read_npy((dir / "be.npy").string()), Catch::Contains("unsupported dtype '>f8'"));
    write_raw_npy(dir / "fo.npy", "{'descr': '<f8', 'fortran_order': True, 'shape': (2,), }", four);
    CHECK_THROWS_WITH(read_npy((dir / "fo.npy").string()), Catch::Contains("Fortran"));
    write_raw_npy(dir / "short.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", four);
    CHECK_THROWS_WITH(read_npy((dir / "short.npy").string()), Catch::Contains("truncated"));
    write_raw_npy(dir / "noshape.npy", "{'descr': '<f8', 'fortran_order': False, }", four);
    CHECK_THROWS_WITH(read_npy((dir / "noshape.npy").string()), Catch::Contains("malformed"));
    const double one = 1.0;
    CHECK_THROWS_WITH(write_npy((dir / "no_such_dir" / "x.npy").string(), {1}, &one),
                      Catch::Contains("no_such_dir"));
    fs::remove_all(dir);
}
