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


def test_readme_dask_cluster_block_runs(tmp_path):
    """The README's "On a Dask cluster" commands, run as written but for a free port, this
    Python, the built program and a temporary output directory: the run is published, its
    manifest names the cluster's two workers, and its files are those of the same job on
    threads."""
    import json
    import os
    import socket
    import subprocess
    import sys
    from pathlib import Path

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```bash\n(.*?)```", text, flags=re.S) if "--dask-scheduler tcp://127" in b]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = str(s.getsockname()[1])
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    exe = target / "release" / "wfmkit"
    assert exe.exists(), f"{exe} is missing: build it with `cargo build --release --features cli`"
    script = (block.replace("8786", port).replace("out/dask", str(tmp_path / "dask"))
              .replace("WFMKIT_PYTHON=.venv/bin/python", f"WFMKIT_PYTHON={sys.executable}")
              .replace("target/release/wfmkit", str(exe)))
    assert script != block
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    r = subprocess.run(["bash", "-c", "set -e; trap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + script],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    m = json.loads((tmp_path / "dask" / "latest" / "manifest.json").read_text())
    workers = {w["address"] for w in m["backend"]["workers"]}
    assert m["backend"]["kind"] == "dask" and 1 <= len(workers) <= 2, m["backend"]
    assert set(m["backend"]["queue_workers"].values()) <= workers
    t = subprocess.run([str(exe), "-q", "plan", "--config", "data/demo_job.toml", "--out", str(tmp_path / "threads")],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert t.returncode == 0, t.stderr
    for f in m["outputs"]:
        name = f["file"]
        assert (tmp_path / "dask" / "latest" / name).read_bytes() == (tmp_path / "threads" / "latest" / name).read_bytes()
