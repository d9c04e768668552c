#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# `specsim run` end to end: the two timing modes give identical results on every test
# experiment; result files are complete and deterministic; skipped layers are listed; bad
# input exits 2 and leaves nothing half-written.
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

from checks import ROOT, check, finish  # noqa: E402

specsim = sys.argv[1]
root = ROOT


def run(exp, out, *extra):
    p = subprocess.run([specsim, "run", exp, "--quiet", "--out", out, *extra], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


cases = [os.path.join(root, "traces", c, "experiment.yaml") for c in sorted(os.listdir(os.path.join(root, "traces")))
         if os.path.isfile(os.path.join(root, "traces", c, "experiment.yaml"))]
cases.append(os.path.join(root, "tests", "data", "oracle_dense.yaml"))

with tempfile.TemporaryDirectory() as tmp:
    for exp in cases:
        name = os.path.basename(os.path.dirname(exp)) if exp.endswith("experiment.yaml") else os.path.basename(exp)
        res = {}
        for mode in ("cycle", "fast"):
            out = os.path.join(tmp, name + "_" + mode)
            rc, _, err = run(exp, out, "--timing", mode)
            check(rc == 0, f"{name} --timing {mode} runs ({err.strip()})")
            res[mode] = json.load(open(os.path.join(out, "results.json")))
            res[mode]["run"].pop("timing")
        check(res["cycle"] == res["fast"], f"{name}: cycle and fast timing give identical statistics")
        layers = res["fast"]["layers"]
        ran = [l for l in layers if not l["skip_reason"]]
        # Systolic layers fused into their producer's output path, or a concat, take no time.
        # (systolic work: gemm | post; spectral: conv | pass | fc; both: fused | layout take none)
        timed = [l for l in ran if l.get("work", "gemm") in ("gemm", "post", "conv", "pass", "fc")]
        check(timed and all(l["cycles"] > 0 for l in timed), f"{name}: every layer that runs takes time")
        if "work" in layers[0]:
            check(all(l["cycles"] == 0 and l["ddr_total_bytes"] == 0 for l in ran if l["work"] in ("fused", "layout")),
                  f"{name}: fused and layout layers take no time and move nothing")
        if "in_order" in name:
            check(sum(l["read_conflicts"] for l in ran) > 0, f"{name}: the in-order reader has read conflicts")
        # ddr4 (the resolved config says which model ran): per-bank counts add up to the
        # layer's DRAM figures, and the TOTAL's banks to the sum over layers.
        resolved = open(os.path.join(tmp, name + "_fast", "config.resolved.yaml")).read()
        if re.search(r"^\s+model:\s*ddr4\b", resolved, re.M):
            moving = [l for l in ran if l["ddr_total_bytes"] > 0]
            ok = all("ddr_banks" in l for l in moving)
            for l in moving:
                banks = l.get("ddr_banks", [])
                ok = ok and sum(b["reads"] + b["writes"] for b in banks) == l["ddr_column_cmds"]
                ok = ok and sum(b["acts"] for b in banks) == l["ddr_acts"]
                ok = ok and sum(b["row_hits"] for b in banks) == l["ddr_row_hits"]
                ok = ok and sum(b["reads"] for b in banks) == l["ddr_read_bursts"]
            tot = res["fast"]["totals"].get("ddr_banks", [])
            ok = ok and [t["reads"] for t in tot] == [sum(l["ddr_banks"][i]["reads"] for l in moving) for i in range(len(tot))]
            check(ok and tot, f"{name}: per-bank DRAM counts add up per layer and in total")

    # Result files: CSV has a row per layer plus TOTAL, JSON matches it; reruns are identical.
    exp = os.path.join(root, "traces", "small_layers", "experiment.yaml")
    a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
    run(exp, a)
    run(exp, b)
    for f in ("results.json", "results.csv", "config.resolved.yaml"):
        check(open(os.path.join(a, f)).read() == open(os.path.join(b, f)).read(), f"rerun gives an identical {f}")
    rows = list(csv.DictReader(open(os.path.join(a, "results.csv"))))
    j = json.load(open(os.path.join(a, "results.json")))
    check(len(rows) == len(j["layers"]) + 1 and rows[-1]["layer"] == "TOTAL", "CSV: one row per layer and a TOTAL row")
    check(j["totals"]["layers_skipped"] == 0 and all(not r["skip_reason"] for r in rows) and
          j["totals"]["time_ms"] > j["totals"]["conv_time_ms"] > 0,
          "whole-network latency: no layer skipped; conv-only and whole-network totals")
    # A conv the engine cannot run (an 11x11 kernel on K = 8) is still listed with its reason.
    big = os.path.join(tmp, "big.yaml")
    open(big, "w").write(open(exp).read().replace("../../configs/", os.path.join(root, "configs") + "/")
                         .replace("{name: c4, type: conv, out_channels: 16, kernel: 1}",
                                  "{name: c4, type: conv, out_channels: 16, kernel: 11, pad: 5}"))
    rc, _, err = run(big, os.path.join(tmp, "big"))
    bj = json.load(open(os.path.join(tmp, "big", "results.json")))
    check(rc == 0 and [l["skip_reason"] for l in bj["layers"] if l["layer"] == "c4"] ==
          ["kernel 11x11 larger than FFT size 8"] and bj["totals"]["layers_skipped"] == 1,
          "a conv the engine cannot run is listed with its reason")
    check(not [f for f in os.listdir(a) if ".tmp" in f], "no temporary files left behind")

    # The table names every layer and says where results went.
    p = subprocess.run([specsim, "run", exp, "--out", a], capture_output=True, text=True)
    check(p.returncode == 0 and "TOTAL" in p.stdout and "results.json" in p.stdout and "fc" in p.stdout,
          "run prints the per-layer table and the results path")

    # Bad input: exit 2, one line, no results directory created.
    bad = os.path.join(tmp, "bad.yaml")
    text = open(exp).read().replace("seed: 11", "sed: 11")
    text = text.replace("../../configs/", os.path.join(root, "configs") + "/")  # bad.yaml lives in tmp
    open(bad, "w").write(text)
    out = os.path.join(tmp, "never")
    rc, _, err = run(bad, out)
    check(rc == 2 and "did you mean 'seed'" in err and len(err.strip().splitlines()) == 1, "bad experiment exits 2")
    check(not os.path.exists(out), "nothing written for a bad experiment")

    # A design that does not fit its device: infeasible with the reason, nothing written.
    vgg = os.path.join(root, "configs", "experiments", "vgg16_u200.yaml")
    rc, _, err = run(vgg, out, "--set", "arch.overlay.kernels_parallel=256")
    check(rc == 2 and "does not fit" in err and "DSP 9792 > 6840" in err, "infeasible design is reported with its reason")
    check(not os.path.exists(out), "nothing written for an infeasible design")

    # run.mapping: per-layer algorithm and dataflow on the systolic overlay; the mapped layers
    # run as mapped, the others with run.algorithm / run.dataflow; each equals a run of the
    # whole network with that layer's choice.
    sys_dir = os.path.join(root, "traces", "systolic_small")
    mapping = os.path.join(tmp, "map.yaml")
    open(mapping, "w").write("mapping:\n  network: systolic_small\n  layers:\n"
                             "    - {layer: c4, algorithm: winograd2, dataflow: ws}\n"
                             "    - {layer: b1, algorithm: kn2row, dataflow: is}\n")
    mexp = os.path.join(tmp, "mapped.yaml")
    open(mexp, "w").write(open(os.path.join(sys_dir, "experiment.yaml")).read()
                          .replace("arch: arch.yaml", "arch: " + os.path.join(sys_dir, "arch.yaml"))
                          + "  mapping: map.yaml\n")
    rc, _, err = run(mexp, os.path.join(tmp, "mapped"))
    check(rc == 0, f"a mapped run works ({err.strip()})")
    layers = {l["layer"]: l for l in json.load(open(os.path.join(tmp, "mapped", "results.json")))["layers"]}
    check((layers["c4"]["algorithm"], layers["c4"]["dataflow"]) == ("winograd2", "ws") and
          (layers["b1"]["algorithm"], layers["b1"]["dataflow"]) == ("kn2row", "is") and
          (layers["c1"]["algorithm"], layers["c1"]["dataflow"]) == ("im2col", "os"),
          "mapped layers run as mapped, the others as run.algorithm / run.dataflow")
    for name, alg, df in (("c4", "winograd2", "ws"), ("b1", "kn2row", "is")):
        o = os.path.join(tmp, "whole_" + name)
        rc, _, err = run(os.path.join(sys_dir, "experiment.yaml"), o, "--set", f"run.algorithm={alg}",
                         "--set", f"run.dataflow={df}")
        whole = {l["layer"]: l for l in json.load(open(os.path.join(o, "results.json")))["layers"]}
        check(rc == 0 and whole[name]["cycles"] == layers[name]["cycles"] and
              whole[name]["ddr_total_bytes"] == layers[name]["ddr_total_bytes"],
              f"{name} mapped to {alg}/{df} equals the whole network run that way")
    for text, want in (("{layer: c44, algorithm: kn2row, dataflow: os}", "layer 'c44' is not in the network; did you mean 'c4'?"),
                       ("{layer: c4, algorithm: kn2rw, dataflow: os}", "did you mean 'kn2row'?"),
                       ("{layer: p1, algorithm: im2col, dataflow: ws}", "layer 'p1' is a maxpool layer; a mapping names conv and fc layers"),
                       ("{layer: c4, algorithm: kn2row, dataflow: os}\n    - {layer: c4, algorithm: im2col, dataflow: os}",
                        "layer 'c4' is mapped twice")):
        open(mapping, "w").write("mapping:\n  layers:\n    - " + text + "\n")
        rc, _, err = run(mexp, os.path.join(tmp, "never2"))
        check(rc == 2 and want in err and "map.yaml:" in err and len(err.strip().splitlines()) == 1,
              f"bad mapping: {want} ({err.strip()})")
    # Layout transformations (arch.overlay.layout_transforms: explicit): an im2col conv first
    # reads its input tensor and writes the expanded matrix; the extra DDR bytes equal that
    # by hand, cycle and fast timing agree, kn2row layers have no pass.
    plain = {l["layer"]: l for l in json.load(open(os.path.join(tmp, "mapped", "results.json")))["layers"]}
    open(mapping, "w").write("mapping:\n  layers:\n    - {layer: c4, algorithm: winograd2, dataflow: ws}\n"
                             "    - {layer: b1, algorithm: kn2row, dataflow: is}\n")
    res = {}
    for mode in ("cycle", "fast"):
        o = os.path.join(tmp, "layout_" + mode)
        rc, _, err = run(mexp, o, "--set", "arch.overlay.layout_transforms=explicit", "--timing", mode)
        check(rc == 0, f"layout transforms run, {mode} ({err.strip()})")
        res[mode] = json.load(open(os.path.join(o, "results.json")))
        res[mode]["run"].pop("timing")
    check(res["cycle"] == res["fast"], "layout transforms: cycle and fast timing agree")
    lay = {l["layer"]: l for l in res["fast"]["layers"]}
    # c1: 3x23x19 input, 3x3 pad 1 -> 23x19; A = 437 x 27 words; 2-byte words.
    check(lay["c1"]["ddr_input_bytes"] - plain["c1"]["ddr_input_bytes"] == 3 * 23 * 19 * 2 and
          lay["c1"]["ddr_output_bytes"] - plain["c1"]["ddr_output_bytes"] == 437 * 27 * 2 and
          lay["c1"]["layout_cycles"] > 0 and lay["c1"]["cycles"] > plain["c1"]["cycles"],
          "im2col layer: the layout pass moves the input tensor and the expanded matrix")
    check(lay["b1"]["layout_cycles"] == 0 and lay["b1"]["cycles"] == plain["b1"]["cycles"],
          "kn2row layer: no layout pass")

    rc, _, err = run(exp, os.path.join(tmp, "never3"), "--set", "run.mapping=map.yaml")
    check(rc == 2 and "no per-layer algorithm mapping" in err, "run.mapping on the spectral overlay is an error")

finish()
