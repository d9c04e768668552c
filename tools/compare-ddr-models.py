#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Per-layer comparison of the two DDR models on one experiment, as a Markdown table.

    tools/compare-ddr-models.py [--specsim build/specsim] [--preset NAME] EXPERIMENT [--set k=v ...]

Runs the experiment twice — `arch.ddr.model: simple` and `arch.ddr.model: ddr4` (with
--preset, or the arch's own preset) — in fast timing, and prints cycles, achieved
bandwidth and, for DDR4, read latency and row hit rate per layer.
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path


def run(specsim, experiment, sets, out):
    cmd = [specsim, "run", experiment, "--timing", "fast", "--quiet", "--out", str(out)]
    for s in sets:
        cmd += ["--set", s]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return json.loads((out / "results.json").read_text())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("experiment")
    ap.add_argument("--specsim", default="build/specsim")
    ap.add_argument("--preset", help="DDR4 preset (default: the arch's ddr.preset)")
    ap.add_argument("--set", action="append", default=[], help="extra override for both runs")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        simple = run(a.specsim, a.experiment, a.set + ["arch.ddr.model=simple"], Path(tmp) / "simple")
        ddr4_sets = a.set + ["arch.ddr.model=ddr4"] + ([f"arch.ddr.preset={a.preset}"] if a.preset else [])
        ddr4 = run(a.specsim, a.experiment, ddr4_sets, Path(tmp) / "ddr4")
    rows = [(s, d) for s, d in zip(simple["layers"], ddr4["layers"]) if not s.get("skip_reason")]
    has_lat = "ddr_read_latency_p50" in ddr4["layers"][0]
    head = "| layer | simple: cycles | ddr4: cycles | difference | simple GB/s | ddr4 GB/s |"
    rule = "|---|---:|---:|---:|---:|---:|"
    if has_lat:
        head += " ddr4 read latency p50 / p99 (DRAM cycles) | row hit rate |"
        rule += "---:|---:|"
    print(head)
    print(rule)

    def line(name, s, d, extra=""):
        diff = (d["cycles"] - s["cycles"]) / s["cycles"] * 100 if s["cycles"] else 0.0
        print(f"| {name} | {s['cycles']:,} | {d['cycles']:,} | {diff:+.1f} % | {s['bandwidth_GBps']:.1f} "
              f"| {d['bandwidth_GBps']:.1f} |{extra}")

    for s, d in rows:
        extra = ""
        if has_lat:
            cols = d.get("ddr_row_hits", 0)
            reads_writes = d.get("ddr_column_cmds", 0)
            rate = f"{cols / reads_writes:.3f}" if reads_writes else "–"
            extra = f" {d['ddr_read_latency_p50']:.0f} / {d['ddr_read_latency_p99']:.0f} | {rate} |"
        line(s["layer"], s, d, extra)
    line("TOTAL", simple["totals"], ddr4["totals"], " | |" if has_lat else "")


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as e:
        sys.exit(e.returncode)
