// SPDX-License-Identifier: MIT
// Resource model: BRAM primitive mapping on hand-checked shapes, and the shipped U200
// design (figures printed, totals checked against the arithmetic in the comments).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>

#include "overlay/registry.hpp"
#include "overlay/spectral/analytic/params.hpp"
#include "overlay/spectral/analytic/resources.hpp"
#include "config/yaml_reader.hpp"

using namespace specsim;

TEST_CASE("bram36_for maps memories onto BRAM36/BRAM18 primitives", "[resources]")
{
    CHECK(analytic::bram36_for(64, 32) == 0.5);     // fits one BRAM18 (512x36)
    CHECK(analytic::bram36_for(512, 36) == 0.5);
    CHECK(analytic::bram36_for(512, 72) == 1.0);    // BRAM36 512x72
    CHECK(analytic::bram36_for(1024, 36) == 1.0);   // BRAM36 1Kx36 (or 2 BRAM18)
    CHECK(analytic::bram36_for(4096, 64) == 8.0);   // 8 x 4Kx9, or 8 x 512x72 deep
    CHECK(analytic::bram36_for(1024, 40) == 1.5);   // 3 BRAM18 1Kx18 beat 2 BRAM36
    CHECK(analytic::bram36_for(16384, 1) == 0.5);   // BRAM18 16Kx1
    CHECK(analytic::bram36_for(32768, 1) == 1.0);   // BRAM36 32Kx1
    CHECK(analytic::bram36_for(40000, 1) == 1.5);   // 3 BRAM18 16Kx1 beat 2 BRAM36 32Kx1
    CHECK(analytic::bram36_for(512, 35) == 0.5);
    CHECK(analytic::bram36_for(0, 32) == 0.0);
    CHECK(analytic::bram36_for(32, 0) == 0.0);
}

TEST_CASE("U200 spectral design: resource breakdown fits the device", "[resources]")
{
    const char* root = std::getenv("SPECSIM_ROOT");
    const std::string path = std::string(root ? root : ".") + "/configs/arch/u200_spectral.yaml";
    const config::ArchParams arch = overlay::parse_arch(config::load_yaml_file(path, "arch"));
    const analytic::SpectralResources r = analytic::spectral_resources(arch);
    std::ostringstream out;
    out << "U200 resources:\n";
    for (const auto& it : r.items)
        out << "  " << it.name << ": " << it.count << " (" << it.detail << "), DSP " << it.dsp << ", BRAM36 " << it.bram36
            << "\n";
    out << "  total DSP " << r.dsp << "/" << r.dsp_available << ", BRAM36 " << r.bram36 << "/" << r.bram36_available;
    WARN(out.str());
    // PE 9·64 · 3 = 1728; FFT and IFFT 9 units · 3·(8/2)·2·(3−2) = 24 → 216 each.
    CHECK(r.dsp == 1728 + 216 + 216);
    // Inputs 9·8·2 × 512x32 (0.5) = 72; kernels 64·2 × 512x36 (0.5) = 64; index 2 × 512x48
    // (1) = 2; psums 64 × 4096x64 (8) = 512.
    CHECK(r.bram36 == 72 + 64 + 2 + 512);
    CHECK(r.dsp <= arch.device.dsp);
    CHECK(r.bram36 <= static_cast<double>(arch.device.bram36));
    CHECK(r.feasible);
    CHECK(r.reason.empty());

    config::ArchParams big = arch;
    analytic::spectral_params(big).kernels_parallel = 1024;  // 9·1024·3 DSPs
    const auto rb = analytic::spectral_resources(big);
    CHECK_FALSE(rb.feasible);
    CHECK(rb.reason.find("DSP 28080 > 6840") != std::string::npos);
    CHECK(rb.reason.find("BRAM36") != std::string::npos);  // 1024 psum banks × 8

    // Run-time arbiters: no index table; kernel entries (value 32 + bin index 6 = 38 bits)
    // no longer fit a 512x36 BRAM18: 64·2 × 512x38 → BRAM36 512x72 (1 each) = 128.
    const auto online = analytic::spectral_resources(arch, "online");
    CHECK(online.bram36 == 72 + 128 + 0 + 512);
    CHECK(online.dsp == r.dsp);
    // Double-buffered partial sums: twice the 512.
    config::ArchParams psum2 = arch;
    analytic::spectral_params(psum2).buffers.psum_halves = 2;
    CHECK(analytic::spectral_resources(psum2).bram36 == 72 + 64 + 2 + 1024);
}
