// SPDX-License-Identifier: MIT
// Byte address → (channel, rank, bank group, bank, row, column) for a DDR4 organisation and
// a mapping string of six 2-letter fields, most significant first ("rochrababgco"). The
// low log2(bus bytes · BL) bits select the byte within a burst and are dropped; fields are
// cut from the remaining bits starting at bit 0 with the last field; each field's width is
// log2 of its count (columns counted in bursts); address bits above the fields are ignored.
#pragma once

#include <cstdint>
#include <string>

#include "dram/ddr4_spec.hpp"

namespace specsim::dram {

struct DramAddr {
    std::uint32_t channel = 0, rank = 0, bankgroup = 0, bank = 0, row = 0, column = 0;  ///< column in bursts
};

class AddressMap {
public:
    AddressMap(const Ddr4Organization& org, const std::string& mapping);
    DramAddr decode(std::uint64_t byte_address) const;
    /// Lowest bit of a field ("co", "bg", …) in the byte address, and its width.
    int field_low_bit(const std::string& field) const;
    int field_width(const std::string& field) const;

private:
    enum class Kind { row, channel, rank, bankgroup, bank, column };
    struct Field {
        std::string name;
        Kind kind = Kind::row;
        int width = 0, shift = 0;  // shift within the burst-index bits
        std::uint64_t mask = 0;    // (1 << width) − 1
    };
    int m_offset_bits = 0;
    Field m_fields[6];
};

}  // namespace specsim::dram
