#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# specsim regress: a moved figure fails (exit 1) with a table naming case, layer, figure,
# golden, now and the difference; --update rewrites the golden and the next run passes;
# a case whose run fails is reported and fails the regression.
import json
import os
import shutil
import subprocess
import sys
import tempfile

from checks import ROOT, check, finish  # noqa: E402

specsim = sys.argv[1]
root = ROOT


with tempfile.TemporaryDirectory() as tmp:
    cases = os.path.join(tmp, "traces")
    os.makedirs(cases)
    shutil.copytree(os.path.join(root, "traces", "small_layers"), os.path.join(cases, "small_layers"))
    exp = os.path.join(cases, "small_layers", "experiment.yaml")
    text = open(exp).read().replace("../../configs/", os.path.join(root, "configs") + "/")
    open(exp, "w").write(text)
    p = subprocess.run([specsim, "regress", cases], capture_output=True, text=True)
    check(p.returncode == 0 and "matches its golden" in p.stdout, "an unchanged case passes")

    golden_file = os.path.join(cases, "small_layers", "golden.json")
    g = json.load(open(golden_file))
    real = g["c2"]["cycles"]
    g["c2"]["cycles"] = real - 333
    json.dump(g, open(golden_file, "w"), indent=1)
    p = subprocess.run([specsim, "regress", cases], capture_output=True, text=True)
    line = [l for l in p.stdout.splitlines() if l.startswith("small_layers") and " c2 " in l]
    check(p.returncode == 1, "a moved figure fails with exit 1")
    check(len(line) == 1 and "cycles" in line[0] and str(real - 333) in line[0] and str(real) in line[0] and "+333" in line[0],
          "the table names case, layer, figure, golden, now and the difference")

    # Floats (time_ms) compare within the tolerance: 1e-12 relative passes, 1e-6 does not.
    g = json.load(open(golden_file))
    g["c2"]["cycles"] = real
    t = g["c2"]["time_ms"]
    g["c2"]["time_ms"] = t * (1 + 1e-12)
    json.dump(g, open(golden_file, "w"), indent=1)
    p = subprocess.run([specsim, "regress", cases], capture_output=True, text=True)
    check(p.returncode == 0, "a float within the tolerance passes")
    g["c2"]["time_ms"] = t * (1 + 1e-6)
    json.dump(g, open(golden_file, "w"), indent=1)
    p = subprocess.run([specsim, "regress", cases], capture_output=True, text=True)
    check(p.returncode == 1 and "time_ms" in p.stdout, "a float beyond the tolerance fails")
    g["c2"]["cycles"] = real - 333
    json.dump(g, open(golden_file, "w"), indent=1)

    p = subprocess.run([specsim, "regress", cases, "--update"], capture_output=True, text=True)
    check(p.returncode == 0 and "golden rewritten" in p.stdout, "--update rewrites the golden")
    check(json.load(open(golden_file))["c2"]["cycles"] == real, "the rewritten golden holds the new value")
    p = subprocess.run([specsim, "regress", cases], capture_output=True, text=True)
    check(p.returncode == 0, "after --update the case passes")

    open(exp, "w").write(text.replace("seed: 11", "sed: 11"))
    p = subprocess.run([specsim, "regress", cases], capture_output=True, text=True)
    check(p.returncode == 1 and "run failed" in p.stdout and "did you mean 'seed'" in p.stdout,
          "a case that cannot run is reported and fails the regression")
finish()
