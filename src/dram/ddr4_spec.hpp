// SPDX-License-Identifier: MIT
// DDR4 organisation and timing, in DRAM clock cycles, read from a YAML preset
// (configs/dram/*.yaml), and the command-to-command constraints derived from them once.
// Plain C++: the cycle-level channel model and its SystemC wrapper build on this.
#pragma once

#include <cstdint>
#include <string>

#include "config/yaml_reader.hpp"

namespace specsim::dram {

struct Ddr4Organization {
    std::uint32_t channels = 1;
    std::uint32_t ranks = 1;
    std::uint32_t bankgroups = 4;
    std::uint32_t banks_per_group = 4;
    std::uint32_t rows = 65536;
    std::uint32_t columns = 1024;     ///< per row, in device-width units
    std::uint32_t device_width = 8;   ///< bits per device (x8, x16)
    std::uint32_t bus_width = 64;     ///< data bits of the channel
    std::uint32_t burst_length = 8;   ///< BL

    std::uint32_t banks() const { return bankgroups * banks_per_group; }
    /// Bytes one burst moves on the channel: bus_width/8 · BL.
    std::uint32_t burst_bytes() const { return bus_width / 8 * burst_length; }
};

/// JEDEC timing parameters in DRAM clock cycles (tCK in ns).
struct Ddr4Timing {
    double tCK_ns = 0.833;
    std::uint32_t CL = 17, CWL = 12;
    std::uint32_t tRCD = 17, tRP = 17, tRAS = 39, tRC = 56;
    std::uint32_t tCCD_S = 4, tCCD_L = 6, tRRD_S = 4, tRRD_L = 6, tFAW = 26;
    std::uint32_t tWR = 18, tWTR_S = 3, tWTR_L = 9, tRTP = 9;
    std::uint32_t tRFC = 420, tREFI = 9360, tRTRS = 1;
};

/// Minimum distances (cycles) between commands, derived once from the timing.
struct Ddr4Constraints {
    std::uint32_t burst_cycles;          ///< BL/2: one burst on the data bus
    std::uint32_t rd_to_rd_same_bg, rd_to_rd_other_bg, rd_to_rd_other_rank;
    std::uint32_t wr_to_wr_same_bg, wr_to_wr_other_bg, wr_to_wr_other_rank;
    std::uint32_t rd_to_wr;              ///< any bank, same or other rank
    std::uint32_t wr_to_rd_same_bg, wr_to_rd_other_bg, wr_to_rd_other_rank;
    std::uint32_t rd_to_pre, wr_to_pre;  ///< same bank
    std::uint32_t act_to_rw, act_to_pre, act_to_act_same_bank;
    std::uint32_t act_to_act_same_bg, act_to_act_other_bg;
    std::uint32_t pre_to_act, ref_to_act;
    std::uint32_t read_latency;          ///< READ command to last data beat: CL + BL/2
    std::uint32_t write_data_end;        ///< WRITE command to end of its data: CWL + BL/2
};

struct ControllerParams {
    std::uint32_t queue_size = 32;    ///< read queue and write buffer entries
    std::uint32_t cmd_queue = 8;      ///< command queue entries per bank
    std::uint32_t row_hit_cap = 4;    ///< hits after which a conflicting request may close the row
    std::uint32_t drain_low = 8;      ///< drain when more writes than this and no work queued
    bool open_page = true;            ///< false: close the row after a column command no queued request hits
};

struct Ddr4Spec {
    std::string name;
    Ddr4Organization org;
    Ddr4Timing timing;
    std::string address_mapping = "rochrababgco";  ///< fields MSB → LSB, 2 letters each
    ControllerParams controller;                   ///< queues, page policy, drain watermarks

    Ddr4Constraints constraints() const;
    /// Peak bandwidth of one channel, bytes per second: bus_width/8 · 2 / tCK.
    double peak_bytes_per_s() const;
};

/// Parses a preset map (organisation, timing, address_mapping); strict like every config.
Ddr4Spec parse_ddr4_spec(const config::Node& node);

/// Loads a preset file.
Ddr4Spec load_ddr4_preset(const std::string& path);

}  // namespace specsim::dram
