"""wfmkit.plan is the command-line job's per-queue path (pipeline::run_stages): same frames.

The expected values are the `wfmkit plan --config` program's own output files on the same input
and config (the program the nightly job runs), so these tests fail if the two paths drift apart
again (they once did: Python's coverage had no projected service level).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import polars as pl
import pytest

import wfmkit
from conftest import ANON15, DATA, ROOT

DEMO = DATA / "demo_job.toml"
COLUMNS = {"interval_start": "timestamp", "volume": "handled", "aht_s": "aht_seconds", "handled": "handled"}


def program() -> Path:
    """The `wfmkit` program the README's test command builds (cargo test --features cli)."""
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    path = target / "release" / "wfmkit"
    assert path.exists(), f"{path} is missing: run the README's test command (it builds the program)"
    return path


def assert_same(py: pl.DataFrame, cli: pl.DataFrame, what: str) -> None:
    """Same columns and rows; text and integers exact, floats to 1e-12 relative (the program's
    CSV writes them as text), timestamps to the microsecond."""
    assert py.columns == cli.columns, what
    assert py.height == cli.height, what
    for c in py.columns:
        a, b = py[c], cli[c]
        if a.dtype.is_temporal() or b.dtype.is_temporal():
            a = a.cast(pl.Datetime("us")) if a.dtype != pl.String else a.str.to_datetime()
            b = b.cast(pl.Datetime("us")) if b.dtype != pl.String else b.str.to_datetime()
            assert (a.cast(pl.Datetime("us")) == b.cast(pl.Datetime("us"))).all(), f"{what}.{c}"
        elif a.dtype.is_float() or b.dtype.is_float():
            x, y = a.cast(pl.Float64).to_numpy(), b.cast(pl.Float64).to_numpy()
            import numpy as np

            assert np.allclose(x, y, rtol=1e-12, atol=1e-12, equal_nan=True), f"{what}.{c}"
        else:
            assert a.cast(pl.String).to_list() == b.cast(pl.String).to_list(), f"{what}.{c}"


def test_plan_gives_the_jobs_frames(tmp_path):
    out = tmp_path / "out"
    run = subprocess.run(
        [str(program()), "plan", "--config", str(DEMO), "--out", str(out)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    latest = out / "latest"
    read = lambda name: pl.read_csv(latest / f"{name}.csv", try_parse_dates=True)  # noqa: E731
    history = pl.read_csv(ANON15, try_parse_dates=True)
    r = wfmkit.plan(history, DEMO)
    assert_same(r.forecast, read("forecast"), "forecast")
    assert_same(r.requirements, read("requirements"), "requirements")
    assert_same(r.shifts, read("shifts").drop("queue"), "shifts")
    coverage = read("coverage").drop("queue")
    assert {"net_agents", "service_level", "asa_s"} <= set(r.coverage.columns)
    assert_same(r.coverage, coverage, "coverage")


def two_queues() -> pl.DataFrame:
    h = pl.read_csv(ANON15, try_parse_dates=True)
    return pl.concat([h.with_columns(pl.lit(q).alias("queue")) for q in ("retail", "premium")])


def config(**queues) -> dict:
    return {
        "queue": "retail",
        "history": {"interval_min": 15, "columns": COLUMNS},
        "forecast": {"model": "weekly_average", "k_weeks": 8, "horizon_days": 7},
        "staffing": {"service_level": 0.8, "answer_within_s": 20.0},
        "schedule": {
            "under_cost": 10.0,
            "time_limit_s": 60.0,
            "threads": 1,
            "templates": [
                {"name": "full", "earliest_start": "06:00", "latest_start": "16:00", "start_step_min": 30,
                 "min_length_min": 480, "max_length_min": 480},
            ],
        },
        "queues": queues,
    }


def test_plan_names_the_queue_of_a_history_with_several():
    with pytest.raises(wfmkit.InvalidInputError) as info:
        wfmkit.plan(two_queues(), config())
    assert "queue=" in str(info.value) and "premium" in str(info.value)
    with pytest.raises(wfmkit.InvalidInputError, match="no rows for queue `gold`"):
        wfmkit.plan(two_queues(), config(), queue="gold")


def test_plan_applies_the_queues_overrides():
    # The same rows: the premium queue's stricter target (90% in 10 s) needs more agents in every
    # busy interval, and never fewer (Erlang C's agents grow with the target).
    cfg = config(premium={"staffing": {"service_level": 0.9, "answer_within_s": 10.0}})
    retail = wfmkit.plan(two_queues(), cfg, queue="retail").requirements
    premium = wfmkit.plan(two_queues(), cfg, queue="premium").requirements
    assert (premium["queue"] == "premium").all()
    assert (premium["agents"] >= retail["agents"]).all()
    assert (premium["agents"] > retail["agents"]).sum() > 100


def test_plan_names_the_queue_and_the_row_of_the_whole_history():
    # A negative volume in the premium queue's third row: the error names the queue and the
    # row of the frame given (retail's rows come first), as the command-line job does.
    h = two_queues()
    n = h.height // 2
    h = h.with_columns(
        pl.when(pl.int_range(pl.len()) == n + 2).then(-1).otherwise(pl.col("handled")).alias("handled")
    )
    with pytest.raises(wfmkit.InvalidInputError) as info:
        wfmkit.plan(h, config(), queue="premium")
    assert info.value.queue == "premium", str(info.value)
    assert info.value.row == n + 3, str(info.value)
    assert f"row {n + 3}" in str(info.value)
