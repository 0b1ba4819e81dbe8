"""wfmkit.forecast: interval volume and AHT forecasts."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Mapping, Sequence

import polars as pl

from . import _wfmkit
from ._frames import from_ipc, to_ipc
from ._options import options_json, reject_unknown


def forecast(
    history: pl.DataFrame,
    *,
    horizon_days: int = 7,
    model: str = "weekly_average",
    k_weeks: int = 8,
    start: date | str | None = None,
    level: Sequence[float] = (80, 95),
    aht_s: float | None = None,
    columns: Mapping[str, str] | None = None,
    interval_min: int | None = None,
    queue: str = "main",
    **unknown: Any,
) -> pl.DataFrame:
    """Forecast volume and AHT per interval.

    ``history`` has ``interval_start`` and ``volume`` columns (rename them with ``columns``, e.g.
    ``{"interval_start": "timestamp", "volume": "calls"}``) and optionally ``aht_s`` and
    ``handled``. Models: ``"weekly_average"`` (mean of the same weekday and interval over the last
    ``k_weeks`` weeks) and ``"seasonal_naive"``. Returns the forecast frame: ``queue``,
    ``interval_start``, ``volume``, ``aht_s``, ``volume_lo_<L>``/``volume_hi_<L>`` per level and
    ``model``. Raises :class:`wfmkit.InvalidInputError` naming the column and row of bad input.
    """
    reject_unknown(
        "forecast",
        unknown,
        ["horizon_days", "model", "k_weeks", "start", "level", "aht_s", "columns", "interval_min", "queue"],
    )
    opts = {
        "model": model,
        "k_weeks": k_weeks,
        "horizon_days": horizon_days,
        "start": str(start) if start is not None else None,
        "levels": [float(x) for x in level],
        "aht_s": aht_s,
    }
    cols = dict(columns or {})
    interval_s = None if interval_min is None else int(interval_min) * 60
    out = _wfmkit.forecast(to_ipc(history, "history"), json.dumps(cols), options_json(opts), interval_s, queue)
    return from_ipc(out)
