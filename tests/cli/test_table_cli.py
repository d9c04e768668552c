#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# `specsim table`: the three dataflows simulated together give exactly what three separate
# `specsim run --set run.dataflow=…` give; CSV/markdown/LaTeX carry the same totals, the
# published figures and the provenance; --out writes atomically.
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

from checks import ROOT, check, finish  # noqa: E402

specsim = sys.argv[1]
root = ROOT
exp = os.path.join(root, "traces", "small_layers", "experiment.yaml")


with tempfile.TemporaryDirectory() as tmp:
    # Published figures given by --set-free means: a copy of the experiment with a section.
    text = open(exp).read().replace("../../configs/", os.path.join(root, "configs") + "/")
    text += "published:\n  source: test figures\n  latency: 0.1ms\n  transfer_reduction_percent: 10\n"
    exp2 = os.path.join(tmp, "exp.yaml")
    open(exp2, "w").write(text)

    p = subprocess.run([specsim, "table", exp2, "--format", "csv"], capture_output=True, text=True)
    check(p.returncode == 0, "table --format csv runs")
    lines = p.stdout.splitlines()
    check(lines[0].startswith("# experiment golden_small_layers") and "config " in lines[0] and "git " in lines[0],
          "CSV carries the provenance")
    check("published: test figures" in lines[1], "CSV names the published source")
    body = list(csv.reader(io.StringIO("\n".join(l for l in lines[2:] if l and not l.startswith("#")))))
    head = body[0]
    rows = {r[0]: dict(zip(head, r)) for r in body[1:] if len(r) == len(head)}
    layers = [k for k in rows if k.startswith("c")]
    check(layers == ["c1", "c2", "c3", "c4"], "one row per conv layer that ran")

    # The same experiment run separately under each dataflow.
    totals = {}
    for key, df in (("KR", "kernel_reuse"), ("AR", "activation_reuse"), ("flex", "flexible")):
        out = os.path.join(tmp, df)
        subprocess.run([specsim, "run", exp2, "--quiet", "--out", out, "--set", f"run.dataflow={df}"], check=True,
                       capture_output=True)
        j = json.load(open(os.path.join(out, "results.json")))
        for l in j["layers"]:
            if l["skip_reason"] or l["kind"] != "conv":  # the table's rows are the conv layers
                continue
            r = rows[l["layer"]]
            same = (abs(float(r[f"{key} DDR MB"].replace(",", "")) - l["ddr_total_bytes"] / 1e6) < 0.006 and
                    r[f"{key} block"] == f"{l['block_ns']}x{l['block_ps']}" and
                    abs(float(r[f"{key} ms"].replace(",", "")) - l["time_ms"]) < 0.0006)
            check(same, f"{l['layer']} {df}: table equals a separate run")
            if key == "flex":
                check(int(r["flex compute cycles"].replace(",", "")) == l["compute_cycles"] and
                      int(r["flex bubbles"].replace(",", "")) == l["bubbles"], f"{l['layer']} flexible counters")
        totals[key] = j["totals"]["ddr_total_bytes"]
    kr, ar, fl = totals["KR"], totals["AR"], totals["flex"]
    summary = {r[0]: r for r in body if r and r[0].startswith(("DDR", "latency"))}
    want = f"{(fl - kr) / kr * 100:+.1f} %"
    check(summary["DDR transfers, flexible vs kernel reuse"][1] == want, f"reduction vs kernel reuse {want}")
    check(summary["DDR transfers, flexible vs kernel reuse"][2] == "-10.0 %", "published reduction beside ours")
    check(summary["latency, flexible (ms)"][2] == "0.100", "published latency beside ours")
    check(abs(float(summary["latency, flexible (ms)"][1]) - j["totals"]["conv_time_ms"]) < 0.0006 and
          abs(float(summary["latency, flexible, whole network (ms)"][1]) - j["totals"]["time_ms"]) < 0.0006 and
          j["totals"]["time_ms"] > j["totals"]["conv_time_ms"],
          "the latency row is conv-only; the whole network is a row of its own")

    for fmt, marker in (("md", "| TOTAL |"), ("tex", "\\toprule")):
        p = subprocess.run([specsim, "table", exp2, "--format", fmt], capture_output=True, text=True)
        check(p.returncode == 0 and marker in p.stdout and "test figures" in p.stdout, f"--format {fmt}")
    out = os.path.join(tmp, "t", "table.md")
    p = subprocess.run([specsim, "table", exp, "--out", out], capture_output=True, text=True)
    check(p.returncode == 0 and os.path.exists(out) and "no published figures given" in open(out).read(),
          "--out writes the table; no published section is said so")
    check(not [f for f in os.listdir(os.path.dirname(out)) if ".tmp" in f], "no temporary file left")
# The systolic overlay: OS / WS / IS columns, each equal to a separate run.
sys_exp = os.path.join(root, "traces", "systolic_small", "experiment.yaml")
with tempfile.TemporaryDirectory() as tmp:
    p = subprocess.run([specsim, "table", sys_exp, "--format", "csv"], capture_output=True, text=True)
    check(p.returncode == 0, f"systolic table runs ({p.stderr.strip()})")
    lines = [l for l in p.stdout.splitlines() if l and not l.startswith("#")]
    body = list(csv.reader(io.StringIO("\n".join(lines))))
    head = body[0]
    check(head[:4] == ["layer", "OS alg", "OS DDR MB", "OS ms"] and "IS folds" in head, "systolic table columns")
    rows = {r[0]: dict(zip(head, r)) for r in body[1:] if len(r) == len(head)}
    for key, df in (("OS", "os"), ("WS", "ws"), ("IS", "is")):
        out = os.path.join(tmp, df)
        subprocess.run([specsim, "run", sys_exp, "--quiet", "--out", out, "--set", f"run.dataflow={df}"], check=True,
                       capture_output=True)
        j = json.load(open(os.path.join(out, "results.json")))
        convs = [l for l in j["layers"] if l["kind"] == "conv"]
        same = all(abs(float(rows[l["layer"]][f"{key} DDR MB"].replace(",", "")) - l["ddr_total_bytes"] / 1e6) < 0.006 and
                   abs(float(rows[l["layer"]][f"{key} ms"].replace(",", "")) - l["time_ms"]) < 0.0006 and
                   rows[l["layer"]][f"{key} alg"] == l["algorithm"] for l in convs)
        check(same and len(convs) == len(rows) - 1, f"systolic {df}: table equals a separate run, every conv a row")
p = subprocess.run([specsim, "dataflow", sys_exp], capture_output=True, text=True)
check(p.returncode == 2 and "is a systolic overlay" in p.stderr, "dataflow on a systolic arch: a clear error, exit 2")

# specsim dataflow: the analysis behind the flexible choice, per layer and per block.
p = subprocess.run([specsim, "dataflow", exp], capture_output=True, text=True)
check(p.returncode == 0 and p.stdout.count("feasible blocks") == 4 and p.stdout.count("\nflexible ") == 4,
      "dataflow: each conv layer with its policies' blocks")
p = subprocess.run([specsim, "dataflow", exp, "--layer", "c3"], capture_output=True, text=True)
check(p.returncode == 0 and "every feasible block" in p.stdout, "dataflow --layer lists every block")
p = subprocess.run([specsim, "dataflow", exp, "--layer", "nope"], capture_output=True, text=True)
check(p.returncode == 2 and "no conv layer named 'nope'" in p.stderr, "dataflow: unknown layer is exit 2")
finish()
