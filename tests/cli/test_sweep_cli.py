#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# specsim sweep end to end: grid with a constraint and failing points, resume after kill -9
# losing nothing, merge (one row per point, every axis and figure, Pareto flag), shards
# that merge to the same result, byte-identical reruns, Slurm scripts, bad input.
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from checks import ROOT, check, finish  # noqa: E402

specsim = os.path.abspath(sys.argv[1])
root = ROOT
sweep = os.path.join(root, "tests", "data", "sweep_small.yaml")


def run(*args, **kw):
    return subprocess.run([specsim, *args], capture_output=True, text=True, **kw)


def points(d):
    p = os.path.join(d, "points")
    return sorted(f for f in os.listdir(p) if f.endswith(".json")) if os.path.isdir(p) else []


with tempfile.TemporaryDirectory() as tmp:
    full = os.path.join(tmp, "full")
    p = run("sweep", sweep, "-j", "2", "--out", full)
    check(p.returncode == 0 and "8 points done, 3 failed" in p.stderr, "sweep runs 8 points, 3 of them fail")
    check(len(points(full)) == 8, "one result file per point")
    check(not os.listdir(os.path.join(full, "work")), "no work directories left")
    recs = [json.load(open(os.path.join(full, "points", f))) for f in points(full)]
    bad = [r for r in recs if r["status"] == "error"]
    check(len(bad) == 3 and all("does not fit" in r["error"] for r in bad), "failed points record their error")
    check(all(int(r["settings"]["arch.overlay.replicas"]) <= int(r["settings"]["arch.overlay.kernels_parallel"]) / 4
              for r in recs), "the constraint pruned points")

    p = run("sweep", sweep, "--out", full)
    check(p.returncode == 0 and "8 done already, 0 to run" in p.stderr, "a rerun skips finished points")

    p = run("sweep", "merge", full)
    check(p.returncode == 0 and "merged 8 points (5 ok, 3 failed" in p.stdout, "merge reports the counts")
    rows = list(csv.DictReader(open(os.path.join(full, "merged.csv"))))
    check(len(rows) == 8 and [int(r["index"]) for r in rows] == list(range(8)), "merged.csv: one row per point, in order")
    check("arch.overlay.kernels_parallel" in rows[0] and "time_ms" in rows[0] and "run.dsp_used [DSP slices]" in rows[0],
          "merged.csv: axis and figure columns with units")
    ok = [r for r in rows if r["status"] == "ok"]
    # Pareto: no ok point dominates a front point.
    def dominated(a):
        return any(float(b["time_ms"]) <= float(a["time_ms"]) and float(b["run.dsp_used [DSP slices]"]) <= float(a["run.dsp_used [DSP slices]"])
                   and float(b["run.bram36_used [BRAM36 blocks]"]) <= float(a["run.bram36_used [BRAM36 blocks]"]) and
                   (float(b["time_ms"]), float(b["run.dsp_used [DSP slices]"]), float(b["run.bram36_used [BRAM36 blocks]"])) !=
                   (float(a["time_ms"]), float(a["run.dsp_used [DSP slices]"]), float(a["run.bram36_used [BRAM36 blocks]"]))
                   for b in ok)
    check(all((r["pareto"] == "1") == (not dominated(r)) for r in ok), "Pareto flags match a brute-force check")
    p = subprocess.run(["/usr/bin/python3", os.path.join(root, "tools", "plot-sweep.py"), full], capture_output=True, text=True)
    png = os.path.join(full, "pareto.png")
    check(p.returncode == 0 and os.path.exists(png) and open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n",
          "tools/plot-sweep.py draws the Pareto plot")
    m = json.load(open(os.path.join(full, "merged.json")))
    check(m["points"] == 8 and len(m["rows"]) == 8, "merged.json has every point")

    # Determinism: a second sweep into another directory gives byte-identical point files.
    again = os.path.join(tmp, "again")
    run("sweep", sweep, "-j", "1", "--out", again)
    same = all(open(os.path.join(full, "points", f), "rb").read() == open(os.path.join(again, "points", f), "rb").read()
               for f in points(full))
    check(points(full) == points(again) and same, "rerun in a fresh directory: byte-identical point files")

    # Shards: disjoint, and merged together equal the full sweep.
    s0, s1 = os.path.join(tmp, "s0"), os.path.join(tmp, "s1")
    run("sweep", sweep, "--shard", "0/2", "--out", s0)
    run("sweep", sweep, "--shard", "1/2", "--out", s1)
    check(not set(points(s0)) & set(points(s1)) and sorted(points(s0) + points(s1)) == points(full),
          "shards are disjoint and cover the sweep")
    p = run("sweep", "merge", s0, s1, "--out", s0)
    check(p.returncode == 0 and open(os.path.join(s0, "merged.csv")).read() == open(os.path.join(full, "merged.csv")).read(),
          "merged shards equal the merged full sweep")

    # kill -9 in the middle (of a sweep with slower points), then resume: nothing lost,
    # nothing half-written, the same results as without the kill.
    slow = os.path.join(root, "tests", "data", "sweep_kill.yaml")
    ref = os.path.join(tmp, "slow_ref")
    run("sweep", slow, "-j", "2", "--out", ref)
    killed = os.path.join(tmp, "killed")
    proc = subprocess.Popen([specsim, "sweep", slow, "-j", "1", "--out", killed], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(points(killed)) < 2:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    n_before = len(points(killed))
    check(2 <= n_before < 6, f"killed mid-sweep with {n_before} of 6 points done")
    check(all(json.load(open(os.path.join(killed, "points", f)))["hash"] + ".json" == f for f in points(killed)),
          "every point file present after the kill is complete")
    p = run("sweep", slow, "--out", killed)
    check(p.returncode == 0 and f"{n_before} done already, {6 - n_before} to run" in p.stderr, "resume runs only the rest")
    check(len(points(ref)) == 6 and points(killed) == points(ref) and all(
        open(os.path.join(ref, "points", f), "rb").read() == open(os.path.join(killed, "points", f), "rb").read()
        for f in points(ref)), "after resuming: the same results as an uninterrupted sweep")

    # Slurm scripts.
    p = run("sweep", sweep, "--emit-slurm", "3", "--out", os.path.join(tmp, "slurm"))
    d = os.path.join(tmp, "slurm", "slurm")
    arr = open(os.path.join(d, "array.sbatch")).read() if os.path.exists(os.path.join(d, "array.sbatch")) else ""
    check(p.returncode == 0 and "#SBATCH --array=0-2" in arr and '--shard "$SLURM_ARRAY_TASK_ID/3"' in arr,
          "--emit-slurm writes an array of 3 shards")
    check(all(subprocess.run(["bash", "-n", os.path.join(d, f)]).returncode == 0 for f in ("array.sbatch", "merge.sbatch", "submit.sh")),
          "the Slurm scripts parse")

    # Bad input: a constraint that does not parse, an axis key that does not exist.
    bad = os.path.join(tmp, "bad.yaml")
    open(bad, "w").write(open(sweep).read().replace("../../configs/", os.path.join(root, "configs") + "/")
                         .replace("<= arch.overlay.kernels_parallel / 4", "<= (arch.overlay.kernels_parallel"))
    p = run("sweep", bad, "--out", os.path.join(tmp, "bad"))
    check(p.returncode == 2 and "bad.yaml:" in p.stderr and "missing ')'" in p.stderr, "bad constraint: file:line:col, exit 2")
    open(bad, "w").write(open(sweep).read().replace("../../configs/", os.path.join(root, "configs") + "/")
                         .replace("arch.overlay.replicas: [2, 4, 8]", "arch.overlay.replicass: [2, 4, 8]")
                         .replace("arch.overlay.replicas <=", "arch.overlay.replicass <="))
    p = run("sweep", bad, "--out", os.path.join(tmp, "bad2"))
    check(p.returncode == 2 and "replicass" in p.stderr and "did you mean 'replicas'" in p.stderr,
          "misspelled axis key: did-you-mean, exit 2")
    # A value that does not even load is a failed point, not a failed sweep.
    vals = os.path.join(tmp, "vals.yaml")
    open(vals, "w").write(f"name: vals\nbase: {os.path.join(root, 'configs', 'experiments', 'lenet5_zcu104.yaml')}\n"
                          "axes:\n  arch.overlay.replicas: [4, 0, abc]\n")
    p = run("sweep", vals, "--out", os.path.join(tmp, "vals"))
    recs = [json.load(open(os.path.join(tmp, "vals", "points", f))) for f in points(os.path.join(tmp, "vals"))]
    check(p.returncode == 0 and len(recs) == 3 and sum(r["status"] == "ok" for r in recs) == 1 and
          any("must be at least 1" in r["error"] for r in recs), "bad axis values are recorded as failed points")
    # The point key does not depend on how the sweep file's path is spelled.
    rel = os.path.relpath(sweep, os.path.join(root, "configs"))
    p = subprocess.run([specsim, "sweep", rel, "--out", full], capture_output=True, text=True, cwd=os.path.join(root, "configs"))
    check(p.returncode == 0 and "8 done already, 0 to run" in p.stderr, "resuming from another directory finds the points")
finish()
