// SPDX-License-Identifier: MIT
// What every off-chip memory model shares (byte and busy-time counting, the blocking
// transfer helper) and the factory that picks the model ddr.model names.
#include "memory/memory.hpp"

#include <algorithm>

#include "memory/ddr4_memory.hpp"
#include "memory/ideal_memory.hpp"
#include "memory/simple_memory.hpp"
#include "util/error.hpp"

namespace specsim::hw {

Memory::Memory(sc_core::sc_module_name name, const OverlayClock& clk) : sc_module(name), m_clk(clk) {}

Memory::~Memory() = default;

void Memory::count_issue(DdrRequest& req)
{
    m_counters.bytes[static_cast<int>(req.kind)] += req.bytes;
    req.issued_cycle = m_clk.now_cycles();
}

void Memory::account_busy(std::uint64_t from_cycle, std::uint64_t to_cycle)
{
    // Busy time is the union of in-flight intervals: count only what extends past what
    // was already counted.
    const std::uint64_t start = std::max(from_cycle, m_busy_until);
    if (to_cycle > start) m_counters.busy_cycles += to_cycle - start;
    m_busy_until = std::max(m_busy_until, to_cycle);
}

std::unique_ptr<Memory> make_memory(const char* name, const config::DdrParams& p, const OverlayClock& clk)
{
    switch (p.model) {
    case config::DdrModel::simple: return std::make_unique<SimpleMemory>(name, p, clk);
    case config::DdrModel::ddr4: return std::make_unique<Ddr4Memory>(name, p, clk);
    case config::DdrModel::ideal: return std::make_unique<IdealMemory>(name, clk);
    }
    throw Error("internal: unknown ddr.model");
}

void transfer(Memory& mem, std::uint64_t bytes, DdrKind kind, bool write)
{
    DdrRequest req;
    req.bytes = bytes;
    req.kind = kind;
    req.write = write;
    mem.issue(req);
    sc_core::wait(req.done);
}

}  // namespace specsim::hw
