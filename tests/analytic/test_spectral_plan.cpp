// SPDX-License-Identifier: MIT
// Layer plans: cycles, MACs and traffic of a dense layer against hand arithmetic, block
// choice per dataflow, buffer errors, skipped layers, and sparse plans in both reader modes.
#include <catch2/catch.hpp>

#include <string>

#include "overlay/spectral/analytic/spectral_plan.hpp"
#include "util/error.hpp"

using namespace specsim;
using workload::LayerKind;

namespace {

workload::Layer conv(const std::string& name, workload::Shape in, int out, int k_h, int k_w, int pad_h, int pad_w,
                     int stride = 1)
{
    workload::ConvParams c;
    c.out_channels = out;
    c.kernel = {k_h, k_w};
    c.stride = {stride, stride};
    c.pad = {pad_h, pad_w, pad_h, pad_w};
    workload::Layer l = workload::make_layer(name, LayerKind::Conv, c, {"x"});
    l.input_shapes = {in};
    l.output = workload::infer_output_shape(l);
    return l;
}

// K = 8, P′ = 3, N′ = 4, r = 4; per bank: 512 input bins, 1024 kernel entries, 512 psums.
config::ArchParams small_arch()
{
    config::ArchParams a;
    a.name = "small";
    a.device.dsp = 100000;
    a.device.bram36 = 100000;
    auto& s = analytic::spectral_params(a);
    s.fft_size = 8;
    s.tiles_parallel = 3;
    s.kernels_parallel = 4;
    s.replicas = 4;
    s.max_nnz = 16;
    s.data_bits = 16;
    s.index_bits = 6;
    s.buffers.input_depth = 512;
    s.buffers.kernel_depth = 1024;
    s.buffers.psum_depth = 512;
    return a;
}

std::string error_of(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("dense 3x3 conv: cycles, MACs, block and traffic by hand", "[plan]")
{
    const auto arch = small_arch();
    config::RunParams run;
    const auto l = conv("c", {3, 13, 17}, 9, 3, 3, 1, 1);
    const auto p = analytic::plan_spectral_layer(l, arch, run, nullptr);
    REQUIRE(p.runnable());
    // Tiles 6x6 over the padded 15x19 input: 3 x 4 = 12; G = ⌈9/4⌉ = 3, Q = ⌈12/3⌉ = 4.
    CHECK(p.tiles == 12);
    CHECK(p.kernel_groups == 3);
    CHECK(p.tile_groups == 4);
    CHECK(p.cycles_of(2, 1) == 64);
    CHECK(p.compute_cycles == 3 * 3 * 4 * 64);  // G·M·Q·K²
    CHECK(p.mac_ops == 9 * 3 * 64 * 12);        // N·M·K²·P
    CHECK(p.bubbles == 0);
    CHECK(analytic::kernel_entry_bits(analytic::spectral_params(arch)) == 35);  // 2·16 + ⌈log2 4⌉ + 1
    CHECK(analytic::index_row_bits(analytic::spectral_params(arch)) == 24);     // 4·6

    // kernel_reuse: ns = N′ = 4; psum ps·64 ≤ 512 → ps ≤ 8 → largest multiple of 3: 6.
    CHECK(p.block.ns == 4);
    CHECK(p.block.ps == 6);
    // inputs  3·13·17 px · 2 B · ⌈9/4⌉ = 663 · 2 · 3                     =  3978
    // kernels per channel: groups of 4, 4, 1 lanes · 64 entries · 35 bit:
    //         ⌈4·64·35/8⌉ = 1120, 1120, ⌈64·35/8⌉ = 280 → 2520; · 3 ch · ⌈12/6⌉ = 15120
    // indices ⌈64·24/8⌉ = 192 per (g, m) · 9 · 2                             =  3456
    // outputs 9·13·17 px · 2 B                                              =  3978
    CHECK(p.traffic.input_bytes == 3978);
    CHECK(p.traffic.kernel_bytes == 15120);
    CHECK(p.traffic.index_bytes == 3456);
    CHECK(p.traffic.output_bytes == 3978);
    CHECK(p.traffic.total() == 26532);

    // activation_reuse: ps = P′ = 3; psum ⌈ns/4⌉·3·64 ≤ 512 → 2 groups → ns = 8.
    const auto b = analytic::choose_block(p, arch, "activation_reuse");
    CHECK(b.ns == 8);
    CHECK(b.ps == 3);
    const auto t = analytic::layer_traffic(p, arch, b);
    CHECK(t.input_bytes == 663 * 2 * 2);   // ⌈9/8⌉ = 2 passes
    CHECK(t.kernel_bytes == 2520 * 3 * 4);  // ⌈12/3⌉ = 4 passes
    CHECK(t.index_bytes == 192 * 9 * 4);
    CHECK(t.output_bytes == 3978);
    CHECK_THROWS_AS(analytic::choose_block(p, arch, "weight_stationary"), Error);
}

TEST_CASE("blocks are clipped to the layer", "[plan]")
{
    auto arch = small_arch();
    analytic::spectral_params(arch).buffers.psum_depth = 1 << 20;
    config::RunParams run;
    const auto p = analytic::plan_spectral_layer(conv("c", {2, 6, 6}, 2, 3, 3, 1, 1), arch, run, nullptr);
    CHECK(p.tiles == 4);  // padded 8x8 in 6x6 tiles
    CHECK(p.block.ns == 2);  // N′ = 4 clipped to N
    CHECK(p.block.ps == 4);  // 3 → clipped to P, not 6
    const auto b = analytic::choose_block(p, arch, "activation_reuse");
    CHECK(b.ns == 2);
    CHECK(b.ps == 3);
}

TEST_CASE("the minimum block must fit: errors name the buffer and the shortfall", "[plan]")
{
    config::RunParams run;
    auto arch = small_arch();
    analytic::spectral_params(arch).buffers.psum_depth = 100;  // needs 1·3·64 = 192
    const auto l = conv("c1", {3, 13, 17}, 9, 3, 3, 1, 1);
    const std::string e1 = error_of([&] { analytic::plan_spectral_layer(l, arch, run, nullptr); });
    CHECK(e1.find("c1") != std::string::npos);
    CHECK(e1.find("partial-sum buffer") != std::string::npos);
    CHECK(e1.find("short by 92") != std::string::npos);
    arch = small_arch();
    analytic::spectral_params(arch).buffers.kernel_depth = 32;  // dense: T = 64 entries
    const std::string e2 = error_of([&] { analytic::plan_spectral_layer(l, arch, run, nullptr); });
    CHECK(e2.find("kernel buffer") != std::string::npos);
    CHECK(e2.find("short by 32") != std::string::npos);
}

TEST_CASE("convs the engine cannot run are skipped with a reason; other layers are passes", "[plan]")
{
    const auto arch = small_arch();
    config::RunParams run;
    const auto big = analytic::plan_spectral_layer(conv("big", {3, 32, 32}, 8, 11, 11, 0, 0, 4), arch, run, nullptr);
    CHECK_FALSE(big.runnable());
    CHECK(big.skip_reason == "kernel 11x11 larger than FFT size 8");
    CHECK(big.compute_cycles == 0);
    CHECK(big.schedules.empty());
    CHECK(big.traffic.total() == 0);

    workload::Layer fc = workload::make_layer("f", LayerKind::Fc, workload::FcParams{10, true}, {"x"});
    fc.input_shapes = {{4, 2, 2}};
    fc.output = workload::infer_output_shape(fc);
    // Not a convolution: not skipped but a pass (whole-network latency). fc: 16 inputs x 10
    // outputs, 16-bit words: weights 320 bytes; one real MAC per PE lane and cycle.
    const auto fp = analytic::plan_spectral_layer(fc, arch, run, nullptr);
    CHECK(fp.skip_reason.empty());
    CHECK(fp.pass.kind == analytic::PassKind::fc);
    CHECK(fp.pass.macs == 160);
    CHECK(fp.pass.weight_bytes == 320);
    CHECK(fp.pass.read_bytes == 32);
    CHECK(fp.pass.write_bytes == 20);
    const auto& sp = analytic::spectral_params(arch);
    CHECK(fp.pass.cycles == (160 + sp.tiles_parallel * sp.kernels_parallel - 1) / (sp.tiles_parallel * sp.kernels_parallel));
    CHECK(fp.schedules.empty());

    workload::Layer pool = workload::make_layer("p", LayerKind::MaxPool, workload::PoolParams{{2, 2}, {2, 2}, {}, false, false}, {"x"});
    pool.input_shapes = {{4, 8, 8}};
    pool.output = workload::infer_output_shape(pool);
    // A pool with no resolved producer (the network input) is its own pass: 256 in, 64 out.
    const auto pp = analytic::plan_spectral_layer(pool, arch, run, nullptr);
    CHECK(pp.skip_reason.empty());
    CHECK(pp.pass.kind == analytic::PassKind::stream);
    CHECK(pp.pass.read_bytes == 512);
    CHECK(pp.pass.write_bytes == 128);
    CHECK(pp.pass.cycles == (256 + sp.pass_elements_per_cycle - 1) / sp.pass_elements_per_cycle);

    auto grouped = conv("g", {4, 8, 8}, 4, 3, 3, 1, 1);
    std::get<workload::ConvParams>(grouped.params).groups = 2;
    CHECK(analytic::plan_spectral_layer(grouped, arch, run, nullptr).skip_reason == "grouped conv (groups 2)");
    auto dilated = conv("d", {4, 8, 8}, 4, 3, 3, 2, 2);
    std::get<workload::ConvParams>(dilated.params).dilation = {2, 2};
    CHECK(analytic::plan_spectral_layer(dilated, arch, run, nullptr).skip_reason == "dilated conv (dilation 2x2)");
}

TEST_CASE("stride 2 runs on stride-1 tiles and writes the subsampled output", "[plan]")
{
    const auto arch = small_arch();
    config::RunParams run;
    const auto s1 = analytic::plan_spectral_layer(conv("s", {3, 13, 17}, 4, 3, 3, 1, 1, 1), arch, run, nullptr);
    const auto s2 = analytic::plan_spectral_layer(conv("s", {3, 13, 17}, 4, 3, 3, 1, 1, 2), arch, run, nullptr);
    CHECK(s2.tiles == s1.tiles);
    CHECK(s2.compute_cycles == s1.compute_cycles);
    CHECK(s2.traffic.input_bytes == s1.traffic.input_bytes);
    CHECK(s2.traffic.output_bytes == 4u * 7 * 9 * 2);  // 13x17 → 7x9
}

TEST_CASE("sparse plans: schedules per (group, channel), figures and reader modes", "[plan][sparse]")
{
    const auto arch = small_arch();
    config::RunParams run;
    run.seed = 7;
    run.sparsity.nnz_per_kernel = 5;
    run.sparsity.distribution = "lowfreq";
    const auto l = conv("sp", {6, 13, 17}, 10, 3, 3, 1, 1);
    const auto pat = analytic::synthetic_pattern(l, arch, run);
    CHECK(pat.out_channels == 10);
    CHECK(pat.in_channels == 6);
    CHECK(pat.bins == analytic::synthetic_pattern(l, arch, run).bins);  // seeded by run.seed + name
    auto other = l;
    other.name = "sp2";
    CHECK(pat.bins != analytic::synthetic_pattern(other, arch, run).bins);

    for (const std::string reader : {"offline", "in_order"}) {
        run.reader = reader;
        const auto p = analytic::plan_spectral_layer(l, arch, run, &pat);
        INFO("reader " << reader);
        REQUIRE(p.runnable());
        const bool offline = reader == "offline";
        // G = ⌈10/4⌉ = 3, M = 6; the in-order reader makes no offline schedule.
        CHECK(p.schedules.size() == (offline ? 18u : 0u));
        CHECK(p.arbiter.size() == (offline ? 0u : 18u));
        const std::uint64_t Q = static_cast<std::uint64_t>(p.tile_groups);
        std::uint64_t cycles = 0, bubbles = 0, kbytes = 0, ibytes = 0;
        for (int g = 0; g < 3; ++g)
            for (int m = 0; m < 6; ++m) {
                const int lanes = g < 2 ? 4 : 2;
                analytic::KernelBins kb;
                for (int k = 0; k < lanes; ++k) kb.push_back(p.bins_of(4 * g + k, m));
                const int T = p.cycles_of(g, m);
                if (offline) {
                    const auto& s = p.schedules[static_cast<std::size_t>(g * 6 + m)];
                    REQUIRE(s.kernels == lanes);
                    REQUIRE_NOTHROW(analytic::check_schedule(s, kb, 4));
                    CHECK(T == s.cycles);
                    // Entries (value 2·16, select ⌈log2 4⌉, valid 1) padded to T per lane;
                    // index rows of r = 4 bin addresses.
                    kbytes += (static_cast<std::uint64_t>(lanes) * T * 35 + 7) / 8;
                    ibytes += (static_cast<std::uint64_t>(T) * 4 * analytic::spectral_params(arch).index_bits + 7) / 8;
                } else {
                    CHECK(T == p.arbiter[static_cast<std::size_t>(g * 6 + m)].cycles);
                    // Only the 5 non-zeros per lane, as (value, bin index); no index table.
                    kbytes += (static_cast<std::uint64_t>(lanes) * 5 * (32 + analytic::spectral_params(arch).index_bits) + 7) / 8;
                }
                CHECK(T >= analytic::schedule_lower_bound(kb, 4));
                cycles += static_cast<std::uint64_t>(T) * Q;
                bubbles += (static_cast<std::uint64_t>(T) * lanes - 5u * lanes) * Q;
            }
        CHECK(p.compute_cycles == cycles);
        CHECK(p.bubbles == bubbles);
        CHECK(p.mac_ops == 10u * 6 * 5 * static_cast<std::uint64_t>(p.tiles));
        const std::uint64_t tile_passes = (static_cast<std::uint64_t>(p.tiles) + p.block.ps - 1) / p.block.ps;
        CHECK(p.traffic.kernel_bytes == kbytes * tile_passes);
        CHECK(p.traffic.index_bytes == ibytes * tile_passes);
    }

    run.sparsity.nnz_per_kernel = 17;  // > max_nnz 16
    const auto too_many = analytic::synthetic_pattern(l, arch, run);
    const std::string e = error_of([&] { analytic::plan_spectral_layer(l, arch, run, &too_many); });
    CHECK(e.find("max_nnz") != std::string::npos);
    CHECK_THROWS_AS(analytic::plan_spectral_layer(conv("sp", {5, 13, 17}, 10, 3, 3, 1, 1), arch, run, &pat), Error);
}
