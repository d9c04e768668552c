# SPDX-License-Identifier: MIT
# Shared by tools/update-goldens.py and tests/cli/test_golden.py: run one golden case and
# extract the figures a golden file pins.
import json
import os
import subprocess
import tempfile

FIELDS = ["cycles", "compute_cycles", "mac_ops", "bubbles", "read_conflicts", "pe_stall_cycles",
          "fft_busy_cycles", "ifft_busy_cycles", "ddr_busy_cycles", "ddr_input_bytes",
          "ddr_kernel_bytes", "ddr_index_bytes", "ddr_output_bytes", "block_ns", "block_ps",
          "read_blocks", "read_block_cycles", "read_block_bound", "read_block_nonzeros"]


def cases(root):
    traces = os.path.join(root, "traces")
    return sorted(d for d in os.listdir(traces) if os.path.isfile(os.path.join(traces, d, "experiment.yaml")))


def run_case(specsim, root, case, timing="fast"):
    """Runs a case and returns {layer: {field: int}} (skipped layers: {"skip_reason": ...})."""
    exp = os.path.join(root, "traces", case, "experiment.yaml")
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([specsim, "run", exp, "--quiet", "--timing", timing, "--out", out],
                       check=True, capture_output=True, text=True)
        results = json.load(open(os.path.join(out, "results.json")))
    figures = {}
    for layer in results["layers"]:
        if layer["skip_reason"]:
            figures[layer["layer"]] = {"skip_reason": layer["skip_reason"]}
        else:
            figures[layer["layer"]] = {f: layer[f] for f in FIELDS}
    return figures
