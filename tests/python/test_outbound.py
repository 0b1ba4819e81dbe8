"""Outbound campaigns (issue 15, part 3) through Python: the campaign's expected work against a
seeded simulation of the dialling written here (NumPy), and blending into a plan's slack."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import polars as pl
import pytest

import wfmkit


def test_expected_work_matches_a_numpy_dialling_simulation():
    # 400,000 records: attempts until first contact, capped; tolerance 4 standard errors.
    rng = np.random.default_rng(7)
    rate, cap, talk, miss = 0.3, 4, 360.0, 40.0
    first = rng.geometric(rate, size=400_000)  # attempt of the first contact
    reached = first <= cap
    attempts = np.minimum(first, cap)
    secs = np.where(reached, talk + (attempts - 1) * miss, cap * miss)
    r = wfmkit.outbound_staffing(10_000, contact_rate=rate, max_attempts=cap, talk_s=talk, attempt_s=miss,
                                 n_intervals=10, interval_minutes=60)
    se = secs.std() / np.sqrt(secs.size)
    assert r.agent_hours == pytest.approx(10_000 * secs.mean() / 3600.0, abs=4 * 10_000 * se / 3600.0)
    assert r.contacts_per_record == pytest.approx(reached.mean(), abs=4 * np.sqrt(0.25 / reached.size))
    assert r.attempts_per_record == pytest.approx(attempts.mean(), abs=4 * attempts.std() / np.sqrt(attempts.size))


def test_blending_into_a_coverage_frame():
    start = datetime(2026, 1, 5, 8)
    ts = [start + timedelta(minutes=30 * i) for i in range(24)]  # 08:00-20:00
    scheduled = [10.0] * 24
    required = [8.0 if i % 2 else 10.0 for i in range(24)]
    cov = pl.DataFrame({"interval_start": ts, "scheduled": scheduled, "required": required})
    r = wfmkit.outbound_staffing(600, contact_rate=0.5, max_attempts=2, talk_s=300.0, attempt_s=30.0,
                                 intervals=cov, calling_hours="09:00-19:00")
    f = r.frame
    assert f.columns == ["interval_start", "open", "slack", "blended_agents", "dedicated_agents", "records",
                         "remaining"]
    assert f.filter(pl.col("open")).height == 20
    # Work: 600 x (0.75 x 300 + (1.5 - 0.75) x 30) s = 148,500 s = 41.25 agent-hours. In
    # 30-minute intervals the slack gives 2 agents in every other open interval: 10 x 2 x 0.5 = 10
    # agent-hours; the rest, 31.25 hours, over 20 open half-hours: 3.125 dedicated agents each.
    work_h = 600 * (0.75 * 300 + 0.75 * 30) / 3600
    assert r.agent_hours == pytest.approx(work_h)
    assert r.peak_dedicated == pytest.approx((work_h - 10.0) / 20 / 0.5)
    assert f.filter(~pl.col("open"))["dedicated_agents"].sum() == 0
    assert (f["blended_agents"] <= f["slack"] + 1e-12).all()
    assert f["remaining"][-1] == pytest.approx(0.0, abs=1e-9)


def test_bad_input_names_the_argument():
    with pytest.raises(wfmkit.InvalidInputError, match="contact_rate"):
        wfmkit.outbound_staffing(10, contact_rate=0.0, max_attempts=1, talk_s=60, n_intervals=2, interval_minutes=30)
    with pytest.raises(wfmkit.InvalidInputError, match="max_attempts"):
        wfmkit.outbound_staffing(10, contact_rate=0.5, max_attempts=0, talk_s=60, n_intervals=2, interval_minutes=30)
    with pytest.raises(wfmkit.InvalidInputError, match="interval_minutes"):
        wfmkit.outbound_staffing(10, contact_rate=0.5, max_attempts=1, talk_s=60, n_intervals=2)
    with pytest.raises(wfmkit.InvalidInputError, match="calling hours"):
        wfmkit.outbound_staffing(10, contact_rate=0.5, max_attempts=1, talk_s=60, open=[False, False],
                                 interval_minutes=30)
