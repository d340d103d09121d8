"""benchmarks/compare.py, imported for the tests of it as the script imports its neighbours."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

BENCHMARKS = str(Path(__file__).resolve().parents[2] / "benchmarks")
sys.path.insert(0, BENCHMARKS)  # compare.py imports its neighbours as a script does
try:
    compare = importlib.import_module("compare")
finally:
    sys.path.remove(BENCHMARKS)
