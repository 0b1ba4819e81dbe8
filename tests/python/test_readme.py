"""The README's Python quickstart runs as written."""

from __future__ import annotations

import re

from conftest import ROOT


def test_readme_python_blocks_run(in_root, capsys):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "the README has no Python block"
    names: dict = {}  # blocks run in order and share names, as in one notebook
    for block in blocks:
        exec(compile(block, "README.md", "exec"), names)
    out = capsys.readouterr().out
    assert "rejected:" in out
