#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Plots capacity sweeps of `specsim partition EXP --sweep-capacity -o NAME.csv`: per network,
# off-chip feature-map traffic (left) and its reduction against layer-by-layer (right) against
# on-chip capacity, one line per scheme (optimal, layer, fixedG); the full-reuse capacity
# and OCCAM's published 21x reduction marked. Writes OUT (default partition-capacity.png).
# Usage: tools/plot-partition.py A.csv [B.csv ...] [--out FILE]
import argparse
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ap = argparse.ArgumentParser(description="plot specsim partition --sweep-capacity CSVs")
ap.add_argument("csv", nargs="+")
ap.add_argument("--out", default="partition-capacity.png")
a = ap.parse_args()

fig, (ax_t, ax_r) = plt.subplots(1, 2, figsize=(12, 4.5))
styles = {"optimal": "-", "layer": ":", "fixed2": "--", "fixed4": "-."}
for path in a.csv:
    lines = open(path).read().splitlines()
    network = lines[0].split("network", 1)[1].strip() if lines and lines[0].startswith("#") else path
    rows = list(csv.DictReader([l for l in lines if not l.startswith("#")]))
    if not rows:
        sys.exit(f"plot-partition: {path} has no rows")
    schemes = sorted({r["scheme"] for r in rows}, key=lambda s: list(styles).index(s) if s in styles else 99)
    color = None
    for s in schemes:
        pts = sorted((int(r["capacity_bytes"]), int(r["fmap_bytes"]), float(r["fmap_reduction"]))
                     for r in rows if r["scheme"] == s)
        x = [p[0] / 1e6 for p in pts]
        (h,) = ax_t.plot(x, [p[1] / 1e6 for p in pts], styles.get(s, "-"), color=color,
                         label=f"{network} {s}", marker="o" if s == "optimal" else None, ms=3)
        color = h.get_color()
        ax_r.plot(x, [p[2] for p in pts], styles.get(s, "-"), color=color, label=f"{network} {s}",
                  marker="o" if s == "optimal" else None, ms=3)
    # Full reuse: the largest capacity of the sweep is the whole network's closure.
    full = max(int(r["capacity_bytes"]) for r in rows) / 1e6
    ax_r.axvline(full, color=color, lw=0.6, alpha=0.5)
    ax_r.annotate(f"{network} {full:.0f} MB", (full, 1.05), fontsize=6, rotation=90, va="bottom")
ax_r.axhline(21, color="k", lw=0.8, ls="--")
ax_r.annotate("OCCAM published: 21x fewer transfers", (0.3, 21), fontsize=8, va="bottom")
for ax in (ax_t, ax_r):
    ax.set_xscale("log")
    ax.set_xlabel("on-chip capacity (MB = 1e6 bytes)")
    ax.grid(alpha=0.3)
ax_t.set_yscale("log")
ax_r.set_yscale("log")
ax_t.set_ylabel("off-chip feature-map traffic (MB)")
ax_r.set_ylabel("feature-map traffic reduction vs layer-by-layer (x)")
ax_r.legend(fontsize=6, ncol=2)
fig.tight_layout()
fig.savefig(a.out, dpi=120)
print(f"plot-partition: {a.out}")
