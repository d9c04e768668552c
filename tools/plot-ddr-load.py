#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Bandwidth and read latency of the DDR4 model against offered load, for sequential and
# random 64 B read streams (one request every GAP DRAM cycles), via `specsim ddr --pattern`.
# Usage: tools/plot-ddr-load.py [--specsim build/specsim] [--preset ddr4-2400-x8] [--out docs/figures/ddr4_load.png]
import argparse
import re
import subprocess

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--specsim", default="build/specsim")
ap.add_argument("--preset", default="ddr4-2400-x8")
ap.add_argument("--requests", type=int, default=20000)
ap.add_argument("--out", default="docs/figures/ddr4_load.png")
a = ap.parse_args()

gaps = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 24, 32, 48, 64, 100]
fig, (bw_ax, lat_ax) = plt.subplots(1, 2, figsize=(11, 4.5))
for pattern, colour in (("seq", "tab:blue"), ("rand", "tab:red")):
    offered, bw, lat, p99 = [], [], [], []
    for g in gaps:
        out = subprocess.run([a.specsim, "ddr", "--pattern", pattern, "--gap", str(g), "--requests", str(a.requests),
                              "--preset", a.preset], capture_output=True, text=True, check=True).stdout
        tck = float(re.search(r"done at cycle (\d+) \(([\d.]+) ns\)", out).group(2)) / float(
            re.search(r"done at cycle (\d+)", out).group(1))
        offered.append(64 / (g * tck))
        bw.append(float(re.search(r": ([\d.]+) GB/s =", out).group(1)))
        m = re.search(r"mean ([\d.]+), p50 ([\d.]+), p99 ([\d.]+) \(([\d.]+) /", out)
        lat.append(float(m.group(4)))
        p99.append(float(m.group(3)) * tck)
        print(f"{pattern} gap {g}: offered {offered[-1]:.2f} GB/s, achieved {bw[-1]:.2f} GB/s, mean latency {lat[-1]:.1f} ns")
    bw_ax.plot(offered, bw, "o-", c=colour, label=f"{pattern} reads")
    lat_ax.plot(offered, lat, "o-", c=colour, label=f"{pattern}: mean")
    lat_ax.plot(offered, p99, "x--", c=colour, label=f"{pattern}: p99")
lim = max(max(bw_ax.get_xlim()), 1)
bw_ax.plot([0, lim], [0, lim], c="0.7", lw=1, label="achieved = offered")
bw_ax.set_xlabel("offered load (GB/s)")
bw_ax.set_ylabel("achieved bandwidth (GB/s)")
lat_ax.set_xlabel("offered load (GB/s)")
lat_ax.set_ylabel("read latency (ns), acceptance to last data")
lat_ax.set_yscale("log")
for ax in (bw_ax, lat_ax):
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
fig.suptitle(f"DDR4 model, {a.preset}, one 64 B read every GAP cycles ({a.requests} requests)")
fig.tight_layout()
fig.savefig(a.out, dpi=120)
print(f"plot: {a.out}")
