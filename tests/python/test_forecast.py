"""wfmkit's weekly average against an independent pandas computation of the same definition:
the mean, over j = 1..k, of the value at t - 7j days where that interval exists in the history.
Tolerance 1e-9 (means of integers); AHT 1e-9 relative."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import polars as pl
import pytest

import wfmkit
from conftest import ANON15, BANK5


def pandas_weekly_average(path, value_col, start, days, k, interval="15min"):
    df = pd.read_csv(path, parse_dates=["timestamp"]).set_index("timestamp")
    targets = pd.date_range(pd.Timestamp(start), periods=days * pd.Timedelta("1D") // pd.Timedelta(interval), freq=interval)
    vals = np.full((len(targets), k), np.nan)
    for j in range(1, k + 1):
        lagged = targets - pd.Timedelta(days=7 * j)
        vals[:, j - 1] = df[value_col].reindex(lagged).to_numpy(dtype=float)
    present = ~np.isnan(vals)
    count = present.sum(axis=1)
    total = np.where(present, vals, 0.0).sum(axis=1)
    mean = np.divide(total, count, out=np.zeros_like(total), where=count > 0)
    return targets, mean


@pytest.mark.parametrize("k", [1, 4, 8])
def test_weekly_average_matches_pandas_anon(k):
    hist = pl.read_csv(ANON15, try_parse_dates=True)
    fc = wfmkit.forecast(
        hist,
        columns={"interval_start": "timestamp", "volume": "handled", "aht_s": "aht_seconds"},
        start=date(1999, 11, 1),
        model="weekly_average",
        k_weeks=k,
        horizon_days=7,
    )
    targets, expected = pandas_weekly_average(ANON15, "handled", "1999-11-01", 7, k)
    assert fc["interval_start"].to_list() == list(targets.to_pydatetime())
    np.testing.assert_allclose(fc["volume"].to_numpy(), expected, rtol=0, atol=1e-9)
    assert fc.columns == [
        "queue", "interval_start", "volume", "aht_s",
        "volume_lo_80", "volume_hi_80", "volume_lo_95", "volume_hi_95", "model",
    ]


def test_weekly_average_matches_pandas_bank_with_gaps():
    hist = pl.read_csv(BANK5, try_parse_dates=True)
    fc = wfmkit.forecast(
        hist,
        columns={"interval_start": "timestamp", "volume": "calls"},
        start=date(2003, 9, 2),  # the day after Labor Day (absent)
        model="weekly_average",
        k_weeks=8,
        aht_s=300.0,
    )
    _, expected = pandas_weekly_average(BANK5, "calls", "2003-09-02", 7, 8, interval="5min")
    np.testing.assert_allclose(fc["volume"].to_numpy(), expected, rtol=0, atol=1e-9)


def test_aht_is_handled_weighted_mean_of_the_same_slots():
    hist = pl.read_csv(ANON15, try_parse_dates=True)
    fc = wfmkit.forecast(
        hist,
        columns={"interval_start": "timestamp", "volume": "handled", "aht_s": "aht_seconds", "handled": "handled"},
        start=date(1999, 11, 1),
        model="weekly_average",
        k_weeks=4,
        horizon_days=1,
    )
    df = pd.read_csv(ANON15, parse_dates=["timestamp"]).set_index("timestamp")
    t = pd.Timestamp("1999-11-01 10:00")
    rows = df.reindex([t - pd.Timedelta(days=7 * j) for j in range(1, 5)]).dropna(subset=["aht_seconds"])
    expected = (rows["aht_seconds"] * rows["handled"]).sum() / rows["handled"].sum()
    got = fc.filter(pl.col("interval_start") == t.to_pydatetime())["aht_s"].item()
    assert got == pytest.approx(expected, rel=1e-9)
