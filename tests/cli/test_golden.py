#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Golden cycle counts: every case under traces/ must reproduce its golden.json exactly.
import json
import os
import sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(root, "tools"))
import golden_lib  # noqa: E402

specsim = sys.argv[1]
drift = []
for case in golden_lib.cases(root):
    golden = json.load(open(os.path.join(root, "traces", case, "golden.json")))
    got = golden_lib.run_case(specsim, root, case)
    for layer in sorted(set(golden) | set(got)):
        g, n = golden.get(layer, {}), got.get(layer, {})
        for k in sorted(set(g) | set(n)):
            if g.get(k) != n.get(k):
                drift.append((case, layer, k, g.get(k), n.get(k)))
    print(f"{case}: {len(got)} layers checked")
if drift:
    print(f"{'case':<28} {'layer':<8} {'figure':<18} {'golden':>14} {'now':>14}")
    for case, layer, k, old, new in drift:
        print(f"{case:<28} {layer:<8} {k:<18} {old!s:>14} {new!s:>14}")
    print("goldens moved: if on purpose, run tools/update-goldens.py and say why in the commit")
    sys.exit(1)
