"""wfmkit.forecast and wfmkit.backtest: interval volume and AHT forecasts, and their backtest."""

from __future__ import annotations

import json
import math
import re
from datetime import date
from typing import Any, Mapping, Sequence

import polars as pl

from . import _wfmkit
from ._frames import from_ipc, to_ipc
from ._options import options_json, reject_unknown
from .exceptions import InvalidInputError

MODELS = (
    "auto", "weekly_average", "seasonal_naive", "seasonal_naive_daily", "top_down", "top_down_damped", "profile_mean",
    "profile_median", "profile_pooled", "short_term", "combination", "mstl", "mstl_combination",
)


def _horizon_days(horizon: int | str | None, horizon_days: int | None, name: str = "horizon") -> int:
    """Days from ``horizon`` (int days, or ``"7d"`` / ``"2w"``) or the older ``horizon_days``."""
    if horizon_days is not None:
        horizon, name = horizon_days, "horizon_days"
    if horizon is None:
        return 7
    if isinstance(horizon, bool):
        raise InvalidInputError(f"`{name}` must be a number of days or a string like '7d', got {horizon!r}")
    if isinstance(horizon, str):
        m = re.fullmatch(r"\s*(-?\d+)\s*([dw])\s*", horizon)
        if not m:
            raise InvalidInputError(f"`{name}` = {horizon!r} is invalid: use whole days like '7d' or weeks like '2w'")
        days = int(m.group(1)) * (7 if m.group(2) == "w" else 1)
    elif isinstance(horizon, int):
        days = horizon
    else:
        raise InvalidInputError(f"`{name}` must be a number of days or a string like '7d', got {horizon!r}")
    if days <= 0:
        raise InvalidInputError(f"`{name}` = {horizon!r} is invalid: the horizon must be at least one day")
    return days


def _levels(level: Sequence[float] | float) -> list[float]:
    """One level or several (numpy numbers too) as a list of floats; Rust checks each is strictly
    between 0 and 100. NaN cannot cross as JSON, so it is named here."""
    levels = [level] if isinstance(level, (int, float)) else list(level)
    try:
        out = [float(x) for x in levels]
    except (TypeError, ValueError):
        raise InvalidInputError(f"`level` = {level!r} is invalid: each level must be a number") from None
    if any(math.isnan(v) for v in out):
        raise InvalidInputError(f"`level` = {level!r} is invalid: each level must be a percentage strictly between 0 and 100")
    return out


def _holidays(holidays: pl.DataFrame | Sequence[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """The special-day table as a list of dicts: ``date``, ``kind`` ("closed", "scale" with
    ``factor``, "like" with ``weekday``)."""
    if holidays is None:
        return []
    rows = holidays.to_dicts() if isinstance(holidays, pl.DataFrame) else [dict(r) for r in holidays]
    out = []
    for i, r in enumerate(rows, start=1):
        if "date" not in r or "kind" not in r:
            raise InvalidInputError(f"holidays row {i}: needs `date` and `kind` (closed, scale or like), got {r}")
        row = {"date": str(r["date"]), "kind": r["kind"]}
        if r["kind"] == "scale":
            row["factor"] = r.get("factor")
        elif r["kind"] == "like":
            row["weekday"] = r.get("weekday")
        elif r["kind"] != "closed":
            raise InvalidInputError(f"holidays row {i}: kind {r['kind']!r} is not one of closed, scale, like")
        out.append(row)
    return out


def forecast(
    history: pl.DataFrame,
    *,
    horizon: int | str | None = "7d",
    horizon_days: int | None = None,
    model: str = "auto",
    k_weeks: int = 8,
    start: date | str | None = None,
    level: Sequence[float] | float = (80, 95),
    holidays: pl.DataFrame | Sequence[Mapping[str, Any]] | None = None,
    aht_s: float | None = None,
    aht_shrinkage: float | None = None,
    columns: Mapping[str, str] | None = None,
    interval_min: int | None = None,
    queue: str = "main",
    threads: int = 0,
    time_zone: str | None = None,
    **unknown: Any,
) -> pl.DataFrame:
    """Forecast volume and AHT per interval, for one queue or many.

    ``history`` has ``interval_start`` and ``volume`` columns (rename them with ``columns``, e.g.
    ``{"interval_start": "timestamp", "volume": "calls"}``) and optionally ``aht_s`` and
    ``handled``. ``horizon`` is whole days (``7``, ``"7d"``, ``"2w"``). Models: ``"auto"``
    (per lead-day bucket the equal-weight mean of ``weekly_average``, ``profile_mean``,
    ``profile_median``, ``top_down``, ``short_term`` and ``combination``, ``ensemble`` in the
    ``model`` column, unless one of those, ``top_down_damped``, ``profile_pooled`` or a seasonal
    naive is significantly better in a rolling-origin backtest on the history), ``"weekly_average"``
    (mean of the same weekday and interval over ``k_weeks`` weeks), ``"seasonal_naive"``,
    ``"seasonal_naive_daily"``, ``"top_down"``, ``"top_down_damped"`` (daily totals by Holt's
    damped trend × the weekday profile: follows a drifting or trending level),
    ``"profile_mean"``, ``"profile_median"``, ``"profile_pooled"`` (the weekday shapes shrunk
    towards one shape of all weekdays: near the Poisson floor on a stable series),
    ``"short_term"``, ``"combination"``, ``"mstl"`` (MSTL decomposition on the last 8 weeks with
    an ETS trend, as statsforecast's ``MSTL``), ``"mstl_combination"`` (MSTL and ``short_term``
    for the first two open days, blended into the profile models).
    ``holidays`` is a frame or list of ``{"date", "kind"}`` rows, kind ``"closed"``, ``"scale"``
    (with ``factor``) or ``"like"`` (with ``weekday``, e.g. ``"Sat"``).

    A ``queue`` column splits the history into queues, forecast in parallel on ``threads``
    threads (0: all cores) with the same options; without it the history is the queue named
    ``queue``. An error then names the queue (rows are numbered within the queue).

    Time zones: demand follows local wall-clock time, so a zoned history is modelled on its
    zone's local clock and stays correct across daylight-saving changes. A time-zone-aware
    ``interval_start`` (``pl.Datetime(time_zone=...)``) is used in its own zone, or converted to
    ``time_zone`` (an IANA name such as ``"Europe/London"``) when given; naive timestamps with
    ``time_zone`` are local times in it (the repeated autumn hour may appear twice; its two
    intervals merge into one slot by the mean). The forecast then has a zoned ``interval_start``
    with one row per real interval: 23 hours of rows on the spring-forward day, 25 on the
    fall-back day (the repeated slots twice, earlier offset first).

    Returns the forecast frame: ``queue``, ``interval_start``, ``volume``, ``aht_s``,
    ``volume_lo_<L>``/``volume_hi_<L>`` per level and ``model``. With no ``aht_s`` column and no
    ``aht_s`` option the forecast is volume-only: its ``aht_s`` is null, and
    :func:`wfmkit.requirements` on it raises, saying it needs AHT. Raises
    :class:`wfmkit.InvalidInputError` naming the option (e.g. an unknown ``time_zone``), or the
    column and row of bad input.
    """
    reject_unknown(
        "forecast",
        unknown,
        ["horizon", "horizon_days", "model", "k_weeks", "start", "level", "holidays", "aht_s", "aht_shrinkage",
         "columns", "interval_min", "queue", "threads", "time_zone"],
    )
    opts = {
        "model": model,
        "k_weeks": k_weeks,
        "horizon_days": _horizon_days(horizon, horizon_days),
        "start": str(start) if start is not None else None,
        "levels": _levels(level),
        "aht_s": aht_s,
        "holidays": _holidays(holidays),
        "aht_shrinkage": aht_shrinkage,
    }
    cols = dict(columns or {})
    interval_s = None if interval_min is None else int(interval_min) * 60
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 0:
        raise InvalidInputError(f"`threads` = {threads!r} is invalid: must be a whole number >= 0")
    out = _wfmkit.forecast(
        to_ipc(history, "history"),
        json.dumps(cols),
        options_json(opts),
        interval_s,
        queue,
        threads,
        _time_zone(time_zone),
    )
    return from_ipc(out)


def _time_zone(time_zone: str | None) -> str | None:
    """The zone name, checked for type here and for validity by the Rust side."""
    if time_zone is not None and not isinstance(time_zone, str):
        raise InvalidInputError(
            f"`time_zone` must be an IANA time zone name such as 'Europe/London', got {time_zone!r}"
        )
    return time_zone


def backtest(
    history: pl.DataFrame,
    *,
    horizon: int | str = "7d",
    origins: int = 8,
    step_days: int | None = None,
    models: Sequence[str] = ("auto", "weekly_average", "seasonal_naive", "top_down"),
    level: Sequence[float] | float = (80, 95),
    k_weeks: int = 8,
    holidays: pl.DataFrame | Sequence[Mapping[str, Any]] | None = None,
    columns: Mapping[str, str] | None = None,
    interval_min: int | None = None,
    time_zone: str | None = None,
    **unknown: Any,
) -> pl.DataFrame:
    """Rolling-origin backtest: one row per model and origin.

    Origins are ``step_days`` apart (default: the horizon); the last leaves exactly ``horizon``
    days of actuals. Columns: ``model``, ``fitted`` (for auto, the models it chose), ``origin``,
    ``n`` (scored intervals), ``mase`` (on the in-sample weekly seasonal naive MAE), ``wape``
    (%), ``rmse``, ``bias`` (mean forecast − actual) and ``coverage_<L>`` (%) per level.
    ``time_zone`` is as in :func:`forecast`.
    """
    reject_unknown(
        "backtest",
        unknown,
        ["horizon", "origins", "step_days", "models", "level", "k_weeks", "holidays", "columns", "interval_min",
         "time_zone"],
    )
    if isinstance(origins, bool) or not isinstance(origins, int) or origins <= 0:
        raise InvalidInputError(f"`origins` = {origins!r} is invalid: must be a whole number >= 1")
    opts = {
        "horizon_days": _horizon_days(horizon, None),
        "origins": origins,
        "step_days": step_days,
        "models": [models] if isinstance(models, str) else list(models),
        "levels": _levels(level),
        "k_weeks": k_weeks,
        "holidays": _holidays(holidays),
    }
    interval_s = None if interval_min is None else int(interval_min) * 60
    rows = json.loads(
        _wfmkit.backtest(
            to_ipc(history, "history"),
            json.dumps(dict(columns or {})),
            options_json(opts),
            interval_s,
            _time_zone(time_zone),
        )
    )
    cov = [f"coverage_{x:g}" for x in opts["levels"]]
    order = ["model", "fitted", "origin", "n", "mase", "wape", "rmse", "bias", *cov]
    return pl.DataFrame(rows).select(order).with_columns(pl.col("origin").str.to_date())
