# SPDX-License-Identifier: MIT
# End-to-end test of `specsim conv`: random float32/float64 cases made with numpy, both
# methods, compared with an independent numpy direct convolution; error exits (code 2).
import os
import subprocess
import sys
import tempfile

import numpy as np

SPECSIM = sys.argv[1]


def ref_conv(x, w, b, stride, pads):
    """Direct cross-correlation (PyTorch/ONNX Conv) in float64; pads = top, left, bottom, right."""
    x = x.astype(np.float64)
    w = w.astype(np.float64)
    sh, sw = stride
    t, l, bo, r = pads
    xp = np.pad(x, ((0, 0), (0, 0), (t, bo), (l, r)))
    n, c, hp, wp = xp.shape
    o, _, kh, kw = w.shape
    ho = (hp - kh) // sh + 1
    wo = (wp - kw) // sw + 1
    y = np.zeros((n, o, ho, wo))
    for a in range(kh):
        for bb in range(kw):
            patch = xp[:, :, a:a + sh * (ho - 1) + 1:sh, bb:bb + sw * (wo - 1) + 1:sw]
            y += np.einsum("nchw,oc->nohw", patch, w[:, :, a, bb])
    if b is not None:
        y += b.astype(np.float64)[None, :, None, None]
    return y


def run(args):
    return subprocess.run([SPECSIM, "conv"] + args, capture_output=True, text=True)


failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


rng = np.random.default_rng(20240611)
with tempfile.TemporaryDirectory() as tmp:
    def path(name):
        return os.path.join(tmp, name)

    cases = [
        # dtype, x shape, w shape, stride arg, stride, pad arg, pads, bias, fft size
        (np.float64, (2, 3, 13, 17), (4, 3, 3, 5), "2,1", (2, 1), "1,2,0,1", (1, 2, 0, 1), True, 8),
        (np.float32, (2, 5, 11, 9), (6, 5, 5, 3), "2,1", (2, 1), "2,0,1,1", (2, 0, 1, 1), True, 16),
        (np.float64, (2, 2, 7, 8), (3, 2, 1, 3), "2", (2, 2), "0,1", (0, 1, 0, 1), False, 8),
        (np.float32, (1, 3, 4, 5), (2, 3, 3, 3), "1", (1, 1), "1", (1, 1, 1, 1), True, 32),
    ]
    for k, (dt, xs, ws, s_arg, stride, p_arg, pads, has_bias, K) in enumerate(cases):
        x = rng.standard_normal(xs).astype(dt)
        w = rng.standard_normal(ws).astype(dt)
        b = rng.standard_normal(ws[0]).astype(dt) if has_bias else None
        np.save(path(f"x{k}.npy"), x)
        np.save(path(f"w{k}.npy"), w)
        extra = []
        if has_bias:
            np.save(path(f"b{k}.npy"), b)
            extra = ["--bias", path(f"b{k}.npy")]
        ref = ref_conv(x, w, b, stride, pads)
        for method in ("direct", "fft"):
            out = path(f"y{k}_{method}.npy")
            res = run(["--input", path(f"x{k}.npy"), "--weights", path(f"w{k}.npy"), "--stride", s_arg,
                       "--pad", p_arg, "--method", method, "--fft-size", str(K), "--out", out] + extra)
            name = f"case {k} ({np.dtype(dt).name}, {method})"
            check(res.returncode == 0, f"{name}: exit {res.returncode}: {res.stderr.strip()}")
            if res.returncode != 0:
                continue
            check(res.stdout.count("\n") == 1 and method in res.stdout and
                  "(" + ", ".join(map(str, ref.shape)) + ")" in res.stdout,
                  f"{name}: summary line {res.stdout!r}")
            y = np.load(out)
            check(y.dtype == np.float64, f"{name}: output dtype {y.dtype}")
            check(y.shape == ref.shape, f"{name}: shape {y.shape} != {ref.shape}")
            if y.shape == ref.shape:
                rel = np.max(np.abs(y - ref)) / np.max(np.abs(ref))
                check(rel <= 1e-9, f"{name}: max relative error {rel:.3g}")
            check(not any(f.startswith(f"y{k}_{method}.npy.tmp") for f in os.listdir(tmp)),
                  f"{name}: temporary file left behind")

    # Error exits: bad input -> exit 2 with a one-line message on stderr.
    res = run(["--input", path("missing.npy"), "--weights", path("w0.npy"), "--out", path("e.npy")])
    check(res.returncode == 2 and "missing.npy" in res.stderr, f"missing input: {res.returncode} {res.stderr!r}")
    np.save(path("w_bad.npy"), rng.standard_normal((4, 2, 3, 3)))
    res = run(["--input", path("x0.npy"), "--weights", path("w_bad.npy"), "--out", path("e.npy")])
    check(res.returncode == 2 and "channel mismatch" in res.stderr, f"channel mismatch: {res.returncode} {res.stderr!r}")
    res = run(["--input", path("x0.npy"), "--weights", path("w0.npy"), "--bias", path("b1.npy"),
               "--out", path("e.npy")])
    check(res.returncode == 2 and "bias length" in res.stderr, f"bias mismatch: {res.returncode} {res.stderr!r}")
    res = run(["--input", path("x0.npy"), "--weights", path("w0.npy"), "--fft-size", "4", "--out", path("e.npy")])
    check(res.returncode == 2 and "fft-size" in res.stderr, f"kernel > K: {res.returncode} {res.stderr!r}")
    res = run(["--input", path("x0.npy"), "--weights", path("w0.npy"), "--method", "winograd", "--out", path("e.npy")])
    check(res.returncode == 2, f"bad method: {res.returncode}")
    check(not os.path.exists(path("e.npy")), "an output was written for a failed run")

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("conv_cli: all checks passed")
