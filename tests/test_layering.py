#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# The library layering of docs/architecture.md: SystemC (and TLM) headers are included only
# under src/hw (and the CLI that drives it), so config, workload, numerics, analytic,
# report, util and core stay testable without a simulation kernel; and no library calls
# exit() — errors are exceptions the CLI maps to exit codes.
import os
import re
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
no_systemc = ["util", "config", "workload", "numerics", "analytic", "report", "core"]
failures = []
include = re.compile(r'^\s*#\s*include\s*[<"](systemc|systemc\.h|tlm|tlm\.h|sysc/|tlm_)', re.M)
for d in no_systemc + ["hw", "cli"]:
    for dirpath, _, files in os.walk(os.path.join(root, "src", d)):
        for f in files:
            if not f.endswith((".cpp", ".hpp", ".h")):
                continue
            path = os.path.join(dirpath, f)
            text = open(path, encoding="utf-8").read()
            code = re.sub(r"//[^\n]*", "", text)  # comments may mention exit()
            rel = os.path.relpath(path, root)
            if d in no_systemc and include.search(code):
                failures.append(f"{rel}: includes a SystemC/TLM header (only src/hw and src/cli may)")
            if d != "cli" and re.search(r"\b(std::)?exit\s*\(", code):
                failures.append(f"{rel}: calls exit() (library code throws specsim::Error)")
# The check must be able to fail: src/hw does include <systemc>.
hw_includes = any(include.search(open(os.path.join(dp, f), encoding="utf-8").read())
                  for dp, _, fs in os.walk(os.path.join(root, "src", "hw")) for f in fs)
if not hw_includes:
    failures.append("src/hw includes no SystemC header: the pattern no longer matches anything")
for f in failures:
    print("FAIL:", f)
print(f"layering: {len(failures)} violation(s)")
sys.exit(1 if failures else 0)
