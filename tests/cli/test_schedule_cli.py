#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# `specsim schedule`: every algorithm on the golden small layers; --check validates the
# offline schedules; exact is never worse than greedy and never below its proven bound;
# the online arbiter with window 1 is the in-order reader.
import os
import subprocess
import sys

from checks import ROOT, check, finish  # noqa: E402

specsim = sys.argv[1]
root = ROOT
exp = os.path.join(root, "traces", "small_layers", "experiment.yaml")


def totals(*extra):
    p = subprocess.run([specsim, "schedule", exp, *extra], capture_output=True, text=True)
    row = next(line for line in p.stdout.splitlines() if line.startswith("TOTAL")).split()
    # TOTAL blocks T/block bound gap bubbles slot_eff conflicts unproven seconds
    return p.returncode, p.stdout, {"blocks": int(row[1]), "T": float(row[2]), "bound": float(row[3]),
                                    "conflicts": int(row[7]), "unproven": int(row[8])}


rc, out, greedy = totals("--algorithm", "greedy", "--check")
check(rc == 0 and "290 schedules, 0 violation(s)" in out, "greedy: every schedule passes the checker")
rc, out, exact = totals("--algorithm", "exact", "--conflicts", "1000", "--check")
check(rc == 0 and "0 violation(s)" in out, "exact: every schedule passes the checker")
check(exact["T"] <= greedy["T"], f"exact T/block {exact['T']} <= greedy {greedy['T']}")
check(exact["bound"] >= greedy["bound"] and exact["bound"] <= exact["T"],
      "exact proves a bound at least the simple one and at most its T")
rc, _, in_order = totals("--algorithm", "in_order")
rc1, _, online1 = totals("--algorithm", "online", "--window", "1")
rc4, _, online4 = totals("--algorithm", "online", "--window", "4")
check(in_order["T"] >= greedy["T"] and in_order["conflicts"] > 0, "in-order reader: more cycles, read conflicts")
check(online1["T"] == in_order["T"] and online1["conflicts"] == in_order["conflicts"], "online window 1 = in order")
check(online4["T"] < in_order["T"], "online window 4 beats in order")
p = subprocess.run([specsim, "schedule", exp, "--algorithm", "greedyy"], capture_output=True, text=True)
check(p.returncode != 0, "unknown algorithm rejected")
finish()
