"""wfmkit.simulate_intervals: a seeded discrete-event simulation of consecutive intervals."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import polars as pl

from . import _wfmkit
from ._frames import from_ipc
from .exceptions import InvalidInputError


@dataclass(frozen=True)
class SimulationResult:
    """What :func:`simulate_intervals` returns.

    ``intervals`` (one row per interval) and ``days`` (one row per day of ``86400 / interval``
    intervals) hold, for ``offered``, ``answered``, ``abandoned``, ``sl_offered`` (answered within
    the threshold ÷ offered), ``sl_answered`` (÷ answered), ``sl_excluding_short_abandons`` (÷
    offered less abandons within the threshold), ``asa_s``, ``abandon_rate`` and ``occupancy``, the
    mean over replications with its 95% confidence interval (``NAME_lo``, ``NAME_hi``);
    ``replications`` has every replication's counts per interval (``offered = answered +
    abandoned + waiting``, ``busy_s``, ``busy_at_end``) for plots and checks; ``events`` is the
    number of events simulated.
    """

    intervals: pl.DataFrame
    days: pl.DataFrame
    replications: pl.DataFrame
    events: int


def _per_interval(name: str, values: Any, n: int | None, dtype: Any) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(values, dtype=dtype))
    if arr.ndim != 1:
        raise InvalidInputError(f"`{name}` must be a number or a one-dimensional sequence")
    if n is not None and arr.size == 1 and n > 1:
        arr = np.full(n, arr[0], dtype=dtype)
    return arr


def _settings(handle: str, handle_cv: float | None, handle_sample: Sequence[float] | None, patience: str,
              patience_s: float | None, day_factor_cv: float, replications: int, seed: int, threads: int,
              max_events: int) -> dict[str, Any]:
    """The simulation keywords as the job config's ``[simulation]`` table, after the checks
    Python can make with the argument's name."""
    if int(replications) < 2 or int(seed) < 0 or int(threads) < 0 or int(max_events) < 1:
        raise InvalidInputError(
            "`replications` must be at least 2, and `seed`, `threads` and `max_events` non-negative integers"
        )
    return {
        "handle": handle,
        "handle_cv": None if handle_cv is None else float(handle_cv),
        "handle_sample": None if handle_sample is None else [float(x) for x in handle_sample],
        "patience": patience,
        "patience_s": None if patience_s is None else float(patience_s),
        "day_factor_cv": float(day_factor_cv),
        "replications": int(replications),
        "seed": int(seed),
        "threads": int(threads),
        "max_events": int(max_events),
    }


def _spec(interval_min: Any, handle: str, handle_cv: float | None, handle_sample: Sequence[float] | None,
          patience: str, patience_s: float | None, answer_within_s: float, day_factor_cv: float,
          replications: int, seed: int, threads: int, max_events: int) -> str:
    """The keyword options as the JSON the compiled module reads."""
    if not isinstance(interval_min, (int, np.integer)) or not 0 < int(interval_min) <= 1440:
        raise InvalidInputError(f"`interval_min` must be a whole number of minutes in 1..=1440, got {interval_min!r}")
    return json.dumps({
        "interval_s": int(interval_min) * 60,
        "answer_within_s": float(answer_within_s),
        "settings": _settings(handle, handle_cv, handle_sample, patience, patience_s, day_factor_cv,
                              replications, seed, threads, max_events),
    })


def simulate_intervals(
    volume: Sequence[float] | np.ndarray,
    aht_s: float | Sequence[float] | np.ndarray,
    agents: int | Sequence[int] | np.ndarray,
    *,
    interval_min: int = 15,
    handle: str = "exponential",
    handle_cv: float | None = None,
    handle_sample: Sequence[float] | None = None,
    patience: str = "none",
    patience_s: float | None = None,
    answer_within_s: float = 20.0,
    day_factor_cv: float = 0.0,
    replications: int = 1000,
    seed: int = 0,
    threads: int = 0,
    max_events: int = 100_000_000,
) -> SimulationResult:
    """Simulate a day (or a week) of consecutive intervals as the schedule will run them.

    ``volume`` is the expected contacts per interval, ``aht_s`` the mean handle time per interval
    (or one for all), ``agents`` the agents on duty per interval (or one for all), on intervals of
    ``interval_min`` minutes. Arrivals are Poisson at each interval's rate, optionally multiplied
    per day by a gamma factor of mean 1 and CV ``day_factor_cv`` (the forecast's own
    uncertainty). Handle times are ``"exponential"``, ``"lognormal"`` (with ``handle_cv``) or
    ``"empirical"`` (``handle_sample`` scaled to each interval's AHT). Patience is ``"none"``,
    ``"exponential"`` or ``"deterministic"`` (with ``patience_s``). The queue carries over from
    interval to interval; an agent whose shift ends mid-call finishes it; contacts still waiting
    at the end are counted as waiting. ``replications`` run in parallel on ``threads`` threads
    (0: all cores), each with its own random stream, so the result is the same for any thread
    count. Raises :class:`wfmkit.InvalidInputError` naming the field.
    """
    vol = _per_interval("volume", volume, None, np.float64)
    n = vol.size
    aht = _per_interval("aht_s", aht_s, n, np.float64)
    ag = _per_interval("agents", agents, n, np.float64)
    if not np.all(np.isfinite(ag)) or np.any(ag < 0) or np.any(ag != np.round(ag)) or np.any(ag > 2**32 - 1):
        raise InvalidInputError("`agents` must be whole numbers >= 0")
    spec = _spec(interval_min, handle, handle_cv, handle_sample, patience, patience_s, answer_within_s,
                 day_factor_cv, replications, seed, threads, max_events)
    a, d, r, events = _wfmkit.simulate_intervals(vol.tolist(), aht.tolist(), [int(x) for x in ag], spec)
    return SimulationResult(intervals=from_ipc(a), days=from_ipc(d), replications=from_ipc(r), events=int(events))


@dataclass(frozen=True)
class SimulationStaffing:
    """What :func:`staff_by_simulation` returns: ``agents`` per interval; the simulated
    ``p_delay`` and ``service_level`` (answered within ``answer_within_s`` over offered) of that
    staffing per interval, each with ``_lo``/``_hi`` (a 95% interval), as a frame; the
    ``iterations`` run and whether the agents ``converged``."""

    agents: np.ndarray
    p_delay: pl.DataFrame
    iterations: int
    converged: bool


def staff_by_simulation(
    volume: Sequence[float] | np.ndarray,
    aht_s: float | Sequence[float] | np.ndarray,
    *,
    target_p_delay: float | None = None,
    target_service_level: float | None = None,
    answer_within_s: float = 20.0,
    interval_min: int = 15,
    handle: str = "exponential",
    handle_cv: float | None = None,
    handle_sample: Sequence[float] | None = None,
    patience: str = "none",
    patience_s: float | None = None,
    replications: int = 1000,
    seed: int = 0,
    threads: int = 0,
    max_iterations: int = 10,
    max_events: int = 100_000_000,
) -> SimulationStaffing:
    """Agents per interval so that the simulated probability of delay is close to
    ``target_p_delay`` and/or the share answered within ``answer_within_s`` is at least
    ``target_service_level`` in every interval, under time-varying demand (the iterative staffing
    algorithm of Feldman, Mandelbaum, Massey & Whitt, 2008, with a service-level rule; see the
    Rust docs of ``simulate::staff_by_simulation``). Stationary Erlang staffing treats each
    interval on its own, so under a rising or falling rate the delay swings; this moves agents in
    time to hold it. The other arguments are those of :func:`simulate_intervals`."""
    vol = _per_interval("volume", volume, None, np.float64)
    aht = _per_interval("aht_s", aht_s, vol.size, np.float64)
    if int(max_iterations) < 1:
        raise InvalidInputError("`max_iterations` must be at least 1")
    spec = _spec(interval_min, handle, handle_cv, handle_sample, patience, patience_s, answer_within_s, 0.0,
                 replications, seed, threads, max_events)
    agents, p, sl, iterations, converged = _wfmkit.staff_by_simulation(
        vol.tolist(), aht.tolist(), spec, None if target_p_delay is None else float(target_p_delay),
        None if target_service_level is None else float(target_service_level), int(max_iterations)
    )
    frame = pl.DataFrame(
        {"interval": list(range(len(agents))), "agents": agents, "p_delay": [x[0] for x in p],
         "p_delay_lo": [x[1] for x in p], "p_delay_hi": [x[2] for x in p],
         "service_level": [x[0] for x in sl], "service_level_lo": [x[1] for x in sl],
         "service_level_hi": [x[2] for x in sl]}
    )
    return SimulationStaffing(agents=np.asarray(agents), p_delay=frame, iterations=int(iterations),
                              converged=bool(converged))


@dataclass(frozen=True)
class ScheduleSimulation:
    """What :func:`simulate` returns.

    ``intervals`` has one row per workload interval: ``interval_start``, the ``net_agents``
    simulated (the agents on duty net of ``shrinkage``), the ``service_level`` in the chosen
    definition, and every metric of :class:`SimulationResult` (``offered``, ``answered``,
    ``abandoned``, ``sl_offered``, ``sl_answered``, ``sl_excluding_short_abandons``, ``asa_s``,
    ``abandon_rate``, ``occupancy``), each the mean over replications with its 95% confidence
    interval (``NAME_lo``, ``NAME_hi``). ``total`` is one row of the same metrics over the whole
    horizon. ``events`` is the number of events simulated and ``seconds`` the wall time.
    """

    intervals: pl.DataFrame
    total: pl.DataFrame
    events: int
    seconds: float


def _epoch_us(frame: pl.DataFrame, what: str) -> list[int]:
    """``interval_start`` as microseconds of local wall-clock time (a zoned column is read in
    its own zone)."""
    if "interval_start" not in frame.columns:
        raise InvalidInputError(f"`{what}` has no `interval_start` column")
    col = frame["interval_start"]
    if not isinstance(col.dtype, pl.Datetime):
        raise InvalidInputError(f"`{what}.interval_start` must be a datetime column, got {col.dtype}")
    if col.dtype.time_zone is not None:
        col = col.dt.replace_time_zone(None)
    if col.null_count():
        raise InvalidInputError(f"`{what}.interval_start` has a null at row {col.is_null().arg_max() + 1}")
    return col.dt.epoch("us").to_list()


def simulate(
    schedule: Any,
    workload: pl.DataFrame | None = None,
    *,
    queue: str | None = None,
    answer_within_s: float = 20.0,
    shrinkage: float = 0.0,
    sl_definition: str = "offered",
    handle: str = "exponential",
    handle_cv: float | None = None,
    handle_sample: Sequence[float] | None = None,
    patience: str = "none",
    patience_s: float | None = None,
    day_factor_cv: float = 0.0,
    replications: int = 1000,
    seed: int = 0,
    threads: int = 0,
    max_events: int = 100_000_000,
) -> ScheduleSimulation:
    """Simulate a published schedule on its workload: the service it will really give, interval
    by interval, with confidence intervals.

    ``schedule`` is a :class:`Plan` (from :func:`schedule`), a :class:`PlanResult` (from
    :func:`plan`) or a :class:`Roster` (from :func:`roster`): its ``coverage`` gives the agents
    on duty per interval (``scheduled``, breaks taken out); for a roster of several queues,
    ``queue`` picks one and its ``served`` agents are simulated. ``workload`` has
    ``interval_start``, ``volume`` and ``aht_s`` per interval (a forecast or requirements frame;
    default: a :class:`PlanResult`'s own requirements); its rows must be consecutive intervals of
    the schedule. The agents simulated are ``floor(scheduled * (1 - shrinkage))``, as in the
    Erlang projection. The queue carries over from interval to interval; the other keywords are
    those of :func:`simulate_intervals` (the job config's ``[simulation]`` table). This is the
    path the job takes for its coverage's ``sim_*`` columns, so the same settings give the same
    numbers. Raises :class:`wfmkit.InvalidInputError` naming the field.
    """
    if workload is None:
        workload = getattr(schedule, "requirements", None)
        if not isinstance(workload, pl.DataFrame):
            raise InvalidInputError("`workload` (a frame with interval_start, volume and aht_s) is needed "
                                    "unless `schedule` is a PlanResult")
    if queue is not None:
        cover = getattr(schedule, "queue_coverage", None)
        if not isinstance(cover, pl.DataFrame) or cover.is_empty():
            raise InvalidInputError("`queue` needs a roster of several queues")
        cover = cover.filter(pl.col("queue") == queue)
        if cover.is_empty():
            raise InvalidInputError(f"`queue`: the roster has no queue `{queue}`")
        agents_col = "served"
    else:
        cover = getattr(schedule, "coverage", None)
        if not isinstance(cover, pl.DataFrame):
            raise InvalidInputError(
                f"`schedule` must be a Plan, PlanResult or Roster, got {type(schedule).__name__}")
        agents_col = "scheduled"
    if cover.is_empty() or agents_col not in cover.columns:
        raise InvalidInputError(f"`schedule` has no interval coverage with `{agents_col}` (a per-shift roster?)")
    for c in ("volume", "aht_s"):
        if c not in workload.columns:
            raise InvalidInputError(f"`workload` has no `{c}` column")
    grid = _epoch_us(cover, "schedule.coverage")
    steps = np.diff(np.unique(np.asarray(grid, dtype=np.int64)))
    if steps.size == 0:
        raise InvalidInputError("`schedule.coverage` needs at least two intervals to give the interval length")
    interval_s = int(steps.min() // 1_000_000)
    if interval_s <= 0 or int(steps.min()) % 1_000_000:
        raise InvalidInputError("`schedule.coverage.interval_start` is not on a whole-second grid")
    settings = _settings(handle, handle_cv, handle_sample, patience, patience_s, day_factor_cv, replications,
                         seed, threads, max_events)
    staffing = {"answer_within_s": float(answer_within_s), "shrinkage": float(shrinkage),
                "sl_definition": sl_definition}
    on_duty = cover[agents_col].cast(pl.Int64, strict=False)
    if on_duty.null_count() or (on_duty < 0).any():
        raise InvalidInputError(f"`schedule.coverage.{agents_col}` must be whole numbers >= 0")
    vol = workload["volume"].cast(pl.Float64, strict=False).fill_null(float("nan")).to_list()
    aht = workload["aht_s"].cast(pl.Float64, strict=False).fill_null(float("nan")).to_list()
    a, t, events, seconds = _wfmkit.simulate_on_duty(
        grid, on_duty.to_list(), interval_s, _epoch_us(workload, "workload"), vol, aht,
        json.dumps(settings), json.dumps(staffing),
    )
    intervals = from_ipc(a)
    intervals.insert_column(0, workload["interval_start"])
    return ScheduleSimulation(intervals=intervals, total=from_ipc(t), events=int(events), seconds=float(seconds))
