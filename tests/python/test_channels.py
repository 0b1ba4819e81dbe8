"""One requirement across channels (issue 15, part 5): voice, chat and email queues staffed in
one call, each by its own model, grouped by skill group and scheduled as one agent pool."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import polars as pl
import pytest

import wfmkit


def _forecast() -> pl.DataFrame:
    start = datetime(2026, 1, 5)  # Monday
    ts = [start + timedelta(minutes=30 * i) for i in range(48)]
    rows = []
    for q, peak, aht in (("voice", 120.0, 240.0), ("chat", 60.0, 420.0), ("email", 40.0, 360.0)):
        for t in ts:
            busy = 8 <= t.hour < 20
            rows.append((q, t, peak if busy else peak / 10, aht))
    return pl.DataFrame(rows, schema=["queue", "interval_start", "volume", "aht_s"], orient="row")


OPTIONS = dict(service_level=0.8, answer_within_s=20.0, shrinkage=0.25)
QUEUES = {
    "chat": {"concurrency": 3, "slowdown": [1.0, 1.2, 1.5], "answer_within_s": 60.0},
    "email": {"service_level": None, "backlog": {"targets": [(0.9, 240), (1.0, 480)],
                                                  "opening_hours": {"daily": "08:00-20:00"}}},
}
GROUPS = {"voice": "front", "chat": "front", "email": "back"}


def test_each_queue_is_staffed_by_its_own_model():
    f = _forecast()
    req = wfmkit.requirements(f, **OPTIONS, queues=QUEUES, skill_groups=GROUPS)
    assert {"channel", "skill_group"} <= set(req.columns)
    got = {q: (c, g) for q, c, g in req.select("queue", "channel", "skill_group").unique().iter_rows()}
    assert got == {"voice": ("voice", "front"), "chat": ("chat", "front"), "email": ("backlog", "back")}
    # Each queue's rows are exactly what a single-queue call with its options gives.
    for q, extra in (("voice", {}), ("chat", QUEUES["chat"]), ("email", QUEUES["email"])):
        opts = {**OPTIONS, **extra}
        alone = wfmkit.requirements(f.filter(pl.col("queue") == q), **opts)
        mine = req.filter(pl.col("queue") == q).drop("channel", "skill_group")
        assert mine.equals(alone), q


def test_skill_groups_are_summed_and_scheduled_as_one_pool():
    f = _forecast()
    req = wfmkit.requirements(f, **OPTIONS, queues=QUEUES, skill_groups=GROUPS)
    groups = wfmkit.skill_group_requirements(req)
    front = groups.filter(pl.col("skill_group") == "front")
    assert front["queues"].unique().to_list() == [2] and front["channels"][0] == "chat+voice"
    want = (req.filter(pl.col("skill_group") == "front").group_by("interval_start").agg(pl.col("agents_gross").sum())
            .sort("interval_start"))
    assert np.array_equal(front["agents_gross"].to_numpy(), want["agents_gross"].to_numpy())
    templates = [wfmkit.ShiftTemplate(name="day", earliest_start="00:00", latest_start="23:30", start_step_min=30,
                                      min_length_min=240, max_length_min=480)]
    plan = wfmkit.schedule(front.select("interval_start", "agents", "agents_gross"), templates, hard_coverage=True,
                           time_limit_s=30.0)
    cov = plan.coverage
    assert (cov["scheduled"].to_numpy() >= cov["required"].to_numpy() - 1e-9).all()


def test_bad_queue_mappings_are_named():
    f = _forecast()
    with pytest.raises(wfmkit.InvalidInputError, match="sms"):
        wfmkit.requirements(f, **OPTIONS, queues={"sms": {}})
    with pytest.raises(wfmkit.InvalidInputError, match="queue `email`"):
        wfmkit.requirements(f, **OPTIONS, queues={"email": {"backlog": {"targets": [(1.0, 240)]}}})
    with pytest.raises(wfmkit.InvalidInputError, match="skill_group"):
        wfmkit.skill_group_requirements(wfmkit.requirements(f, **OPTIONS))
