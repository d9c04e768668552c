#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Rewrites traces/*/golden.json from the current model and prints what changed.
# Usage: tools/update-goldens.py [BUILD_DIR]
import json
import os
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(root, "tools"))
import golden_lib  # noqa: E402

specsim = os.path.join(root, sys.argv[1] if len(sys.argv) > 1 else "build", "specsim")
for case in golden_lib.cases(root):
    new = golden_lib.run_case(specsim, root, case)
    path = os.path.join(root, "traces", case, "golden.json")
    old = json.load(open(path)) if os.path.exists(path) else {}
    for layer, figs in new.items():
        for k, v in figs.items():
            before = old.get(layer, {}).get(k)
            if before != v:
                print(f"{case}: {layer}.{k}: {before} -> {v}")
    with open(path + ".tmp", "w") as f:
        json.dump(new, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(path + ".tmp", path)
print("goldens written")
