"""Pyflakes-level lint (unused imports and names, undefined names) over the code and the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_unused_or_undefined_names():
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F", "--quiet",
                          "src", "tests", "benchmarks", "scripts"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
