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
uram = next((k for k in rows[0] if k.startswith("run.uram_used")), None)
panels = [(dsp, "DSP slices used"), (bram, "BRAM36 used")]
if uram and any(float(r[uram] or 0) > 0 for r in ok):  # a panel for URAM only where designs use it
    panels.append((uram, "URAM used"))


def label(r):
    return "/".join(r[k] for k in axes)


def front_2d(points, key):
    """Points no other point beats on both latency and `key` (the panel's own front)."""
    best, out = float("inf"), []
    for r in sorted(points, key=lambda r: (float(r[key]), float(r["time_ms"]))):
        if float(r["time_ms"]) < best:
            best = float(r["time_ms"])
            out.append(r)
    return out


fig, subplots = plt.subplots(1, len(panels), figsize=(6 * len(panels), 5.5), sharey=True)
for ax, (key, name) in zip(subplots, panels):
    rest = [r for r in ok if r["pareto"] != "1"]
    front3 = [r for r in ok if r["pareto"] == "1"]
    ax.scatter([float(r[key]) for r in rest], [float(r["time_ms"]) for r in rest], s=16, c="0.65",
               label="dominated design point")
    ax.scatter([float(r[key]) for r in front3], [float(r["time_ms"]) for r in front3], s=22, c="tab:red",
               label="Pareto front over latency, DSP, BRAM and URAM")
    f2 = front_2d(ok, key)
    ax.step([float(r[key]) for r in f2], [float(r["time_ms"]) for r in f2], where="post", c="k", lw=1,
            label=f"front of latency vs {name.split()[0]} alone")
    for r in f2:  # label only the panel's own front, to stay readable
        ax.annotate(label(r), (float(r[key]), float(r["time_ms"])), fontsize=7, xytext=(4, 2),
                    textcoords="offset points")
    ax.set_xlabel(name)
    ax.set_yscale("log")
    ax.grid(alpha=0.3, which="both")
subplots[0].set_ylabel("latency (ms)")
subplots[0].legend(fontsize=8)
subplots[-1].text(0.99, 0.99, "labels: " + " / ".join(k.split(".")[-1] for k in axes), transform=subplots[-1].transAxes,
                 ha="right", va="top", fontsize=8)
failed = len(rows) - len(ok)
fig.suptitle(f"{os.path.basename(os.path.normpath(a.dir))}: {len(ok)} points"
             + (f" ({failed} failed, not shown)" if failed else ""))
fig.tight_layout()
out = a.out or os.path.join(a.dir, "pareto.png")
fig.savefig(out, dpi=120)
print(f"plot: {out}")
