// SPDX-License-Identifier: MIT
// The persistent schedule cache: content keys, the payload round trip, corrupt, truncated
// and mismatching files read as misses with a warning, LRU eviction, clear, and layer
// plans made through the cache (cold, then warm) equal to plans made without it.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "instances.hpp"
#include "overlay/spectral/analytic/schedule_cache.hpp"
#include "overlay/spectral/analytic/spectral_plan.hpp"
#include "util/file_cache.hpp"
#include "util/hash.hpp"

using namespace specsim;
using analytic::CachedSchedule;
using analytic::KernelBins;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system temp dir, removed at the end of the test.
struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& tag)
    {
        path = fs::temp_directory_path() / ("specsim-cache-test-" + tag + "-" + std::to_string(::getpid()));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

bool same(const analytic::ReadSchedule& a, const analytic::ReadSchedule& b)
{
    return a.kernels == b.kernels && a.replicas == b.replicas && a.cycles == b.cycles && a.addr == b.addr &&
           a.sel == b.sel && a.entry == b.entry;
}

std::vector<KernelBins> some_blocks(std::uint64_t seed, int count, int kernels)
{
    numerics::Rng rng(seed);
    std::vector<KernelBins> v;
    for (int i = 0; i < count; ++i) v.push_back(testing::random_instance(rng, kernels, 0, 12, 64));
    return v;
}

std::vector<CachedSchedule> greedy_of(const std::vector<KernelBins>& blocks, int r)
{
    std::vector<CachedSchedule> out(blocks.size());
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        out[i].schedule = analytic::schedule_greedy(blocks[i], r);
        out[i].lower_bound = analytic::schedule_lower_bound(blocks[i], r);
    }
    return out;
}

std::string slurp(const fs::path& p)
{
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

void spit(const fs::path& p, const std::string& s)
{
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f << s;
}

workload::Layer conv_layer(int in_c, int out_c)
{
    workload::ConvParams c;
    c.out_channels = out_c;
    c.kernel = {3, 3};
    c.pad = {1, 1, 1, 1};
    workload::Layer l = workload::make_layer("cache_conv", workload::LayerKind::Conv, c, {"x"});
    l.input_shapes = {{in_c, 12, 12}};
    l.output = workload::infer_output_shape(l);
    return l;
}

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

}  // namespace

TEST_CASE("cache hash: stable, and any change of content changes it", "[cache]")
{
    util::Hasher a, b, c;
    a.add_string("abc");
    b.add_string("abc");
    c.add_string("abd");
    CHECK(a.hex() == b.hex());
    CHECK(a.hex() != c.hex());
    CHECK(a.hex().size() == 32);
    util::Hasher d, e;  // length-prefixed: the split of the bytes matters
    d.add_string("ab");
    d.add_string("c");
    e.add_string("a");
    e.add_string("bc");
    CHECK(d.hex() != e.hex());
}

TEST_CASE("schedule cache key: bins, lanes, r, algorithm, budget (exact only) and version", "[cache]")
{
    const auto blocks = some_blocks(1, 3, 4);
    const std::string k = analytic::schedule_cache_key(blocks, 4, "greedy", 100000);
    CHECK(k.rfind("sched-v" + std::to_string(analytic::k_scheduler_version) + "-", 0) == 0);
    CHECK(k == analytic::schedule_cache_key(blocks, 4, "greedy", 100000));
    CHECK(k == analytic::schedule_cache_key(blocks, 4, "greedy", 7));  // greedy has no budget
    CHECK(k != analytic::schedule_cache_key(blocks, 2, "greedy", 100000));
    CHECK(k != analytic::schedule_cache_key(blocks, 4, "exact", 100000));
    CHECK(analytic::schedule_cache_key(blocks, 4, "exact", 100000) != analytic::schedule_cache_key(blocks, 4, "exact", 5));
    auto moved = blocks;
    moved[2][1].clear();  // one lane loses its non-zeros
    CHECK(k != analytic::schedule_cache_key(moved, 4, "greedy", 100000));
    auto split = blocks;  // the same lanes grouped differently
    split[1].push_back(split[2].front());
    split[2].erase(split[2].begin());
    CHECK(k != analytic::schedule_cache_key(split, 4, "greedy", 100000));
}

TEST_CASE("schedule payload: encode then decode gives the same schedules; a mismatch is refused", "[cache]")
{
    for (const int r : {1, 2, 4, 8}) {
        const auto blocks = some_blocks(10 + static_cast<std::uint64_t>(r), 6, 8);
        auto made = greedy_of(blocks, r);
        made[1].optimal = true;
        made[1].lower_bound = 3;
        std::string why;
        const auto back = analytic::decode_schedules(analytic::encode_schedules(made), blocks, r, why);
        REQUIRE(back);
        CHECK(why.empty());
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            CHECK(same((*back)[i].schedule, made[i].schedule));
            CHECK((*back)[i].lower_bound == made[i].lower_bound);
            CHECK((*back)[i].optimal == made[i].optimal);
        }
    }
    const auto blocks = some_blocks(3, 4, 8);
    const std::string p = analytic::encode_schedules(greedy_of(blocks, 4));
    std::string why;
    CHECK_FALSE(analytic::decode_schedules(p, blocks, 2, why));  // other r
    CHECK_FALSE(why.empty());
    auto other = blocks;
    other[0] = some_blocks(99, 1, 8)[0];  // other bins of the same lane count
    why.clear();
    CHECK_FALSE(analytic::decode_schedules(p, other, 4, why));
    CHECK_FALSE(why.empty());
    CHECK_FALSE(analytic::decode_schedules(p.substr(0, p.size() - 1), blocks, 4, why));
    CHECK_FALSE(analytic::decode_schedules(p + "x", blocks, 4, why));
}

TEST_CASE("file cache: round trip, miss, corrupt and truncated files are misses with a warning", "[cache]")
{
    TempDir t("files");
    util::FileCache c(t.path.string(), 1u << 30);
    CHECK_FALSE(c.get("absent"));
    CHECK(c.warnings().empty());
    c.put("one", "payload one");
    c.put("two", std::string(1000, 'x'));
    REQUIRE(c.get("one"));
    CHECK(*c.get("one") == "payload one");
    CHECK(c.warnings().empty());
    CHECK(c.info().files == 2);

    const fs::path one = t.path / "one.bin";
    std::string bytes = slurp(one);
    bytes[bytes.size() - 2] ^= 0x40;  // one bit of the payload
    spit(one, bytes);
    CHECK_FALSE(c.get("one"));
    REQUIRE(c.warnings().size() == 1);
    CHECK(c.warnings()[0].find("checksum") != std::string::npos);

    const fs::path two = t.path / "two.bin";
    spit(two, slurp(two).substr(0, 500));
    CHECK_FALSE(c.get("two"));
    REQUIRE(c.warnings().size() == 2);
    CHECK(c.warnings()[1].find("truncated") != std::string::npos);
    spit(two, "");
    CHECK_FALSE(c.get("two"));
    CHECK(c.warnings().size() == 3);

    c.put("one", "rebuilt");  // the next put replaces a corrupt file
    REQUIRE(c.get("one"));
    CHECK(*c.get("one") == "rebuilt");
    // No temp files are left behind by puts that completed.
    for (const auto& e : fs::directory_iterator(t.path)) CHECK(e.path().extension() != ".tmp");

    CHECK(c.clear() == 2);
    CHECK(c.info().files == 0);
    CHECK_FALSE(c.get("one"));
}

TEST_CASE("file cache: beyond its size limit the least recently used entries go", "[cache]")
{
    TempDir t("evict");
    const std::string payload(1000, 'p');
    const std::uint64_t file_bytes = util::frame_payload(payload).size();
    util::FileCache c(t.path.string(), 3 * file_bytes);
    c.put("a", payload);
    c.put("b", payload);
    c.put("c", payload);
    // Ages by hand (mtime resolution and the clock are not the test's business): a is the
    // newest, b the oldest.
    const auto now = fs::file_time_type::clock::now();
    fs::last_write_time(t.path / "a.bin", now - std::chrono::hours(1));
    fs::last_write_time(t.path / "b.bin", now - std::chrono::hours(3));
    fs::last_write_time(t.path / "c.bin", now - std::chrono::hours(2));
    c.put("d", payload);
    const auto names = c.info().names;
    CHECK(names == std::vector<std::string>{"a", "c", "d"});
    CHECK(c.info().bytes == 3 * file_bytes);
}

TEST_CASE("layer plans through the cache equal plans without it; a warm plan makes no schedule", "[cache]")
{
    TempDir t("plans");
    const config::ArchParams arch = small_arch();
    const workload::Layer l = conv_layer(5, 10);  // 3 kernel groups (the last of 2 lanes) × 5 channels
    for (const std::string scheduler : {"greedy", "exact"}) {
        config::RunParams run;
        run.seed = 7;
        run.sparsity.nnz_per_kernel = 10;
        run.scheduler = scheduler;
        run.exact_conflicts = 2000;
        run.dataflow = "kernel_reuse";
        const numerics::SparsityPattern pat = analytic::synthetic_pattern(l, arch, run);
        const auto fresh = analytic::plan_spectral_layer(l, arch, run, &pat);
        analytic::ScheduleCache cache(t.path.string(), 1u << 30);
        const auto cold = analytic::plan_spectral_layer(l, arch, run, &pat, &cache);
        const auto warm = analytic::plan_spectral_layer(l, arch, run, &pat, &cache);
        CHECK(cache.misses() == 1);
        CHECK(cache.hits() == 1);
        CHECK(cold.cached_blocks == 0);
        CHECK(warm.cached_blocks == static_cast<int>(fresh.schedules.size()));
        CHECK(cache.warnings().empty());
        REQUIRE(fresh.schedules.size() == 15);
        for (const auto* p : {&cold, &warm}) {
            for (std::size_t i = 0; i < fresh.schedules.size(); ++i) CHECK(same(p->schedules[i], fresh.schedules[i]));
            CHECK(p->lower_bounds == fresh.lower_bounds);
            CHECK(p->exact_optimal == fresh.exact_optimal);
            CHECK(p->exact_unproven == fresh.exact_unproven);
            CHECK(p->compute_cycles == fresh.compute_cycles);
            CHECK(p->traffic.total() == fresh.traffic.total());
        }
        // A corrupt entry: a warning, the schedules made afresh, and the entry rebuilt.
        for (const auto& e : fs::directory_iterator(t.path)) {
            if (e.path().extension() != ".bin") continue;
            std::string b = slurp(e.path());
            b[b.size() / 2] ^= 1;
            spit(e.path(), b);
        }
        analytic::ScheduleCache again(t.path.string(), 1u << 30);
        const auto rebuilt = analytic::plan_spectral_layer(l, arch, run, &pat, &again);
        CHECK(again.warnings().size() == 1);
        CHECK(rebuilt.cached_blocks == 0);
        for (std::size_t i = 0; i < fresh.schedules.size(); ++i) CHECK(same(rebuilt.schedules[i], fresh.schedules[i]));
        const auto warm2 = analytic::plan_spectral_layer(l, arch, run, &pat, &again);
        CHECK(warm2.cached_blocks == static_cast<int>(fresh.schedules.size()));
        CHECK(again.warnings().size() == 1);
    }
}

TEST_CASE("schedule cache info counts entries and blocks of this version", "[cache]")
{
    TempDir t("info");
    analytic::ScheduleCache c(t.path.string(), 1u << 30);
    const auto blocks = some_blocks(5, 7, 4);
    const std::string key = analytic::schedule_cache_key(blocks, 4, "greedy", 0);
    c.store(key, greedy_of(blocks, 4));
    util::FileCache(t.path.string(), 1u << 30).put("sched-v0-old", "stale");
    const auto i = c.info();
    CHECK(i.files == 2);
    CHECK(i.current_files == 1);
    CHECK(i.blocks == 7);
    CHECK(i.bytes > 0);
    CHECK(c.clear() == 2);
}
