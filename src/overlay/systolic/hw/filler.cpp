// SPDX-License-Identifier: MIT
#include "overlay/systolic/hw/filler.hpp"

#include "util/error.hpp"

namespace specsim::systolic {

OperandFiller::OperandFiller(sc_core::sc_module_name name, hw::Memory& ddr, hw::DdrKind kind, bool write,
                             sc_core::sc_event& any_done)
    : sc_module(name), m_ddr(ddr), m_any_done(any_done)
{
    m_req.kind = kind;
    m_req.write = write;
    SC_THREAD(run);
}

void OperandFiller::start(std::uint64_t bytes)
{
    if (m_in_flight || m_completed) throw Error("internal: systolic filler started twice");
    if (bytes == 0) throw Error("internal: systolic filler started with 0 bytes");
    m_req.bytes = bytes;
    m_in_flight = true;
    m_ddr.issue(m_req);  // done fires at least one overlay cycle from now: run() waits on it first
    m_go.notify(sc_core::SC_ZERO_TIME);
}

bool OperandFiller::take_completion()
{
    if (!m_completed) return false;
    m_completed = false;
    return true;
}

void OperandFiller::run()
{
    for (;;) {
        sc_core::wait(m_go);
        sc_core::wait(m_req.done);
        m_in_flight = false;
        m_completed = true;
        m_any_done.notify(sc_core::SC_ZERO_TIME);
    }
}

}  // namespace specsim::systolic
