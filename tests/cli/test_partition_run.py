#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# `specsim run` with run.partition (docs/occam.md): the simulated off-chip bytes of every
# segment that fits equal the partitioning analysis's, feature maps and filters, for LeNet-5
# at several capacities and for ResNet-18 at the U200's free block memory; the optimum moves
# >= 5x fewer feature-map bytes than layer-by-layer and no more bytes in total; a partition
# file written by `specsim partition --format yaml` reproduces run.partition: optimal byte for
# byte; layer-by-layer leaves results as they were; bad partition files exit 2, one line.
import json
import os
import subprocess
import sys
import tempfile

from checks import ROOT, check, finish  # noqa: E402

specsim = sys.argv[1]


def run(exp, out, *sets):
    args = [specsim, "run", exp, "--quiet", "--out", out]
    for s in sets:
        args += ["--set", s]
    p = subprocess.run(args, capture_output=True, text=True)
    return p.returncode, p.stderr


def load(out):
    return json.load(open(os.path.join(out, "results.json")))


def exp(name):
    return os.path.join(ROOT, "configs", "experiments", name + ".yaml")


def fmap(t):
    return t["ddr_input_bytes"] + t["ddr_output_bytes"]


with tempfile.TemporaryDirectory() as tmp:
    lenet = exp("lenet5_zcu104")
    # Capacities from one segment per unit up to full reuse (0.194 MB).
    for cap in ("20kB", "60kB", "120kB", "4MB"):
        out = os.path.join(tmp, "lenet_" + cap)
        rc, err = run(lenet, out, "run.partition=optimal", "run.partition_capacity=" + cap)
        check(rc == 0, f"LeNet-5 partition optimal at {cap} runs ({err.strip()})")
        r = load(out)
        segs = r["segments"]
        check(r["run"]["partition"] == "optimal" and len(segs) >= 1, f"LeNet-5 {cap}: segments reported")
        for s in segs:
            if s["fits"]:
                check(s["sim_fmap_bytes"] == s["analysis_fmap_bytes"] and s["sim_filter_bytes"] == s["analysis_filter_bytes"],
                      f"LeNet-5 {cap} segment {s['first_layer']}..{s['last_layer']}: simulated DDR bytes = analysis "
                      f"({s['sim_fmap_bytes']} / {s['analysis_fmap_bytes']}, {s['sim_filter_bytes']} / {s['analysis_filter_bytes']})")
        ids = [l["segment"] for l in r["layers"]]
        check(ids == sorted(ids) and ids[0] == 0 and ids[-1] == len(segs) - 1, f"LeNet-5 {cap}: a segment id per layer, in order")
        check(sum(s["cycles"] for s in segs) == r["totals"]["cycles"], f"LeNet-5 {cap}: segment cycles add up to the total")
    check(len(load(os.path.join(tmp, "lenet_4MB"))["segments"]) == 1, "LeNet-5 at 4 MB: one segment (full reuse)")
    check(len(load(os.path.join(tmp, "lenet_20kB"))["segments"]) > 1, "LeNet-5 at 20 KB: several segments")

    # A partition file reproduces the optimum.
    pfile = os.path.join(tmp, "lenet_60kB.yaml")
    p = subprocess.run([specsim, "partition", lenet, "--capacity", "60kB", "--format", "yaml", "-o", pfile],
                       capture_output=True, text=True)
    check(p.returncode == 0 and os.path.exists(pfile), "partition --format yaml writes a partition file")
    out = os.path.join(tmp, "lenet_file")
    rc, err = run(lenet, out, "run.partition=" + pfile, "run.partition_capacity=60kB")
    a, b = load(out), load(os.path.join(tmp, "lenet_60kB"))
    check(rc == 0 and a["layers"] == b["layers"] and a["segments"] == b["segments"],
          f"run.partition: FILE equals run.partition: optimal ({err.strip()})")

    # Layer by layer: the default; results equal the run without the key.
    rc1, _ = run(lenet, os.path.join(tmp, "lenet_default"))
    rc2, _ = run(lenet, os.path.join(tmp, "lenet_layer"), "run.partition=layer")
    check(rc1 == 0 and rc2 == 0 and load(os.path.join(tmp, "lenet_default"))["layers"] ==
          load(os.path.join(tmp, "lenet_layer"))["layers"], "run.partition: layer is the default")

    # ResNet-18 at the U200's free block memory: >= 5x fewer feature-map bytes, no more in total.
    res = exp("resnet18_u200")
    rc1, e1 = run(res, os.path.join(tmp, "r_layer"), "run.partition=layer")
    rc2, e2 = run(res, os.path.join(tmp, "r_opt"), "run.partition=optimal")
    check(rc1 == 0 and rc2 == 0, f"ResNet-18 runs under both partitions ({e1.strip()} {e2.strip()})")
    lay, opt = load(os.path.join(tmp, "r_layer")), load(os.path.join(tmp, "r_opt"))
    check(fmap(lay["totals"]) >= 5 * fmap(opt["totals"]),
          f"ResNet-18: optimal moves >= 5x fewer feature-map bytes ({fmap(lay['totals'])} vs {fmap(opt['totals'])})")
    check(opt["totals"]["ddr_total_bytes"] <= lay["totals"]["ddr_total_bytes"], "ResNet-18: no more bytes in total")
    for s in opt["segments"]:
        if s["fits"]:
            check(s["sim_fmap_bytes"] == s["analysis_fmap_bytes"] and s["sim_filter_bytes"] == s["analysis_filter_bytes"],
                  f"ResNet-18 segment {s['first_layer']}..{s['last_layer']}: simulated = analysis")

    # Bad partition files.
    def bad(text, want):
        f = os.path.join(tmp, "bad.yaml")
        open(f, "w").write(text)
        rc, err = run(lenet, os.path.join(tmp, "never"), "run.partition=" + f)
        check(rc == 2 and want in err and len(err.strip().splitlines()) == 1, f"bad partition file: {want!r} ({err.strip()})")
        check(not os.path.exists(os.path.join(tmp, "never")), "nothing written for a bad partition file")
    bad("partition:\n  segments:\n    - {first: c1, last: s2_act}\n    - {first: c3x, last: output}\n", "did you mean 'c3'")
    bad("partition:\n  segments:\n    - {first: c1, last: s2_act}\n", "are in no segment")
    bad("partition:\n  segments:\n    - {first: c1, last: c1_act}\n    - {first: s2, last: output}\n", "starts inside the unit")
    bad("partition:\n  segments:\n    - {first: c1, last: s2_act}\n    - {first: c5, last: output}\n", "should start at layer 'c3'")
    bad("partition:\n  segmnts: []\n", "is 'segmnts' meant to be 'segments'")
    rc, err = run(lenet, os.path.join(tmp, "never"), "run.partition=optimla")
    check(rc == 2 and "did you mean 'optimal'" in err, "run.partition typo: did you mean")
finish()
