#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# The persistent schedule cache end to end, with XDG_CACHE_HOME in a temp dir: a cold run
# fills it, a warm run makes no schedule and writes byte-identical results; `cache info`
# and `cache clear`; a corrupted cache file is a warning and a rebuild, never other
# results; --no-cache neither reads nor writes it; run.schedule_cache moves it; concurrent
# runs share it.
import glob
import os
import re
import subprocess
import sys
import tempfile

from checks import ROOT, check, finish  # noqa: E402

specsim = sys.argv[1]
exp = os.path.join(ROOT, "traces", "small_layers", "experiment.yaml")


def run(env, out, *extra):
    p = subprocess.run([specsim, "run", exp, "--quiet", "--profile", "--out", out, *extra], capture_output=True,
                       text=True, env=env)
    m = re.search(r"\((\d+) read schedules made, [^,]*, (\d+) from the cache\)", p.stderr)
    made, cached = (int(m.group(1)), int(m.group(2))) if m else (-1, -1)
    return p.returncode, made, cached, p.stderr


def cli(env, *args):
    p = subprocess.run([specsim, *args], capture_output=True, text=True, env=env)
    return p.returncode, p.stdout, p.stderr


def same_results(a, b):
    return all(open(os.path.join(a, f), "rb").read() == open(os.path.join(b, f), "rb").read()
               for f in ("results.json", "results.csv"))


with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, "xdg"))
    cache = os.path.join(tmp, "xdg", "specsim")
    out = lambda name: os.path.join(tmp, name)  # noqa: E731

    rc, made, cached, err = run(env, out("cold"))
    check(rc == 0 and made > 0 and cached == 0, f"cold run makes its schedules ({made} made, {cached} cached) {err}")
    files = glob.glob(os.path.join(cache, "sched-v*.bin"))
    check(len(files) == 4, f"one cache entry per conv layer under $XDG_CACHE_HOME/specsim ({len(files)})")
    rc, made2, cached2, err = run(env, out("warm"))
    check(rc == 0 and made2 == 0 and cached2 == made, f"warm run makes no schedule ({made2} made, {cached2} cached)")
    check(same_results(out("cold"), out("warm")), "warm results.json and results.csv are byte-identical to cold")
    check("warning" not in err, "a warm run warns about nothing")

    rc, so, _ = cli(env, "cache", "info")
    check(rc == 0 and cache in so and "entries: 4 layer plan(s)" in so and f"holding {made} block" in so
          and "scheduler version:" in so and re.search(r"bytes: [1-9]", so), f"cache info: path, entries, bytes ({so})")

    # Corrupt one entry (a flipped payload byte) and truncate another: warnings, same results.
    data = bytearray(open(files[0], "rb").read())
    data[len(data) // 2] ^= 0x10
    open(files[0], "wb").write(data)
    open(files[1], "r+b").truncate(30)
    rc, made3, cached3, err = run(env, out("corrupt"))
    check(rc == 0 and err.count("warning: cache") == 2 and "ignored and rebuilt" in err,
          f"corrupt and truncated entries are reported ({err.strip()})")
    check(0 < made3 < made and cached3 == made - made3, f"only their layers are rescheduled ({made3} made)")
    check(same_results(out("cold"), out("corrupt")), "results with a corrupted cache are byte-identical")
    rc, made4, _, err = run(env, out("rebuilt"))
    check(rc == 0 and made4 == 0 and "warning" not in err, "the rebuilt entries are hits")

    # --no-cache: neither reads nor writes (a cleared cache stays empty).
    rc, so, _ = cli(env, "cache", "clear")
    check(rc == 0 and "4 entries removed" in so, f"cache clear ({so.strip()})")
    check(not glob.glob(os.path.join(cache, "*.bin")), "cache clear leaves no entry")
    rc, made5, cached5, _ = run(env, out("nocache"), "--no-cache")
    check(rc == 0 and made5 == made and cached5 == 0, "--no-cache makes every schedule")
    check(not glob.glob(os.path.join(cache, "*.bin")), "--no-cache writes no entry")
    check(same_results(out("cold"), out("nocache")), "--no-cache results are byte-identical")
    rc, _, _ = cli(env, "table", exp, "--no-cache", "--format", "csv")
    check(rc == 0 and not glob.glob(os.path.join(cache, "*.bin")), "table --no-cache writes no entry")
    rc, _, _ = cli(env, "table", exp, "--format", "csv")
    check(rc == 0 and len(glob.glob(os.path.join(cache, "*.bin"))) == 4, "table fills the cache")
    rc, made6, _, _ = run(env, out("after_table"))
    check(rc == 0 and made6 == 0, "a run after table finds the table's schedules")

    # run.schedule_cache moves it; cache info --dir reads it there.
    moved = os.path.join(tmp, "moved")
    rc, made7, _, _ = run(env, out("moved"), "--set", f"run.schedule_cache={moved}")
    check(rc == 0 and made7 == made and len(glob.glob(os.path.join(moved, "*.bin"))) == 4,
          "run.schedule_cache moves the cache")
    rc, so, _ = cli(env, "cache", "info", "--dir", moved)
    check(rc == 0 and "entries: 4" in so, "cache info --dir")
    check(not [f for f in os.listdir(moved) if f.endswith(".tmp")], "no temp files left behind")

    # Several processes on one fresh cache at once (as sweep -j and parallel tests do): all
    # succeed without warnings, with the same results, and leave whole entries behind.
    env2 = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, "xdg2"))
    procs = [subprocess.Popen([specsim, "run", exp, "--quiet", "--out", out(f"par{i}")], env=env2,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for i in range(4)]
    errs = [(p.wait(), p.stderr.read()) for p in procs]
    check(all(rc == 0 and "warning" not in e for rc, e in errs), "4 concurrent runs on one cache succeed, no warning")
    check(all(same_results(out("cold"), out(f"par{i}")) for i in range(4)), "concurrent runs give identical results")
    rc, made8, _, err = run(env2, out("after_par"))
    check(rc == 0 and made8 == 0 and "warning" not in err, "their entries are whole: the next run only hits")

finish()
