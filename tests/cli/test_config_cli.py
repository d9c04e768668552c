#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# End-to-end checks of check-config / dump-config as a user meets them: exit codes, the
# one-line `file:line:col: key.path: message` errors, and dump → check round trips.
import glob
import os
import re
import subprocess
import sys
import tempfile

specsim = sys.argv[1]
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = 0


def run(*args):
    p = subprocess.run([specsim, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what)
    else:
        print("ok:", what)


def one_line_error(rc, err, pattern, what):
    lines = err.strip().splitlines()
    check(rc == 2 and len(lines) == 1 and re.fullmatch(pattern, lines[0]) is not None,
          f"{what}: rc={rc} stderr={err.strip()!r}")


with tempfile.TemporaryDirectory() as tmp:
    arch = open(os.path.join(root, "configs/arch/u200_spectral.yaml")).read()

    # Misspelled key: file:line:col, key path, suggestion, exit 2.
    bad = os.path.join(tmp, "bad.yaml")
    lines = arch.splitlines(keepends=True)
    idx = next(i for i, l in enumerate(lines) if l.startswith("  replicas:"))
    lines[idx] = lines[idx].replace("replicas", "replicass")
    open(bad, "w").write("".join(lines))
    rc, out, err = run("check-config", bad)
    one_line_error(rc, err, re.escape(f"specsim: {bad}:{idx + 1}:3: arch.overlay.replicass: unknown key; "
                                      "did you mean 'replicas'?"), "misspelled key")

    # Missing file: exit 2 with its path.
    missing = os.path.join(tmp, "nope.yaml")
    rc, out, err = run("check-config", missing)
    one_line_error(rc, err, re.escape(f"specsim: {missing}: cannot open: no such file"), "missing file")

    # A unit that does not parse, a negative count, a YAML syntax error: each names the
    # line of the offending value.
    def line_of(text, needle):
        return next(i + 1 for i, l in enumerate(text.splitlines()) if needle in l)

    for old, new, tail, what in [
        ("clock: 200MHz", "clock: 200MHZ", ":8: arch.clock: unknown frequency unit 'MHZ' in '200MHZ'", "bad unit"),
        ("dsp: 6840", "dsp: -5", ":8: arch.device.dsp: must not be negative, got -5", "negative count"),
        ("name: u200_spectral", "name: [u200", ":", "syntax error"),
    ]:
        text = arch.replace(old, new, 1)
        f = os.path.join(tmp, "case.yaml")
        open(f, "w").write(text)
        rc, out, err = run("check-config", f)
        if what == "syntax error":
            pattern = re.escape(f"specsim: {f}:") + r"\d+:\d+: YAML syntax error: .+"
        else:
            pattern = re.escape(f"specsim: {f}:{line_of(text, new)}{tail}") + ".*"
        one_line_error(rc, err, pattern, what)

    # Every shipped config checks.
    for f in sorted(glob.glob(os.path.join(root, "configs/*/*.yaml"))):
        if "/sweeps/" in f:
            continue
        rc, out, err = run("check-config", f)
        check(rc == 0 and out.startswith("ok: "), f"check-config {os.path.relpath(f, root)}")

    # dump-config → check-config → dump-config is a fixed point (everything resolved).
    exp = os.path.join(root, "configs/experiments/vgg16_u200.yaml")
    rc, dump1, err = run("dump-config", exp)
    check(rc == 0 and "kernels_parallel: 64" in dump1 and "lowfreq" in dump1, "dump-config fills defaults")
    f = os.path.join(tmp, "resolved.yaml")
    open(f, "w").write(dump1)
    rc, dump2, err = run("dump-config", f)
    strip = lambda s: "\n".join(l for l in s.splitlines() if not l.startswith("#"))
    check(rc == 0 and strip(dump1) == strip(dump2), "resolved config re-loads to itself")

    # Overrides reach the parsed params and are checked like file values.
    rc, out, err = run("check-config", exp, "--set", "arch.overlay.replicas=4")
    check(rc == 0 and "r=4" in out, "--set override")
    rc, out, err = run("check-config", exp, "--set", "arch.overlay.replicaz=4")
    check(rc == 2 and "did you mean 'replicas'" in err, "--set typo is an error")
    rc, out, err = run("check-config", exp, "--set", "arch.overlay.replicas=0")
    check(rc == 2 and err.strip().endswith("--set arch.overlay.replicas=0: arch.overlay.replicas: must be at least 1"),
          "a bad --set value is reported at the override, not at a file position")
    rc, out, err = run("check-config", exp, "--set", "arch.ddr.preset=ddr4-2400-x9")
    check(rc == 2 and "arch.ddr.preset: no preset 'ddr4-2400-x9'; did you mean" in err,
          "an unknown DDR4 preset is caught by check-config, with a did-you-mean")
    rc, out, err = run("check-config", f, "--set", "arch.ddr.preset=ddr4-3200-x8")
    check(rc == 0, "a preset name resolves from a config outside configs/ (the shipped presets)")

    # ddr.model and ddr.ports are read once into enums: an unknown value is a located error
    # with a suggestion; every model checks.
    text = arch.replace("model: ddr4 ", "model: ddr5 ", 1)
    f = os.path.join(tmp, "model.yaml")
    open(f, "w").write(text)
    rc, out, err = run("check-config", f)
    one_line_error(rc, err, re.escape(f"specsim: {f}:{line_of(text, 'model: ddr5')}:10: arch.ddr.model: 'ddr5' is not "
                                      "one of simple, ddr4, ideal; did you mean 'ddr4'?"), "unknown ddr.model")
    for model in ("simple", "ddr4", "ideal"):
        rc, out, err = run("check-config", exp, "--set", f"arch.ddr.model={model}", "--set", "arch.ddr.ports=per_kind")
        check(rc == 0, f"ddr.model {model} with ports per_kind checks")
    rc, out, err = run("check-config", exp, "--set", "arch.ddr.ports=perkind")
    check(rc == 2 and "arch.ddr.ports: 'perkind' is not one of shared, per_kind; did you mean 'per_kind'?" in err,
          "an unknown ddr.ports value is an error with a did-you-mean")

# run-level choices belong to the overlay: run.algorithm is the systolic overlay's.
rc, out, err = run("check-config", os.path.join(root, "configs/experiments/vgg16_u200.yaml"), "--set",
                   "run.algorithm=kn2row")
one_line_error(rc, err, r".*run\.algorithm: the spectral overlay has no conv algorithm choice.*",
               "run.algorithm on a spectral experiment is an error")
rc, out, err = run("check-config", os.path.join(root, "configs/experiments/vgg16_u200_systolic.yaml"), "--set",
                   "run.algorithm=kn2rw")
one_line_error(rc, err, r".*run\.algorithm: 'kn2rw' is not one of im2col, kn2row, winograd2, winograd4; did you mean 'kn2row'\?",
               "a misspelled run.algorithm has a did-you-mean")

# A design beyond its device is refused by check-config as by run, per overlay.
for exp, sets, why in (
        ("configs/experiments/vgg16_u200_systolic.yaml", ["arch.overlay.rows=200", "arch.overlay.cols=200"],
         "DSP 40000 > 6840 available"),
        ("configs/experiments/vgg16_u200.yaml", ["arch.overlay.kernels_parallel=1024"], "DSP")):
    args = ["check-config", os.path.join(root, exp)]
    for kv in sets:
        args += ["--set", kv]
    rc, out, err = run(*args)
    one_line_error(rc, err, r"specsim: design '.*' does not fit Alveo U200 \(xcu200\): .*" + re.escape(why) + ".*",
                   f"{os.path.basename(exp)}: check-config refuses a design that does not fit")

# docs/config-reference.md is generated from the code; it must match what the code says now.
files = [f for pat in ("experiments", "arch", "networks", "sweeps", "dram")
         for f in sorted(glob.glob(os.path.join(root, "configs", pat, "*.yaml")))]
rc, out, err = run("config-reference", *files)
doc = open(os.path.join(root, "docs/config-reference.md")).read()
check(rc == 0 and out and doc.endswith(out),
      "docs/config-reference.md is current (else run tools/gen-config-reference.sh)")

sys.exit(1 if failures else 0)
