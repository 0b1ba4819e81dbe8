"""Zoned histories through the Python API, across Europe/London's 2024 daylight-saving changes
(clocks forward at 01:00 UTC on 31 March, back at 01:00 UTC on 27 October).

The synthetic demand is fixed in local wall-clock time: 15-minute slot s of the local day has
p(s) = 10 + 20 * max(0, 1 - |s - 40| / 8) contacts, a peak of 30 at 10:00 local. Expected values
are computed by hand from that construction: the weekly average of present weeks is p(s) exactly
(tolerance 1e-9), a normal day sums to 1120, the 25-hour day to 1120 + 4 * 10 = 1160 and the
23-hour day to 1120 - 40 = 1080.
"""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

import wfmkit

LONDON = "Europe/London"


def history(end: datetime, zone: str = LONDON) -> pl.DataFrame:
    """15-minute history from 1 January 2024 (UTC) to `end` (UTC), interval starts in `zone`."""
    ts = pl.datetime_range(datetime(2024, 1, 1), end, "15m", time_zone="UTC", closed="left", eager=True)
    local = ts.dt.convert_time_zone(LONDON)
    slot = local.dt.hour().cast(pl.Int64) * 4 + local.dt.minute().cast(pl.Int64) // 15
    volume = 10.0 + 20.0 * (1.0 - (slot - 40).abs() / 8.0).clip(lower_bound=0.0)
    return pl.DataFrame({"interval_start": ts.dt.convert_time_zone(zone), "volume": volume})


def p(slot: int) -> float:
    return 10.0 + 20.0 * max(0.0, 1.0 - abs(slot - 40) / 8.0)


def weekly(hist: pl.DataFrame, start: date, k: int = 4, **kw) -> pl.DataFrame:
    return wfmkit.forecast(hist, start=start, model="weekly_average", k_weeks=k, aht_s=300.0, level=80, **kw)


def test_fall_back_day_has_25_hours_and_zoned_timestamps():
    fc = weekly(history(datetime(2024, 10, 21)), date(2024, 10, 21))
    assert fc["interval_start"].dtype == pl.Datetime("ms", LONDON)
    assert fc.height == 7 * 96 + 4
    assert fc["interval_start"].is_unique().all()
    gaps = fc["interval_start"].diff().drop_nulls().unique().to_list()
    assert [g.total_seconds() for g in gaps] == [900.0]
    sunday = fc.filter(pl.col("interval_start").dt.date() == date(2024, 10, 27))
    assert sunday.height == 100
    assert sunday["volume"].sum() == pytest.approx(1160.0, abs=1e-9)
    one = sunday.filter(pl.col("interval_start").dt.hour() == 1)["interval_start"]
    assert one.len() == 8
    utc = one.dt.convert_time_zone("UTC").dt.hour().to_list()
    assert utc == [0, 0, 0, 0, 1, 1, 1, 1]  # 01:00-01:45 BST, then 01:00-01:45 GMT


def test_spring_day_has_23_hours():
    fc = weekly(history(datetime(2024, 3, 25)), date(2024, 3, 25))
    sunday = fc.filter(pl.col("interval_start").dt.date() == date(2024, 3, 31))
    assert sunday.height == 92
    assert sunday["volume"].sum() == pytest.approx(1080.0, abs=1e-9)
    assert sunday.filter(pl.col("interval_start").dt.hour() == 1).height == 0


@pytest.mark.parametrize("end", [datetime(2024, 4, 8), datetime(2024, 11, 4)])
def test_peak_stays_at_ten_local_in_the_week_after_a_change(end):
    fc = weekly(history(end), end.date(), k=8)
    local = fc["interval_start"]
    slots = (local.dt.hour().cast(pl.Int64) * 4 + local.dt.minute().cast(pl.Int64) // 15).to_list()
    assert fc["volume"].to_list() == pytest.approx([p(s) for s in slots], abs=1e-9)
    peaks = fc.group_by(local.dt.date().alias("day")).agg(pl.col("interval_start").sort_by("volume").last())
    assert set(peaks["interval_start"].dt.hour().to_list()) == {10}


def test_naive_utc_and_zoned_inputs_agree():
    zoned = history(datetime(2024, 10, 28))
    expected = weekly(zoned, date(2024, 10, 28))
    # The zone of the column is used when no `time_zone` is given ...
    assert expected["interval_start"].dtype == pl.Datetime("ms", LONDON)
    # ... a UTC column is converted to `time_zone` ...
    from_utc = weekly(history(datetime(2024, 10, 28), "UTC"), date(2024, 10, 28), time_zone=LONDON)
    # ... and naive local times (the repeated hour written twice) are read in `time_zone`.
    naive = zoned.with_columns(pl.col("interval_start").dt.replace_time_zone(None))
    assert naive["interval_start"].is_duplicated().sum() == 8
    from_naive = weekly(naive, date(2024, 10, 28), time_zone=LONDON)
    for other in (from_utc, from_naive):
        assert other.equals(expected)


def test_unknown_time_zone_names_the_option():
    with pytest.raises(wfmkit.InvalidInputError) as info:
        weekly(history(datetime(2024, 2, 1)), date(2024, 2, 1), time_zone="Europe/Londn")
    msg = str(info.value)
    assert "`time_zone`" in msg and "did you mean `Europe/London`" in msg, msg
    with pytest.raises(wfmkit.InvalidInputError, match="time_zone"):
        weekly(history(datetime(2024, 2, 1)), date(2024, 2, 1), time_zone=3600)


def test_naive_duplicate_outside_the_repeated_hour_names_its_row():
    hist = history(datetime(2024, 2, 1)).with_columns(pl.col("interval_start").dt.replace_time_zone(None))
    bad = pl.concat([hist[:10], hist[9:10], hist[10:]])
    with pytest.raises(wfmkit.InvalidInputError, match="row 11 repeats the interval 2024-01-01 02:15:00"):
        weekly(bad, date(2024, 2, 1), time_zone=LONDON)


def test_requirements_and_schedule_of_a_zoned_forecast():
    fc = weekly(history(datetime(2024, 10, 21)), date(2024, 10, 21))
    req = wfmkit.requirements(fc, service_level=0.8, answer_within_s=20)
    assert req["interval_start"].equals(fc["interval_start"])
    templates = [
        {"name": "day", "earliest_start": "06:00", "latest_start": "14:00", "start_step_min": 60,
         "min_length_min": 480, "max_length_min": 480},
    ]
    plan = wfmkit.schedule(req, templates, under_cost=10.0, time_limit_s=60)
    # Shifts are planned on the local wall-clock grid; the coverage is per real interval.
    assert plan.coverage.height == req.height
    assert plan.coverage["interval_start"].equals(req["interval_start"])
    assert "service_level" in plan.coverage.columns


def test_zoned_frame_out_of_time_order_is_rejected():
    # The two 01:00 rows of 27 October are told apart by order: a descending frame would swap
    # BST and GMT, so it is an error naming the column and row 2 (the first row not later).
    fc = weekly(history(datetime(2024, 10, 21)), date(2024, 10, 21))
    with pytest.raises(wfmkit.InvalidInputError, match=r"column `interval_start`, row 2 \("):
        wfmkit.requirements(fc.sort("interval_start", descending=True), service_level=0.8, answer_within_s=20)


def test_half_hour_clock_change_at_hourly_interval_is_a_clear_error():
    # Australia/Lord_Howe moves forward 30 min at 02:00 local on 6 October 2024 (IANA rules):
    # hourly local slots cannot represent it.
    ts = pl.datetime_range(datetime(2024, 9, 1), datetime(2024, 10, 31), "1h", closed="left", eager=True)
    hist = pl.DataFrame({"interval_start": ts, "volume": [5.0] * ts.len()})
    with pytest.raises(wfmkit.InvalidInputError) as info:
        wfmkit.forecast(hist, model="weekly_average", aht_s=300.0, time_zone="Australia/Lord_Howe")
    msg = str(info.value)
    assert "`Australia/Lord_Howe`" in msg and "`time_zone`" in msg, msg
    assert "forward by 30 min on 2024-10-06 at 02:00, which a 60-minute interval cannot represent" in msg, msg
    assert msg.endswith("use 15 or 30 minutes"), msg
