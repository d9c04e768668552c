#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# specsim ddr: a trace file and a generated reference trace through the DDR4 model; the
# figures it prints for the reference's sequential-read case equal the reference's; bad
# input exits 2 with the file and line.
import os
import subprocess
import sys
import tempfile

from checks import check, finish  # noqa: E402

specsim = sys.argv[1]


p = subprocess.run([specsim, "ddr", "--reference", "a_seq_rd"], capture_output=True, text=True)
check(p.returncode == 0 and "done at cycle 338076" in p.stdout and "77.5 % of the 19.277 GB/s peak" in p.stdout
      and "mean 244.54, p50 260, p99 727" in p.stdout, "reference a_seq_rd: the reference's T, bandwidth and latency")
p = subprocess.run([specsim, "ddr", "--reference", "a_seq_rd", "--preset", "u200-ddr4-2400"], capture_output=True, text=True)
check(p.returncode == 0 and "95.1 % of the 76.831 GB/s peak" in p.stdout, "U200 preset: 4 channels, burst-interleaved")
with tempfile.TemporaryDirectory() as tmp:
    t = os.path.join(tmp, "t.trc")
    open(t, "w").write("0x0 READ 0\n0x40 READ 1\n0x100000 WRITE 2\n")
    p = subprocess.run([specsim, "ddr", t, "--per-bank"], capture_output=True, text=True)
    check(p.returncode == 0 and "3 requests (2 reads, 1 writes)" in p.stdout and "p50 39" in p.stdout,
          "a trace file: an idle-bank read takes 39 cycles")
    check("row hits" in p.stdout and p.stdout.count("\n   0    ") >= 16, "--per-bank lists every bank")
    open(t, "w").write("0x0 READ 0\nbogus\n")
    p = subprocess.run([specsim, "ddr", t], capture_output=True, text=True)
    check(p.returncode == 2 and "t.trc:2:" in p.stderr, "a malformed line: exit 2 with file:line")
p = subprocess.run([specsim, "ddr", "--reference", "a_seq_rd", "--preset", "ddr5"], capture_output=True, text=True)
check(p.returncode == 2 and "no shipped preset" in p.stderr and "ddr4-2400-x8" in p.stderr, "unknown preset: exit 2, names the presets")
p = subprocess.run([specsim, "ddr", "--reference", "a_seq_rd", "--preset", "ddr4-2400"], capture_output=True, text=True)
check(p.returncode == 2 and "did you mean 'ddr4-2400-x8'?" in p.stderr, "a near preset name: did-you-mean")
p = subprocess.run([specsim, "ddr", "--pattern", "seq", "--gap", "0"], capture_output=True, text=True)
check(p.returncode == 2 and "--gap: must be a whole number of at least 1, got 0" in p.stderr and len(p.stderr) < 200,
      "--gap 0: a short clear error, exit 2")
finish()
