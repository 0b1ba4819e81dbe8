"""The public functions: thin wrappers that pass frames and options to the compiled core."""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping, Sequence

import polars as pl

from . import _wfmkit
from ._frames import from_ipc, to_ipc
from .exceptions import InvalidInputError

_STAFFING_KEYS = (
    "model",
    "patience_s",
    "service_level",
    "answer_within_s",
    "max_asa_s",
    "max_abandon",
    "max_occupancy",
    "max_p_wait",
    "max_blocking",
    "shrinkage",
    "sl_definition",
)


def _reject_unknown(func: str, unknown: Mapping[str, Any], known: Sequence[str]) -> None:
    if unknown:
        name = next(iter(unknown))
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else f"; valid keywords: {', '.join(known)}"
        raise InvalidInputError(f"{func}() got an unknown keyword `{name}`{hint}")


def _json(options: Mapping[str, Any]) -> str:
    return json.dumps({k: v for k, v in options.items() if v is not None}, default=str)


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
    _reject_unknown(
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
    out = _wfmkit.forecast(to_ipc(history, "history"), json.dumps(cols), _json(opts), interval_s, queue)
    return from_ipc(out)


def requirements(
    forecast: pl.DataFrame,
    *,
    model: str = "erlang_c",
    service_level: float | None = None,
    answer_within_s: float = 20.0,
    patience_s: float | None = None,
    max_asa_s: float | None = None,
    max_abandon: float | None = None,
    max_occupancy: float | None = None,
    max_p_wait: float | None = None,
    max_blocking: float | None = None,
    shrinkage: float = 0.0,
    sl_definition: str = "offered",
    **unknown: Any,
) -> pl.DataFrame:
    """Agents required per interval (and per ``queue``) of a forecast frame.

    Applies the staffing model and every given target to each interval; returns the
    requirements frame: ``queue``, ``interval_start``, ``volume``, ``aht_s``, ``agents`` (net),
    ``agents_gross`` (after shrinkage), ``service_level``, ``asa_s``, ``occupancy``,
    ``p_abandon``.
    """
    _reject_unknown("requirements", unknown, _STAFFING_KEYS)
    opts = dict(
        model=model,
        service_level=service_level,
        answer_within_s=answer_within_s,
        patience_s=patience_s,
        max_asa_s=max_asa_s,
        max_abandon=max_abandon,
        max_occupancy=max_occupancy,
        max_p_wait=max_p_wait,
        max_blocking=max_blocking,
        shrinkage=shrinkage,
        sl_definition=sl_definition,
    )
    return from_ipc(_wfmkit.requirements(to_ipc(forecast, "forecast"), _json(opts)))


@dataclass(frozen=True)
class CostSplit:
    """The objective's parts, recomputed from the plan."""

    paid: float
    under: float
    over: float

    @property
    def total(self) -> float:
        return self.paid + self.under + self.over


@dataclass(frozen=True)
class Plan:
    """A schedule: the chosen shifts, the coverage they give, and how the solver finished."""

    shifts: pl.DataFrame
    coverage: pl.DataFrame
    status: str
    objective: float
    bound: float
    gap: float
    seconds: float
    costs: CostSplit


@dataclass(frozen=True)
class PlanResult:
    """The output of :func:`plan`: forecast, requirements and the schedule."""

    forecast: pl.DataFrame
    requirements: pl.DataFrame
    schedule: Plan

    @property
    def shifts(self) -> pl.DataFrame:
        return self.schedule.shifts

    @property
    def coverage(self) -> pl.DataFrame:
        return self.schedule.coverage


def _plan_from_tuple(t: tuple) -> Plan:
    shifts, coverage, status, objective, bound, gap, seconds, (paid, under, over) = t
    return Plan(from_ipc(shifts), from_ipc(coverage), status, objective, bound, gap, seconds, CostSplit(paid, under, over))


def schedule(
    requirements: pl.DataFrame,
    templates: Sequence[Mapping[str, Any]],
    *,
    under_cost: float = 10.0,
    over_cost: float = 0.0,
    cyclic: bool = False,
    time_limit_s: float = 60.0,
    mip_gap: float = 0.0,
    threads: int = 1,
    seed: int = 0,
    agents_column: str | None = None,
    **unknown: Any,
) -> Plan:
    """Choose how many agents work each shift to cover the requirement at least cost.

    ``requirements`` has ``interval_start`` and ``agents_gross`` (or ``agents``, or the column
    named by ``agents_column``), consecutive and equally spaced. Each template is a mapping with
    ``name``, ``earliest_start`` and ``latest_start`` ("HH:MM"), ``min_length_min``,
    ``max_length_min`` and optionally ``start_step_min``, ``length_step_min``, ``days``
    (e.g. ``["Mon", "Tue"]``) and ``cost_per_min`` (default 1). Costs are per agent-minute.
    """
    _reject_unknown(
        "schedule",
        unknown,
        ["under_cost", "over_cost", "cyclic", "time_limit_s", "mip_gap", "threads", "seed", "agents_column"],
    )
    opts = dict(
        templates=[dict(t) for t in templates],
        under_cost=under_cost,
        over_cost=over_cost,
        cyclic=cyclic,
        time_limit_s=time_limit_s,
        mip_gap=mip_gap,
        threads=threads,
        seed=seed,
    )
    t = _wfmkit.schedule(to_ipc(requirements, "requirements"), _json(opts), agents_column)
    return _plan_from_tuple(t)


def plan(history: pl.DataFrame, config: Mapping[str, Any] | str | os.PathLike[str]) -> PlanResult:
    """Forecast, staffing and schedule in one call.

    ``config`` is a job configuration: a mapping with the tables of the TOML job file
    (``history`` for column mapping, ``forecast``, ``staffing``, ``schedule``), or the path of a
    TOML job file. ``history`` replaces the file the config names.
    """
    if isinstance(config, Mapping):
        text, fmt = json.dumps(config, default=str), "json"
    else:
        try:
            with open(config, encoding="utf-8") as f:
                text, fmt = f.read(), "toml"
        except OSError as e:
            raise InvalidInputError(f"cannot read config `{config}`: {e.strerror}") from e
    f, r, t = _wfmkit.plan(to_ipc(history, "history"), text, fmt)
    return PlanResult(from_ipc(f), from_ipc(r), _plan_from_tuple(t))
