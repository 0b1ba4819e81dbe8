"""Channels beyond voice and chat: email and back-office backlog with deadlines
(:func:`backlog_staffing`) and outbound campaigns blended into inbound (:func:`outbound_staffing`)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import time
from typing import Mapping, Sequence

import polars as pl

from . import _wfmkit
from .exceptions import InvalidInputError

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class BacklogStaffing:
    """What :func:`backlog_staffing` returns.

    ``frame`` has one row per interval: ``interval_start`` (when the arrivals came as a frame),
    ``volume`` (items arriving), ``open``, ``worked`` (items worked), ``agents`` (net agents on
    the work, fractional: the fluid plan), ``agents_gross`` (after shrinkage), ``backlog`` (items
    waiting at the interval's end, its own arrivals included) and ``overdue`` (of them, those past
    the first target's deadline). ``within`` gives, per target, the share of the items due in the
    horizon answered within its deadline; ``carried_out`` the items still waiting at the end (none
    of them due by then)."""

    frame: pl.DataFrame
    peak_agents: float
    agent_hours: float
    within: list[float]
    carried_out: float
    targets: list[tuple[float, int]]


_U32 = 2**32 - 1


def _number(name: str, value: object) -> float:
    """A finite or infinite float, or InvalidInputError naming `name`."""
    if isinstance(value, bool):
        raise InvalidInputError(f"`{name}` must be a number, got {value!r}")
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInputError(f"`{name}` must be a number, got {value!r}") from None


def _whole(name: str, value: object, low: int = 0) -> int:
    """A whole number in [low, 2^32 - 1], or InvalidInputError naming `name`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) \
            or not low <= int(value) <= _U32:
        raise InvalidInputError(f"`{name}` must be a whole number in [{low}, {_U32}], got {value!r}")
    return int(value)


def _numbers(name: str, values: object) -> list[float]:
    try:
        return [_number(f"{name}[{i}]", v) for i, v in enumerate(values)]  # type: ignore[arg-type]
    except TypeError:
        raise InvalidInputError(f"`{name}` must be a sequence of numbers, got {values!r}") from None


def _grid_minutes(starts: pl.Series, interval_minutes: int | None, what: str) -> int | None:
    """The frame's interval length in minutes (checked against `interval_minutes` if given)."""
    if not starts.dtype.is_temporal():
        raise InvalidInputError(f"`{what}`: `interval_start` must be a datetime column, got {starts.dtype}")
    if len(starts) < 2:
        return interval_minutes
    steps = starts.diff().drop_nulls().unique()
    if len(steps) != 1:
        raise InvalidInputError(f"`{what}`: `interval_start` is not on one regular grid")
    seconds = steps[0].total_seconds()
    if seconds <= 0 or seconds % 60:
        raise InvalidInputError(f"`{what}`: the interval must be a whole number of minutes, got {seconds} s")
    step = int(seconds) // 60
    if interval_minutes is not None and interval_minutes != step:
        raise InvalidInputError(f"`interval_minutes` = {interval_minutes} but the frame's grid is {step} minutes")
    return step


def _clock_time(text: str, what: str) -> time:
    try:
        h, m = text.strip().split(":")
        if text.strip() == "24:00":
            return time(23, 59, 59, 999999)
        return time(int(h), int(m))
    except (ValueError, TypeError):
        raise InvalidInputError(f"`opening_hours` {what}: expected HH:MM, got {text!r}") from None


def _window(spec: object, day: str) -> tuple[time, time] | None:
    if spec is None:
        return None
    if not isinstance(spec, str) or "-" not in spec:
        raise InvalidInputError(f"`opening_hours` for {day}: expected 'HH:MM-HH:MM' or None, got {spec!r}")
    a, b = spec.split("-", 1)
    start, end = _clock_time(a, f"for {day}"), _clock_time(b, f"for {day}")
    if end <= start:
        raise InvalidInputError(f"`opening_hours` for {day}: {spec!r} closes before it opens")
    return start, end


def _open_from_hours(starts: pl.Series, minutes: int, opening_hours: str | Mapping[str, str | None]) -> list[bool]:
    """Whether each interval lies wholly within the day's opening window (``daily`` for every
    day unless a day is named, as in the job's tables)."""
    if isinstance(opening_hours, str):
        windows = {d: _window(opening_hours, d) for d in _DAYS}
    elif isinstance(opening_hours, Mapping):
        unknown = sorted(set(map(str, opening_hours)) - set(_DAYS) - {"daily"})
        if unknown:
            raise InvalidInputError(f"`opening_hours`: unknown day(s) {unknown}; use {list(_DAYS)} or 'daily'")
        daily = opening_hours.get("daily")
        windows = {d: _window(opening_hours[d] if d in opening_hours else daily, d) for d in _DAYS}
    else:
        raise InvalidInputError(f"`opening_hours` must be 'HH:MM-HH:MM' or a mapping of day to it, got {opening_hours!r}")
    out = []
    for ts in starts.to_list():
        w = windows[_DAYS[ts.weekday()]]
        if w is None:
            out.append(False)
            continue
        start = ts.time()
        end_min = start.hour * 60 + start.minute + minutes
        w_end = w[1].hour * 60 + w[1].minute + (1 if w[1].second else 0)
        out.append(start >= w[0] and end_min <= w_end)
    return out


def _resolve_open(open: Sequence[bool] | None, hours: str | Mapping[str, str | None] | None, hours_name: str,
                  starts: pl.Series | None, minutes: int, n: int, frame_name: str) -> list[bool]:
    """Which intervals are open: the `open` list, or the hours (which need the frame's starts),
    or all of them."""
    if open is not None and hours is not None:
        raise InvalidInputError(f"give `open` or `{hours_name}`, not both")
    if hours is not None:
        if starts is None:
            raise InvalidInputError(f"`{hours_name}` needs `{frame_name}` as a frame with `interval_start`")
        return _open_from_hours(starts, minutes, hours)
    return [True] * n if open is None else [bool(x) for x in open]


def backlog_staffing(
    arrivals: pl.DataFrame | Sequence[float],
    *,
    targets: Sequence[tuple[float, int]],
    handle_s: float | None = None,
    interval_minutes: int | None = None,
    clock: str = "business",
    opening_hours: str | Mapping[str, str | None] | None = None,
    open: Sequence[bool] | None = None,
    every_interval: bool = False,
    occupancy: float = 1.0,
    initial_backlog: float = 0.0,
    initial_backlog_age_minutes: int = 0,
    shrinkage: float = 0.0,
) -> BacklogStaffing:
    """Staff email or back-office work that may wait, to deadline ``targets``.

    ``targets`` are ``(share, within_minutes)`` pairs in increasing deadline, e.g.
    ``[(0.9, 240), (1.0, 1440)]`` for 90% within 4 hours and all within 24; ``clock`` counts the
    minutes in open time (``"business"``) or all of them (``"calendar"``). ``arrivals`` is a frame
    with ``interval_start`` and ``volume`` (a forecast frame of one queue; ``aht_s`` there gives
    the handle time, volume-weighted, when ``handle_s`` is not given) or a list of items per
    interval (then give ``interval_minutes``). Work happens only in open intervals: an ``open``
    column or argument, or ``opening_hours`` ("08:00-18:00" every day, or a mapping from
    ``"mon"``..``"sun"`` to a window or None for closed); open around the clock by default.

    Gives the fewest peak agents, then the earliest work, that meet every target and answer every
    item due in the horizon (two linear programs, exact for the fluid model; the Rust docs of
    ``staffing::backlog_staffing`` give the model). Shares are over the horizon, or over each
    interval's arrivals with ``every_interval``. ``occupancy`` is the productive share of
    on-shift time; ``shrinkage`` grosses the agents up.

    Raises :class:`wfmkit.InvalidInputError` naming the argument, and
    :class:`wfmkit.InfeasibleError` when no number of agents meets a target (items with no open
    time before their deadline), naming the interval.
    """
    starts: pl.Series | None = None
    if isinstance(arrivals, pl.DataFrame):
        for col in ("interval_start", "volume"):
            if col not in arrivals.columns:
                raise InvalidInputError(f"`arrivals` has no `{col}` column (columns: {arrivals.columns})")
        if "queue" in arrivals.columns and arrivals["queue"].n_unique() > 1:
            raise InvalidInputError("`arrivals` holds several queues: staff one backlog queue at a time")
        df = arrivals.sort("interval_start")
        starts = df["interval_start"]
        volume = [_number("volume", v) if v is not None else math.nan for v in df["volume"].to_list()]
        interval_minutes = _grid_minutes(starts, interval_minutes, "arrivals")
        if handle_s is None and "aht_s" in df.columns:
            # Volume-weighted over the rows that have both (a row without an AHT says nothing).
            known = df.filter(pl.col("aht_s").is_not_null() & pl.col("aht_s").is_not_nan() & (pl.col("volume") > 0))
            w = known.select((pl.col("volume") * pl.col("aht_s")).sum().alias("work"), pl.col("volume").sum()).row(0)
            if not w[1]:
                raise InvalidInputError("`aht_s`: no interval has both a volume and an AHT; give `handle_s`")
            handle_s = w[0] / w[1]
        if open is None and "open" in df.columns:
            open = [bool(x) for x in df["open"].to_list()]
    else:
        volume = _numbers("arrivals", arrivals)
    if interval_minutes is None:
        raise InvalidInputError("`interval_minutes` is needed (the arrivals do not give their grid)")
    interval_minutes = _whole("interval_minutes", interval_minutes, 1)
    if handle_s is None:
        raise InvalidInputError("`handle_s` is needed (no `aht_s` column to take it from)")
    is_open = _resolve_open(open, opening_hours, "opening_hours", starts, interval_minutes, len(volume), "arrivals")
    if clock not in ("business", "calendar"):
        raise InvalidInputError(f"`clock` must be 'business' or 'calendar', got {clock!r}")
    if not (isinstance(shrinkage, (int, float)) and 0.0 <= shrinkage < 1.0):
        raise InvalidInputError(f"`shrinkage` must be in [0, 1), got {shrinkage!r}")
    try:
        pairs = [(_number("targets share", s), _whole("targets within_minutes", w)) for s, w in targets]
    except InvalidInputError:
        raise
    except (TypeError, ValueError):
        raise InvalidInputError(f"`targets` must be (share, within_minutes) pairs, got {targets!r}") from None
    agents, worked, backlog, overdue, peak, hours, within, carried = _wfmkit.backlog(
        volume, is_open, interval_minutes, _number("handle_s", handle_s), pairs, clock, bool(every_interval),
        _number("occupancy", occupancy), _number("initial_backlog", initial_backlog),
        _whole("initial_backlog_age_minutes", initial_backlog_age_minutes))
    cols: dict[str, object] = {}
    if starts is not None:
        cols["interval_start"] = starts
    cols.update(volume=volume, open=is_open, worked=worked, agents=agents,
                agents_gross=[a / (1.0 - shrinkage) for a in agents], backlog=backlog, overdue=overdue)
    return BacklogStaffing(pl.DataFrame(cols), peak, hours, list(within), carried, pairs)


@dataclass(frozen=True)
class OutboundStaffing:
    """What :func:`outbound_staffing` returns.

    ``frame`` has one row per interval: ``interval_start`` (when the intervals came as a
    frame), ``open`` (calling hours), ``slack`` (agents on duty beyond inbound's need),
    ``blended_agents`` (of the slack, those on the campaign), ``dedicated_agents``, ``records``
    (worked) and ``remaining`` (records left at the interval's end). ``peak_dedicated`` is the
    dedicated agents in each open interval; ``agent_hours`` the campaign's, of which
    ``dedicated_hours`` dedicated; ``attempts_per_record`` and ``contacts_per_record`` the
    expectations."""

    frame: pl.DataFrame
    peak_dedicated: float
    agent_hours: float
    dedicated_hours: float
    attempts_per_record: float
    contacts_per_record: float


def outbound_staffing(
    records: float,
    *,
    contact_rate: float,
    max_attempts: int,
    talk_s: float,
    attempt_s: float = 0.0,
    intervals: pl.DataFrame | None = None,
    n_intervals: int | None = None,
    interval_minutes: int | None = None,
    calling_hours: str | Mapping[str, str | None] | None = None,
    open: Sequence[bool] | None = None,
    slack: Sequence[float] | None = None,
    occupancy: float = 1.0,
) -> OutboundStaffing:
    """The agents an outbound campaign of ``records`` needs per interval, to finish by the end
    of the intervals given, blended into inbound's slack first.

    Each attempt reaches a person with probability ``contact_rate``, a record is tried at most
    ``max_attempts`` times, a contact takes ``talk_s`` (talk and wrap-up) and an attempt that
    reaches nobody ``attempt_s`` (dialling, ringing, voicemail). ``intervals`` is a frame with
    ``interval_start`` and either a ``slack`` column or ``scheduled`` and ``required`` (a plan's
    coverage: slack = scheduled - required where positive); otherwise give ``n_intervals`` (or
    ``open``/``slack`` lists) and ``interval_minutes``. ``calling_hours`` ("09:00-20:00" or a
    mapping of ``"mon"``..``"sun"`` to a window or None) or ``open`` limit when calls are made.

    The slack is used first (inbound keeps its required agents, so its targets hold); the rest of
    the work goes to the same number of dedicated agents in every open interval, which is both
    the fewest peak and the fewest dedicated agent-hours (Rust docs of
    ``staffing::outbound_staffing``). Raises :class:`wfmkit.InvalidInputError` naming the
    argument.
    """
    starts: pl.Series | None = None
    if intervals is not None:
        if "interval_start" not in intervals.columns:
            raise InvalidInputError(f"`intervals` has no `interval_start` column (columns: {intervals.columns})")
        df = intervals.sort("interval_start")
        starts = df["interval_start"]
        interval_minutes = _grid_minutes(starts, interval_minutes, "intervals")
        if slack is None:
            if "slack" in df.columns:
                slack = _numbers("slack", df["slack"].to_list())
            elif "scheduled" in df.columns and "required" in df.columns:
                sched, req = _numbers("scheduled", df["scheduled"].to_list()), _numbers("required", df["required"].to_list())
                slack = [max(0.0, s - r) for s, r in zip(sched, req)]
        n = len(starts)
    else:
        n = n_intervals if n_intervals is not None else (len(open) if open is not None else
                                                         (len(slack) if slack is not None else None))
        if n is None:
            raise InvalidInputError("give `intervals` (a frame), `n_intervals`, `open` or `slack`")
    if interval_minutes is None:
        raise InvalidInputError("`interval_minutes` is needed (no `intervals` frame gives the grid)")
    interval_minutes = _whole("interval_minutes", interval_minutes, 1)
    is_open = _resolve_open(open, calling_hours, "calling_hours", starts, interval_minutes, n, "intervals")
    slack_list = [0.0] * n if slack is None else _numbers("slack", slack)
    if len(is_open) != n or len(slack_list) != n:
        raise InvalidInputError(f"`open` has {len(is_open)} intervals and `slack` {len(slack_list)}; expected {n}")
    (blended, dedicated, worked, remaining, peak, hours, ded_hours, attempts,
     contacts) = _wfmkit.outbound(_number("records", records), _number("contact_rate", contact_rate),
                                  _whole("max_attempts", max_attempts, 1), _number("talk_s", talk_s),
                                  _number("attempt_s", attempt_s), interval_minutes, _number("occupancy", occupancy),
                                  is_open, slack_list)
    cols: dict[str, object] = {}
    if starts is not None:
        cols["interval_start"] = starts
    cols.update(open=is_open, slack=slack_list, blended_agents=blended, dedicated_agents=dedicated, records=worked,
                remaining=remaining)
    return OutboundStaffing(pl.DataFrame(cols), peak, hours, ded_hours, attempts, contacts)
