#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Plots a merged sweep (specsim sweep merge DIR): latency against DSP and against BRAM36
# use, one dot per successful point, the Pareto front (latency vs DSP and BRAM, as merge
# marks it) highlighted and labelled with its axis values. Writes DIR/pareto.png.
# Usage: tools/plot-sweep.py DIR [--out FILE]
import argparse
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("dir")
ap.add_argument("--out")
a = ap.parse_args()
path = os.path.join(a.dir, "merged.csv")
if not os.path.exists(path):
    sys.exit(f"plot-sweep: {path} not found (run: specsim sweep merge {a.dir})")
rows = list(csv.DictReader(open(path)))
ok = [r for r in rows if r["status"] == "ok"]
if not ok:
    sys.exit("plot-sweep: no successful points to plot")
fixed = {"index", "hash", "status", "error", "pareto"}
axes = []
for k in rows[0].keys():
    if k in fixed:
        continue
    if k.startswith("run.dsp_used"):  # the first figure column: axes come before it
        break
    axes.append(k)
dsp = next(k for k in rows[0] if k.startswith("run.dsp_used"))
bram = next(k for k in rows[0] if k.startswith("run.bram36_used"))


def label(r):
    return ", ".join(f"{k.split('.')[-1]}={r[k]}" for k in axes)


fig, subplots = plt.subplots(1, 2, figsize=(12, 5), sharey=True)
for ax, key, name in ((subplots[0], dsp, "DSP slices used"), (subplots[1], bram, "BRAM36 used")):
    rest = [r for r in ok if r["pareto"] != "1"]
    front = sorted((r for r in ok if r["pareto"] == "1"), key=lambda r: float(r[key]))
    ax.scatter([float(r[key]) for r in rest], [float(r["time_ms"]) for r in rest], s=18, c="0.6", label="design point")
    ax.scatter([float(r[key]) for r in front], [float(r["time_ms"]) for r in front], s=36, c="tab:red",
               label="Pareto front (latency, DSP, BRAM)")
    for r in front:
        ax.annotate(label(r), (float(r[key]), float(r["time_ms"])), fontsize=6, xytext=(3, 3),
                    textcoords="offset points")
    ax.set_xlabel(name)
    ax.grid(alpha=0.3)
subplots[0].set_ylabel("latency (ms)")
subplots[0].legend(fontsize=8)
failed = len(rows) - len(ok)
fig.suptitle(f"{os.path.basename(os.path.normpath(a.dir))}: {len(ok)} points"
             + (f" ({failed} failed, not shown)" if failed else ""))
fig.tight_layout()
out = a.out or os.path.join(a.dir, "pareto.png")
fig.savefig(out, dpi=120)
print(f"plot: {out}")
