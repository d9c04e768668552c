// SPDX-License-Identifier: MIT
// The systolic overlay's SystemC model. SystemC elaborates once per process, so each
// simulation is a child of this executable (SYSTOLIC_SIM_CHILD=<mode>,<memory> runs one
// simulate_systolic and prints its results); the test cases spawn the children and
// compare: both timing modes identical; with plentiful bandwidth the array runs the
// stall-free fold count; at B words/cycle per operand within 10 % of run_reference; the datapath
// output equals conv2d_direct for im2col, kn2row and winograd2 under os, ws and is.
#include "overlay/systolic/hw/systolic_top.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

#include "numerics/conv_direct.hpp"
#include "numerics/random.hpp"
#include "util/subprocess.hpp"
#include "workload/network.hpp"
#include "workload/network_yaml.hpp"

using namespace specsim;
using namespace specsim::systolic;

namespace {

constexpr double kClockHz = 1e6;
constexpr std::uint64_t kBandwidth = 10;  // bytes (words) per cycle of the finite memory

struct GemmCase {
    const char* name;
    numerics::GemmDims gemm;
    ArrayShape array;
    Dataflow dataflow;
};
// Three USER rows of SCALE-Sim's cases (1 KiB SRAMs) plus a ws one.
const GemmCase kGemms[] = {
    {"g64_os", {64, 64, 64}, {8, 8}, Dataflow::os},
    {"g64_ws", {64, 64, 64}, {8, 8}, Dataflow::ws},
    {"g100_is", {100, 37, 23}, {16, 16}, Dataflow::is},
    {"g100_ws", {100, 37, 23}, {16, 16}, Dataflow::ws},
};
const numerics::ConvAlgorithm kAlgs[] = {numerics::ConvAlgorithm::im2col, numerics::ConvAlgorithm::kn2row,
                                         numerics::ConvAlgorithm::winograd2};
const Dataflow kFlows[] = {Dataflow::os, Dataflow::ws, Dataflow::is};

SystolicOverlayParams gemm_params(const GemmCase& g)
{
    SystolicOverlayParams s;
    s.rows = g.array.rows;
    s.cols = g.array.cols;
    s.data_bits = 8;
    s.frac_bits = 4;
    s.buffers.ifmap.bits = s.buffers.filter.bits = s.buffers.ofmap.bits = 1024 * 8;
    s.preload = true;
    s.stationary_in_order = false;  // compared with run_reference (SCALE-Sim's order)
    return s;
}

// A 3×8×8 → 5 conv, 3×3, pad 1, on an 8×8 array with 16-bit words.
workload::Network conv_net()
{
    workload::Network n("t", {3, 8, 8});
    workload::ConvParams c;
    c.out_channels = 5;
    c.kernel = {3, 3};
    c.pad = {1, 1, 1, 1};
    n.add(workload::make_layer("conv", workload::LayerKind::Conv, c));
    return n;
}

numerics::Tensor4 random_tensor(int a, int b, int c, int d, std::uint64_t seed)
{
    numerics::Tensor4 t(a, b, c, d);
    numerics::Rng rng(seed);
    for (Eigen::Index i = 0; i < t.size(); ++i) t.data()[i] = rng.uniform01() * 2 - 1;
    return t;
}

config::DdrParams memory(const std::string& kind)
{
    config::DdrParams d;
    d.latency.seconds = 0;
    d.burst.bits = 8;
    if (kind == "plenty") {  // every transfer takes one cycle
        d.bandwidth_per_channel.bytes_per_s = 1e21;
        d.clock.hz = 1e12;
    } else {
        d.bandwidth_per_channel.bytes_per_s = kBandwidth * kClockHz;
        d.clock.hz = kBandwidth * kClockHz;
    }
    return d;
}

// Child: one simulation, one line per layer: name and every counter; data layers add the
// largest relative error against conv2d_direct.
// VGG16's layers on a 64×64 input (the full 224×224 network takes minutes in fast mode:
// millions of SRAM transfers, each a SystemC event).
workload::Network vgg16_64()
{
    const char* root = std::getenv("SPECSIM_ROOT");
    if (!root) throw std::runtime_error("SPECSIM_ROOT must point at the repository");
    std::ifstream in(std::string(root) + "/configs/networks/vgg16.yaml");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    const std::string full = "height: 224, width: 224";
    const auto at = text.find(full);
    if (at == std::string::npos) throw std::runtime_error("vgg16.yaml: input line not found");
    text.replace(at, full.size(), "height: 64, width: 64");
    return workload::parse_network(config::load_yaml_text(text, "vgg16.yaml", "network"));
}

// A whole network, as the overlay would run it: VGG16 (im2col, ws) with default parameters
// (no preload) on the U200's simple DDR model; one line per layer as above.
std::vector<LayerWork> vgg16_work()
{
    const workload::Network n = vgg16_64();
    std::vector<LayerWork> work;
    const SystolicOverlayParams s;
    for (const auto& l : n.layers())
        work.push_back({std::make_shared<SystolicLayerPlan>(
                            plan_systolic_layer(l, s, numerics::ConvAlgorithm::im2col, Dataflow::ws)),
                        s, nullptr});
    return work;
}

config::DdrParams u200_simple()
{
    config::DdrParams d;
    d.channels = 4;
    d.bandwidth_per_channel.bytes_per_s = 19.2e9;
    d.latency.seconds = 100e-9;
    d.burst.bits = 64 * 8;
    d.clock.hz = 300e6;
    return d;
}

void print_rows(const std::vector<LayerResult>& res, const numerics::Tensor4* ref);

void run_child(const std::string& spec)
{
    if (spec == "vgg16") {
        print_rows(simulate_systolic(vgg16_work(), u200_simple(), 200e6, hw::TimingMode::fast), nullptr);
        return;
    }
    const auto comma = spec.find(',');
    const hw::TimingMode mode = hw::parse_timing_mode(spec.substr(0, comma));
    const std::string mem = spec.substr(comma + 1);
    std::vector<LayerWork> work;
    for (const GemmCase& g : kGemms) {
        auto p = std::make_shared<SystolicLayerPlan>();
        p->layer = g.name;
        p->dataflow = g.dataflow;
        p->gemms = {g.gemm};
        work.push_back({p, gemm_params(g), nullptr});
    }
    const workload::Network net = conv_net();
    const workload::Layer& layer = net.layer(0);
    const numerics::Tensor4 x = random_tensor(1, 3, 8, 8, 11), w = random_tensor(5, 3, 3, 3, 12);
    const std::vector<double> bias = {0.5, -0.25, 0.125, 0.0, 1.0};
    SystolicOverlayParams s;
    s.rows = s.cols = 8;
    for (auto alg : kAlgs)
        for (auto df : kFlows) {
            auto p = std::make_shared<SystolicLayerPlan>(plan_systolic_layer(layer, s, alg, df));
            p->layer = std::string(numerics::to_string(alg)) + "_" + to_string(df);
            auto d = std::make_shared<SystolicLayerData>();
            d->lowered = {numerics::lower_conv(x, w, conv_params_of(layer), alg)};
            d->bias = bias;
            work.push_back({p, s, d});
        }
    const numerics::Tensor4 ref = numerics::conv2d_direct(x, w, bias, conv_params_of(layer));
    // "bw": one memory of B per operand (run_reference's three interfaces); "shared": one for all three.
    const auto res = simulate_systolic(work, memory(mem), kClockHz, mode,
                                       mem == "shared" ? MemoryPorts::shared : MemoryPorts::per_operand);
    print_rows(res, &ref);
}

void print_rows(const std::vector<LayerResult>& res, const numerics::Tensor4* ref_ptr)
{
    for (const LayerResult& r : res) {
        double maxrel = -1;
        if (r.has_output && ref_ptr) {
            const numerics::Tensor4& ref = *ref_ptr;
            maxrel = 0;
            if (r.output.size() != ref.size()) maxrel = 1e300;
            else
                for (Eigen::Index i = 0; i < ref.size(); ++i)
                    maxrel = std::max(maxrel, std::fabs(r.output.data()[i] - ref.data()[i]) /
                                                  std::max(1.0, std::fabs(ref.data()[i])));
        }
        std::printf("ROW %s %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu "
                    "%.3e\n",
                    r.layer.c_str(), (unsigned long long)r.cycles, (unsigned long long)r.array_cycles,
                    (unsigned long long)r.stall_cycles, (unsigned long long)r.drain_cycles,
                    (unsigned long long)r.folds, (unsigned long long)r.mac_ops, (unsigned long long)r.pe_slots,
                    (unsigned long long)r.ddr_input_bytes, (unsigned long long)r.ddr_kernel_bytes,
                    (unsigned long long)r.ddr_output_bytes, (unsigned long long)r.ddr_busy_cycles,
                    (unsigned long long)r.sram_ifmap_reads, (unsigned long long)r.sram_filter_reads,
                    (unsigned long long)r.sram_ofmap_writes, (unsigned long long)r.dram_ifmap_words,
                    (unsigned long long)r.dram_filter_words, (unsigned long long)r.dram_ofmap_words,
                    (unsigned long long)r.transform_cycles, (unsigned long long)r.post_cycles, maxrel);
    }
    std::fflush(stdout);
}

struct Row {
    std::vector<std::uint64_t> v;  // the counters in print order
    double maxrel = -1;
};

std::map<std::string, Row> simulate(const std::string& spec, std::size_t layers = std::size(kGemms) + 9)
{
    const std::string base = "/tmp/systolic_sim_" + std::to_string(::getpid()) + "_" + spec;
    const pid_t pid = util::spawn({util::self_exe(), "[sim_child]"}, base + ".out", base + ".err",
                                  {"SYSTOLIC_SIM_CHILD=" + spec, "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1",
                                   "SPECSIM_ROOT=" + std::string(std::getenv("SPECSIM_ROOT") ? std::getenv("SPECSIM_ROOT") : "")});
    int code = -1;
    for (;;) {
        const auto [p, c] = util::wait_any();
        if (p == pid || p < 0) {
            code = c;
            break;
        }
    }
    INFO("child " << spec << ": " << util::last_line(base + ".err"));
    REQUIRE(code == 0);
    std::map<std::string, Row> rows;
    std::ifstream in(base + ".out");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("ROW ", 0) != 0) continue;
        std::istringstream ls(line.substr(4));
        std::string name;
        Row r;
        ls >> name;
        for (int i = 0; i < 19; ++i) {
            std::uint64_t x = 0;
            ls >> x;
            r.v.push_back(x);
        }
        ls >> r.maxrel;
        REQUIRE(!ls.fail());
        rows[name] = r;
    }
    std::remove((base + ".out").c_str());
    std::remove((base + ".err").c_str());
    REQUIRE(rows.size() == layers);
    return rows;
}

enum Col { cycles, array_cycles, stall_cycles, drain, folds, macs, slots, ddr_in, ddr_k, ddr_out, ddr_busy,
           sram_i, sram_f, sram_o, dram_i, dram_f, dram_o, transform, post };

}  // namespace

TEST_CASE("cycle and fast timing give identical results", "[sim_systolic]")
{
    for (const char* mem : {"plenty", "bw", "shared"}) {
        const auto fast = simulate(std::string("fast,") + mem), cyc = simulate(std::string("cycle,") + mem);
        for (const auto& [name, r] : fast) {
            INFO(mem << " " << name);
            CHECK(r.v == cyc.at(name).v);
            CHECK(r.maxrel == cyc.at(name).maxrel);
        }
    }
}

TEST_CASE("plentiful bandwidth: the array runs the stall-free fold count", "[sim_systolic]")
{
    const auto rows = simulate("fast,plenty");
    for (const GemmCase& g : kGemms) {
        INFO(g.name);
        const Row& r = rows.at(g.name);
        CHECK(r.v[array_cycles] == fold_geometry(g.gemm, g.array, g.dataflow).stall_free_cycles);
        CHECK(r.v[stall_cycles] == 0);
        CHECK(r.v[cycles] >= r.v[array_cycles]);
    }
}

TEST_CASE("B words per cycle: within 10 % of run_reference", "[sim_systolic]")
{
    const auto rows = simulate("fast,bw");
    for (const GemmCase& g : kGemms) {
        const Row& r = rows.at(g.name);
        const auto s = gemm_params(g);
        const ReferenceResult ref = run_reference(g.gemm, g.array, g.dataflow, s.buffer_words(), kBandwidth);
        const double ours = static_cast<double>(r.v[array_cycles] + r.v[stall_cycles]);
        std::printf("%-8s ours %8.0f  run_reference %8llu  (%+.2f %%)\n", g.name, ours,
                    (unsigned long long)ref.cycles, 100.0 * (ours - double(ref.cycles)) / double(ref.cycles));
        INFO(g.name << ": ours " << ours << ", run_reference " << ref.cycles);
        CHECK(std::fabs(ours - double(ref.cycles)) <= 0.10 * double(ref.cycles));
    }
}

TEST_CASE("datapath: im2col, kn2row, winograd2 under os, ws, is equal conv2d_direct", "[sim_systolic]")
{
    const auto rows = simulate("fast,bw");
    int checked = 0;
    for (auto alg : kAlgs)
        for (auto df : kFlows) {
            const std::string name = std::string(numerics::to_string(alg)) + "_" + to_string(df);
            INFO(name);
            CHECK(rows.at(name).maxrel >= 0);
            CHECK(rows.at(name).maxrel <= 1e-9);
            ++checked;
        }
    CHECK(checked == 9);
}

TEST_CASE("VGG16 (64x64 input) end to end: every layer runs, traffic at least the compulsory figure", "[sim_systolic]")
{
    const workload::Network n = vgg16_64();
    const auto rows = simulate("vgg16", n.size());
    const SystolicOverlayParams s;
    std::uint64_t total = 0;
    for (const auto& l : n.layers()) {
        INFO(l.name);
        const SystolicLayerPlan p = plan_systolic_layer(l, s, numerics::ConvAlgorithm::im2col, Dataflow::ws);
        const Row& r = rows.at(l.name);
        total += r.v[cycles];
        if (p.work == PlanWork::gemm) {
            std::uint64_t stall_free = 0;
            for (const auto& g : p.gemms) stall_free += fold_geometry(g, s.array(), Dataflow::ws).stall_free_cycles;
            CHECK(r.v[array_cycles] == stall_free);
            CHECK(r.v[cycles] >= r.v[array_cycles] + r.v[stall_cycles]);
            CHECK(r.v[macs] == p.mac_ops);
            CHECK(r.v[ddr_in] >= p.ddr_ifmap_bytes);
            CHECK(r.v[ddr_k] >= p.ddr_filter_bytes);
            CHECK(r.v[ddr_out] >= p.ddr_ofmap_bytes);
            CHECK(r.v[ddr_in] == 2 * r.v[dram_i]);  // 16-bit words
        } else if (p.work == PlanWork::post) {
            CHECK(r.v[cycles] >= p.post_cycles);
            CHECK(r.v[post] == p.post_cycles);
            CHECK(r.v[ddr_in] == p.ddr_ifmap_bytes);
            CHECK(r.v[ddr_out] == p.ddr_ofmap_bytes);
        } else {
            CHECK(r.v[cycles] == 0);
            CHECK(r.v[ddr_in] + r.v[ddr_out] == 0);
        }
    }
    std::printf("VGG16 at 64x64, im2col ws 32x32, u200 simple DDR, 200 MHz: %llu cycles\n", (unsigned long long)total);
}

// The child: one simulation (SystemC elaborates once per process), run by simulate().
TEST_CASE("child simulation", "[.sim_child]")
{
    const char* spec = std::getenv("SYSTOLIC_SIM_CHILD");
    REQUIRE(spec != nullptr);
    run_child(spec);
}

// libsystemc defines main() and calls sc_main(); Catch2's main is used, so this only links.
extern "C" int sc_main(int, char*[]) { return 0; }
