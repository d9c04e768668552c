#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Speed of the systolic overlay, for docs/performance.md (issue 12's benchmark).

    tools/bench-systolic.py [--specsim build/specsim] [--repeat 10]

1. AlexNet conv1 (224x224x3, 11x11, 96 filters, stride 4) on a 32x32 ws array with 64 kB
   SRAMs, SCALE-Sim's own CI case: `specsim check-scalesim --row` on the SystemC overlay,
   the median wall time of --repeat runs (a whole process: elaboration, simulation,
   exit) against SCALE-Sim v2's wall time recorded in the reference table, and the cycles
   of both (they must be identical).
2. VGG16 on configs/experiments/vgg16_u200_systolic.yaml (32x32, os, im2col) in fast
   timing with each DDR model: wall time of the whole run and the simulation alone.
Exit 1 when the cycles differ.
"""
import argparse
import csv
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(ROOT, "tests", "data", "scalesim", "cases.csv")
ROW = "alexnet_conv1_s4_nopad__32x32__ws__calc"


def wall(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - t0, p


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--specsim", default=os.path.join(ROOT, "build", "specsim"))
    ap.add_argument("--repeat", type=int, default=10)
    a = ap.parse_args()

    ref = next(r for r in csv.DictReader(open(CASES)) if r["case_id"] == ROW)
    times, ours = [], None
    for _ in range(a.repeat):
        t, p = wall([a.specsim, "check-scalesim", CASES, "--row", ROW, "--child"])
        if p.returncode != 0:
            sys.exit(f"bench-systolic: check-scalesim failed: {p.stderr.strip()}")
        ours = int(p.stdout.split()[1])
        times.append(t)
    med = statistics.median(times)
    scalesim_s = float(ref["sim_wall_s"])
    same = ours == int(ref["total_cycles"])
    print(f"AlexNet conv1 32x32 ws (SCALE-Sim CI case): SCALE-Sim {ref['total_cycles']} cycles in {scalesim_s:.1f} s; "
          f"specsim {ours} cycles in {med * 1e3:.1f} ms (median of {a.repeat} processes) = "
          f"{scalesim_s / med:,.0f}x faster, cycles {'identical' if same else 'DIFFERENT'}")

    exp = os.path.join(ROOT, "configs", "experiments", "vgg16_u200_systolic.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        for model in ("simple", "ddr4"):
            t, p = wall([a.specsim, "run", exp, "--timing", "fast", "--quiet", "--profile", "--out",
                         os.path.join(tmp, model), "--set", f"arch.ddr.model={model}"])
            if p.returncode != 0:
                sys.exit(f"bench-systolic: run failed: {p.stderr.strip()}")
            m = re.search(r"simulation ([0-9.]+) s \(([0-9]+) cycles", p.stderr)
            print(f"VGG16 32x32 systolic U200, fast, ddr.model {model}: {t:.2f} s wall, simulation "
                  f"{float(m.group(1)):.2f} s, {int(m.group(2)):,} cycles")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
