#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# `specsim partition`: the Markdown, CSV and JSON reports agree with each other and cover
# every layer once; totals are the sums of the segments; the optimum beats layer-by-layer on
# VGG16 and ResNet-18 by at least 5x in feature-map bytes at the U200's free block memory;
# the capacity sweep is monotone and ends at full reuse; bad input exits 2 with one line.
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

from checks import ROOT, check, finish  # noqa: E402

specsim = sys.argv[1]


def run(*args):
    p = subprocess.run([specsim, "partition", *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def exp(name):
    return os.path.join(ROOT, "configs", "experiments", name + ".yaml")


for name in ("vgg16_u200", "resnet18_u200"):
    rc, out, err = run(exp(name), "--format", "json")
    check(rc == 0, f"{name}: partition --format json runs ({err.strip()})")
    j = json.loads(out)
    schemes = {s["scheme"]: s for s in j["schemes"]}
    check(set(schemes) == {"optimal", "layer", "fixed2", "fixed4"}, f"{name}: four schemes")
    layers = None
    for s in j["schemes"]:
        covered = [l for seg in s["segments"] for l in seg["layers"]]
        layers = layers or covered
        check(covered == layers and len(set(covered)) == len(covered), f"{name} {s['scheme']}: every layer in one segment, in order")
        for k in ("fmap_read_bytes", "fmap_write_bytes"):
            check(sum(seg[k] for seg in s["segments"]) == s[k], f"{name} {s['scheme']}: {k} = sum over segments")
        check(all(seg["fits"] == (seg["closure_bytes"] <= j["capacity_bytes"]) for seg in s["segments"]),
              f"{name} {s['scheme']}: fits = closure <= capacity")
        check(all(seg["fits"] or seg["units"] == 1 for seg in s["segments"]),
              f"{name} {s['scheme']}: a segment over the capacity is a single unit")
        check(max(seg["closure_bytes"] for seg in s["segments"]) == s["max_closure_bytes"], f"{name} {s['scheme']}: max closure")
    o, l = schemes["optimal"], schemes["layer"]
    fo, fl = o["fmap_read_bytes"] + o["fmap_write_bytes"], l["fmap_read_bytes"] + l["fmap_write_bytes"]
    check(fl >= 5 * fo, f"{name}: optimal moves >= 5x fewer feature-map bytes than layer-by-layer ({fl} vs {fo})")
    check(o["filter_bytes"] == l["filter_bytes"] and o["total_bytes"] <= min(s["total_bytes"] for s in j["schemes"]),
          f"{name}: same filters, least total traffic")

    rc, md, err = run(exp(name))
    check(rc == 0 and "| optimal |" in md and f"{len(o['segments'])} |" in md, f"{name}: Markdown report")
    rc, csv_text, err = run(exp(name), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO("\n".join(l for l in csv_text.splitlines() if not l.startswith("#")))))
    opt_rows = [r for r in rows if r["scheme"] == "optimal"]
    check(rc == 0 and len(opt_rows) == len(o["segments"]) and
          sum(int(r["fmap_read_bytes"]) + int(r["fmap_write_bytes"]) for r in opt_rows) == fo,
          f"{name}: CSV agrees with JSON")

# --capacity, the sweep, and -o.
with tempfile.TemporaryDirectory() as tmp:
    rc, out, err = run(exp("vgg16_u200"), "--capacity", "4MB", "--format", "json")
    j = json.loads(out)
    check(rc == 0 and j["capacity_bytes"] == 4_000_000 and "--capacity" in j["capacity_source"], "--capacity 4MB")
    path = os.path.join(tmp, "sweep.csv")
    rc, out, err = run(exp("resnet18_u200"), "--sweep-capacity", "-o", path)
    check(rc == 0 and os.path.exists(path) and not [f for f in os.listdir(tmp) if f != "sweep.csv"], "-o writes one file")
    rows = list(csv.DictReader(io.StringIO("\n".join(l for l in open(path).read().splitlines() if not l.startswith("#")))))
    opt = sorted((int(r["capacity_bytes"]), int(r["fmap_bytes"]), int(r["segments"])) for r in rows if r["scheme"] == "optimal")
    check(opt[0][0] == 256 * 1024 and all(a[1] >= b[1] for a, b in zip(opt, opt[1:])),
          "sweep: optimal traffic never grows with capacity")
    check(opt[-1][2] == 1, "sweep: the last point (the full-reuse capacity) is one segment")

for bad, want in ((["--capacity", "lots"], "capacity 'lots'"), (["--capacity", "-1MB"], "capacity '-1MB'"),
                  (["--set", "run.sed=1"], "did you mean")):
    rc, out, err = run(exp("vgg16_u200"), *bad)
    check(rc == 2 and want in err and len(err.strip().splitlines()) == 1, f"bad input {bad}: exit 2, one line")
finish()
