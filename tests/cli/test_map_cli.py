#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# `specsim map`: the candidates CSV of GoogLeNet on the public mapper's defaults (columns,
# every node and layout transformation, Inception-3a figures as docs/dynamap.md computes
# them by hand), the mapping file, the simulated mapping run end to end against the
# mapper's prediction, and bad input.
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile

from checks import ROOT, check, finish  # noqa: E402

specsim = sys.argv[1]
exp = os.path.join(ROOT, "configs", "experiments", "googlenet_dynamap.yaml")

with tempfile.TemporaryDirectory() as tmp:
    mfile = os.path.join(tmp, "analytic.yaml")
    p = subprocess.run([specsim, "map", exp, "--cost", "analytic", "--candidates", "--format", "csv", "-o", mfile],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"map --cost analytic --candidates --format csv runs ({p.stderr.strip()})")
    lines = p.stdout.splitlines()
    body = [l for l in lines if not l.startswith("#")]
    check(body[0] == "kind,layer,algorithm,dataflow,cost_ms", "one CSV: kind,layer,algorithm,dataflow,cost_ms")
    rows = list(csv.DictReader(io.StringIO("\n".join(body))))
    kinds = [r["kind"] for r in rows]
    check(set(kinds) == {"node", "edge", "chosen"} and kinds.index("chosen") > max(
        i for i, k in enumerate(kinds) if k != "chosen"), "candidates (node, edge) before the chosen mapping")
    node = {(r["layer"], r["algorithm"], r["dataflow"]): float(r["cost_ms"]) for r in rows if r["kind"] == "node"}
    edge = {(r["layer"], r["algorithm"]): float(r["cost_ms"]) for r in rows if r["kind"] == "edge"}
    chosen = [r for r in rows if r["kind"] == "chosen" and r["algorithm"] != "tensor"]
    joins = [r for r in rows if r["kind"] == "chosen" and r["algorithm"] == "tensor"]
    # GoogLeNet: 57 convs, 37 1x1 (im2col only) and 20 with all three algorithms, two dataflows each.
    check(len(chosen) == 57 and len(node) == (37 + 20 * 3) * 2, f"every conv's candidates ({len(node)} node rows)")
    check(len(joins) == 9 and all(float(r["cost_ms"]) > 0 for r in joins),
          "the nine concats' layout transformations are rows of the mapping")
    check(any(l.startswith("# edge from winograd: ") and ",inception_3a/output,tensor," in l for l in lines),
          "producer-dependent edges (from Winograd) are listed as comments")
    total = sum(float(r["cost_ms"]) for r in rows if r["kind"] == "chosen")
    # docs/dynamap.md, computed by hand from PAPERS.md §5 (ms, 6 decimals as the mapper prints them).
    want = {("inception_3a/3x3", "im2col", "os"): 0.090072, ("inception_3a/3x3", "kn2row", "os"): 0.077760,
            ("inception_3a/3x3", "winograd", "os"): 0.046320, ("inception_3a/3x3", "winograd", "ws"): 0.062960,
            ("inception_3a/5x5", "kn2row", "os"): 0.018000, ("inception_3a/5x5", "winograd", "os"): 0.011333,
            ("inception_3a/1x1", "im2col", "os"): 0.011184, ("inception_3a/1x1", "im2col", "ws"): 0.014304}
    check(all(abs(node[k] - v) < 5e-7 for k, v in want.items()), "Inception-3a node costs as computed by hand")
    check(abs(edge[("inception_3a/3x3", "im2col")] - 0.010584) < 5e-7 and
          abs(edge[("inception_3a/3x3", "winograd")] - 0.004900) < 5e-7 and
          abs(edge[("inception_3a/output", "tensor")] - 0.003136) < 5e-7, "Inception-3a layout transformations by hand")
    check(any("optimal (only exact reductions)" in l and "RN 0" in l for l in lines), "the PBQP result is optimal")
    totals = {m.group(1): float(m.group(2)) for m in (re.match(r"# total (.*): ([0-9.]+) ms", l) for l in lines) if m}
    check(totals["mapped (PBQP)"] <= min(totals["all im2col"], totals["all kn2row"], totals["all winograd"]),
          "the mapping is no worse than any single algorithm")
    check(abs(total - totals["mapped (PBQP)"]) < 1e-4, f"the chosen rows add up to the total ({total:.6f} ms)")
    m = open(mfile).read()
    check(m.count("{layer:") == 57 and "algorithm: winograd2" in m, "the mapping file names every conv layer")

    # Simulated costs, memoised per layer shape; the mapped network run end to end.
    sfile = os.path.join(tmp, "sim.yaml")
    p = subprocess.run([specsim, "map", exp, "--format", "json", "-o", sfile], capture_output=True, text=True)
    check(p.returncode == 0, f"map (--cost sim, the default) runs ({p.stderr.strip()})")
    j = json.loads(p.stdout)
    sim = re.search(r"(\d+) layers simulated", j["params"])
    check(j["cost"] == "sim" and sim and int(sim.group(1)) < 57 * 6 + 85, "sim costs memoised per layer shape")
    predicted = j["totals"]["mapped (PBQP)"]["total_ms"]
    out = os.path.join(tmp, "run")
    p = subprocess.run([specsim, "run", exp, "--quiet", "--out", out, "--set", "run.mapping=" + sfile],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"the mapped network runs ({p.stderr.strip()})")
    r = json.load(open(os.path.join(out, "results.json")))
    ms = r["totals"]["time_ms"]
    check(abs(ms - predicted) <= 0.05 * predicted, f"end to end {ms} ms within 5 % of the mapper's {predicted:.6f} ms")
    mapped = {l["layer"]: l for l in r["layers"]}
    check(all(mapped[x["layer"]]["algorithm"] in ("im2col", "kn2row", "winograd2") for x in j["layers"]) and
          sum(l["layout_cycles"] for l in r["layers"]) > 0, "layers run as mapped, with their layout passes")

    # The spectral engine as a fourth family (what-if): LeNet-5 on the DYNAMAP overlay against
    # LeNet-5 on the ZCU104 spectral overlay (a child run of that experiment).
    lenet = os.path.join(tmp, "lenet_dynamap.yaml")
    open(lenet, "w").write(f"name: lenet_dynamap\narch: {ROOT}/configs/arch/dynamap_default.yaml\n"
                           f"network: {ROOT}/configs/networks/lenet5.yaml\nrun: {{sparsity: {{source: dense}}}}\n")
    spec = os.path.join(ROOT, "configs", "experiments", "lenet5_zcu104.yaml")
    p = subprocess.run([specsim, "map", lenet, "--spectral", spec, "--format", "json", "-o", os.path.join(tmp, "l.yaml")],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"map --spectral runs ({p.stderr.strip()})")
    j = json.loads(p.stdout)
    w = j.get("with_spectral", {})
    check(w and "lenet5_zcu104" in w["source"] and
          w["total_ms"] <= j["totals"]["mapped (PBQP)"]["total_ms"] + 1e-9 and
          {l["layer"] for l in w["layers"]} == {l["layer"] for l in j["layers"]},
          "the fourth family: a mapping over the same convs, no worse than systolic only")
    check("spectral" not in open(os.path.join(tmp, "l.yaml")).read(), "the mapping file stays systolic")
    for extra, want in ((["--cost", "analytic"], "use it with --cost sim"),
                        ([], "is not the mapped network"),
                        ([], "not spectral")):
        other = {"is not the mapped network": os.path.join(ROOT, "configs", "experiments", "vgg16_u200.yaml"),
                 "not spectral": exp}.get(want, spec)
        p = subprocess.run([specsim, "map", lenet, "--spectral", other, *extra, "-o", os.path.join(tmp, "x.yaml")],
                           capture_output=True, text=True)
        check(p.returncode == 2 and want in p.stderr, f"--spectral bad input: {want} ({p.stderr.strip()})")

    # Bad input: map on a spectral experiment.
    p = subprocess.run([specsim, "map", os.path.join(ROOT, "configs", "experiments", "vgg16_u200.yaml"), "-o",
                        os.path.join(tmp, "x.yaml")], capture_output=True, text=True)
    check(p.returncode == 2 and "is a spectral overlay" in p.stderr, "map on a spectral arch: exit 2 with the reason")
finish()
