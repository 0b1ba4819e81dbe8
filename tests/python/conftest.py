from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
ANON15 = DATA / "anon_bank_1999" / "anon_bank_1999_janoct_15min.csv"
BANK5 = DATA / "bank_calls_2003" / "bank_calls_5min.csv"


@pytest.fixture
def in_root():
    """Run a test from the repository root (README snippets use relative paths)."""
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        yield ROOT
    finally:
        os.chdir(old)
