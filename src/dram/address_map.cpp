// SPDX-License-Identifier: MIT
#include "dram/address_map.hpp"

#include "util/error.hpp"

namespace specsim::dram {
namespace {
int log2i(std::uint64_t v)
{
    int l = 0;
    while ((std::uint64_t{1} << l) < v) ++l;
    return l;
}
}  // namespace

AddressMap::AddressMap(const Ddr4Organization& org, const std::string& mapping)
{
    if (mapping.size() != 12) throw Error("address mapping '" + mapping + "' must be six 2-letter fields");
    m_offset_bits = log2i(std::uint64_t{org.bus_width} / 8 * org.burst_length);
    int shift = 0;
    for (int i = 5; i >= 0; --i) {  // least significant field last in the string
        Field& f = m_fields[i];
        f.name = mapping.substr(static_cast<std::size_t>(2 * i), 2);
        std::uint64_t count = 0;
        if (f.name == "ro") count = org.rows, f.kind = Kind::row;
        else if (f.name == "ch") count = org.channels, f.kind = Kind::channel;
        else if (f.name == "ra") count = org.ranks, f.kind = Kind::rank;
        else if (f.name == "bg") count = org.bankgroups, f.kind = Kind::bankgroup;
        else if (f.name == "ba") count = org.banks_per_group, f.kind = Kind::bank;
        else if (f.name == "co") count = org.columns / org.burst_length, f.kind = Kind::column;
        else throw Error("address mapping '" + mapping + "': unknown field '" + f.name + "'");
        f.width = log2i(count);
        f.mask = (std::uint64_t{1} << f.width) - 1;
        f.shift = shift;
        shift += f.width;
    }
}

DramAddr AddressMap::decode(std::uint64_t byte_address) const
{
    const std::uint64_t a = byte_address >> m_offset_bits;
    DramAddr d;
    for (const Field& f : m_fields) {
        const auto v = static_cast<std::uint32_t>((a >> f.shift) & f.mask);
        switch (f.kind) {
        case Kind::row: d.row = v; break;
        case Kind::channel: d.channel = v; break;
        case Kind::rank: d.rank = v; break;
        case Kind::bankgroup: d.bankgroup = v; break;
        case Kind::bank: d.bank = v; break;
        case Kind::column: d.column = v; break;
        }
    }
    return d;
}

int AddressMap::field_low_bit(const std::string& field) const
{
    for (const Field& f : m_fields)
        if (f.name == field) return m_offset_bits + f.shift;
    throw Error("address mapping has no field '" + field + "'");
}

int AddressMap::field_width(const std::string& field) const
{
    for (const Field& f : m_fields)
        if (f.name == field) return f.width;
    throw Error("address mapping has no field '" + field + "'");
}

}  // namespace specsim::dram
