# SPDX-License-Identifier: MIT
# The end-to-end CLI tests' shared bits: one "ok: / FAIL:" line per check, a failure count,
# and the source root. Import from a test script (its directory is on sys.path).
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_failures = 0


def check(cond, what):
    global _failures
    print(("ok: " if cond else "FAIL: ") + what)
    _failures += 0 if cond else 1


def finish():
    """Prints the failure count and exits 1 if any check failed."""
    print(f"{_failures} failure(s)")
    sys.exit(1 if _failures else 0)
