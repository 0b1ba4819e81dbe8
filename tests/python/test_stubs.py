"""The `.pyi` stubs of the compiled module match it (mypy's stubtest, an outside checker).

stubtest imports `wfmkit._wfmkit` and compares every function's name, parameters (names, kinds,
defaults) and the module's `__all__` with `python/wfmkit/_wfmkit.pyi`; any difference is an error
it prints. It also type-checks the stub file itself.
"""

from __future__ import annotations

import subprocess
import sys


def test_stubs_match_the_compiled_module():
    run = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "wfmkit._wfmkit"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
