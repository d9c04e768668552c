#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# The library layering of docs/architecture.md: SystemC (and TLM) headers are included only
# in the SystemC layers — src/hw (shared parts), src/memory, src/overlay/<name>/hw — and the
# CLI that drives them, so config, workload, numerics, dram, stats, report, core, sweep and
# every overlay's analytic part stay testable without a simulation kernel; no library calls
# exit() — errors are exceptions the CLI maps to exit codes.
import os
import re
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = os.path.join(root, "src")


def systemc_allowed(rel):
    """rel: path below src/. True where a SystemC header may be included."""
    parts = rel.split(os.sep)
    if parts[0] in ("hw", "memory", "cli"):
        return True
    return parts[0] == "overlay" and len(parts) > 2 and parts[2] == "hw"


failures = []
include = re.compile(r'^\s*#\s*include\s*[<"](systemc|systemc\.h|tlm|tlm\.h|sysc/|tlm_)', re.M)
seen_allowed_include = False
for dirpath, _, files in os.walk(src):
    for f in files:
        if not f.endswith((".cpp", ".hpp", ".h")):
            continue
        path = os.path.join(dirpath, f)
        rel = os.path.relpath(path, src)
        text = open(path, encoding="utf-8").read()
        code = re.sub(r"//[^\n]*", "", text)  # comments may mention exit()
        if include.search(code):
            if systemc_allowed(rel):
                seen_allowed_include = True
            else:
                failures.append(f"src/{rel}: includes a SystemC/TLM header (only src/hw, src/memory, "
                                "src/overlay/*/hw and src/cli may)")
        if not rel.startswith("cli" + os.sep) and re.search(r"\b(std::)?exit\s*\(", code):
            failures.append(f"src/{rel}: calls exit() (library code throws specsim::Error)")
# The check must be able to fail: the SystemC layers do include <systemc>.
# The overlay seam: an overlay's folder includes no other overlay's (shared code lives in
# src/overlay/common), and the layers below the CLI reach overlays only through
# overlay/overlay.hpp and overlay/registry.hpp.
overlay_include = re.compile(r'^\s*#\s*include\s*"overlay/([a-z_0-9]+)/', re.M)
for dirpath, _, files in os.walk(src):
    for f in files:
        if not f.endswith((".cpp", ".hpp", ".h")):
            continue
        rel = os.path.relpath(os.path.join(dirpath, f), src)
        parts = rel.split(os.sep)
        code = open(os.path.join(dirpath, f), encoding="utf-8").read()
        for m in overlay_include.finditer(code):
            target = m.group(1)
            if parts[0] == "cli" or target == "common":
                continue
            if parts[0] == "overlay" and len(parts) > 2 and parts[1] == target:
                continue
            if parts[0] == "overlay" and len(parts) == 2 and f == "registry.cpp":
                continue  # the registration list names every overlay
            failures.append(f"src/{rel}: includes overlay/{target}/ (only that overlay's own folder, the "
                            "registry and the CLI may)")

if not seen_allowed_include:
    failures.append("no SystemC layer includes a SystemC header: the pattern no longer matches anything")
for f in failures:
    print("FAIL:", f)
print(f"layering: {len(failures)} violation(s)")
sys.exit(1 if failures else 0)
