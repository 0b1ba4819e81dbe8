"""Bad input raises wfmkit.WfmError (also ValueError) with a message naming the field and row."""

from __future__ import annotations

import polars as pl
import pytest

import wfmkit
from conftest import ANON15


def hist(volume):
    ts = ["2024-01-01 09:00", "2024-01-01 09:30", "2024-01-01 10:00", "2024-01-01 10:30"]
    return pl.DataFrame({"interval_start": ts, "volume": volume})


@pytest.mark.parametrize(
    ("frame", "needle"),
    [
        (hist([1.0, 2.0, -3.0, 4.0]), "column `volume`: row 3 has the invalid value -3"),
        (hist(["1", "2", "x", "4"]), "column `volume`, row 3: not a number"),
        (pl.DataFrame({"ts": ["2024-01-01 09:00"], "volume": [1.0]}), "missing column `interval_start`"),
        (
            pl.DataFrame({"interval_start": ["2024-01-01 09:00", "2024-01-01 09:00"], "volume": [1, 2]}),
            "row 2 repeats the interval",
        ),
        (
            pl.DataFrame({"interval_start": ["2024-01-01 00:00", "2024-01-01 00:07"], "volume": [1, 2]}),
            "does not divide a day",
        ),
    ],
)
def test_bad_history(frame, needle):
    with pytest.raises(wfmkit.InvalidInputError, match=None) as info:
        wfmkit.forecast(frame, aht_s=100)
    assert needle in str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, wfmkit.WfmError)


@pytest.mark.parametrize(
    ("frame", "row", "column"),
    [
        (hist([1.0, 2.0, -3.0, 4.0]), 3, "volume"),
        (hist(["1", "2", "x", "4"]), 3, "volume"),
        (pl.DataFrame({"ts": ["2024-01-01 09:00"], "volume": [1.0]}), None, "interval_start"),
        (pl.DataFrame({"interval_start": ["2024-01-01 09:00", "2024-01-01 09:00"], "volume": [1, 2]}), 2, "interval_start"),
    ],
)
def test_errors_carry_row_and_column(frame, row, column):
    """The exception's fields are the Rust error's (the same row and column its message names)."""
    with pytest.raises(wfmkit.InvalidInputError) as info:
        wfmkit.forecast(frame, aht_s=100)
    assert (info.value.row, info.value.column, info.value.queue) == (row, column, None)


def test_unknown_keyword_suggests():
    with pytest.raises(wfmkit.InvalidInputError, match="did you mean `k_weeks`"):
        wfmkit.forecast(hist([1, 2, 3, 4]), k_week=3)


def test_unknown_config_key_in_plan():
    df = pl.read_csv(ANON15, try_parse_dates=True)
    with pytest.raises(wfmkit.InvalidInputError, match="unknown field `horizon`"):
        wfmkit.plan(df, {"forecast": {"horizon": 3}})


def test_not_a_frame():
    with pytest.raises(wfmkit.InvalidInputError, match="polars DataFrame"):
        wfmkit.forecast({"a": 1})


def test_missing_config_file():
    with pytest.raises(wfmkit.InvalidInputError, match="cannot read config"):
        wfmkit.plan(hist([1, 2, 3, 4]), "/nonexistent/job.toml")


def test_bad_template_is_named():
    req = pl.DataFrame(
        {"interval_start": pl.datetime_range(pl.datetime(2024, 1, 1), pl.datetime(2024, 1, 1, 23, 30), "30m", eager=True),
         "agents": [2] * 48}
    )
    bad = {"name": "late", "earliest_start": "22:00", "latest_start": "21:00", "min_length_min": 480, "max_length_min": 480}
    with pytest.raises(wfmkit.InvalidInputError, match="shift template `late`: `latest_start`"):
        wfmkit.schedule(req, [bad])


def test_empty_forecast_frame_is_an_error_not_a_panic():
    empty = pl.DataFrame(
        {"queue": [], "interval_start": [], "volume": [], "aht_s": []},
        schema={"queue": pl.String, "interval_start": pl.Datetime("ms"), "volume": pl.Float64, "aht_s": pl.Float64},
    )
    with pytest.raises(wfmkit.InvalidInputError, match="no rows"):
        wfmkit.requirements(empty, service_level=0.8)


def test_option_errors_name_the_option():
    with pytest.raises(wfmkit.InvalidInputError, match="`k_weeks`"):
        wfmkit.forecast(hist([1, 2, 3, 4]), k_weeks=-1)
    with pytest.raises(wfmkit.InvalidInputError, match="`start`"):
        wfmkit.forecast(hist([1, 2, 3, 4]), start="2024-13-01")
