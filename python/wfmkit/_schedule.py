"""wfmkit.schedule: shifts that cover a requirement at least cost."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import polars as pl

from . import _wfmkit
from ._frames import from_ipc, to_ipc
from ._options import options_json, reject_unknown
from .exceptions import InvalidInputError


@dataclass(frozen=True)
class BreakRule:
    """A break every agent on a shift takes once.

    ``length_min`` long, beginning between ``earliest_after_start_min`` and
    ``latest_after_start_min`` minutes after the shift starts. ``name`` is the activity kind in
    the plan (e.g. ``"lunch"``). The breaks of one template must have ordered, disjoint windows.
    """

    length_min: int
    earliest_after_start_min: int
    latest_after_start_min: int
    paid: bool = False
    name: str = "break"

    def to_dict(self) -> dict[str, Any]:
        return dict(
            name=self.name,
            length_min=self.length_min,
            earliest_after_start_min=self.earliest_after_start_min,
            latest_after_start_min=self.latest_after_start_min,
            paid=self.paid,
        )


def _hhmm(template: str, field_name: str, value: Any) -> str:
    if isinstance(value, _dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, str):
        return value
    raise InvalidInputError(
        f"shift template `{template}`: `{field_name}` must be an \"HH:MM\" string or datetime.time, got {type(value).__name__}"
    )


@dataclass(frozen=True)
class ShiftTemplate:
    """A family of shifts: starts from ``earliest_start`` to ``latest_start`` (``"HH:MM"`` or
    ``datetime.time``) every ``start_step_min`` minutes, lengths from ``min_length_min`` to
    ``max_length_min`` every ``length_step_min`` minutes (steps default to the requirement's
    interval), on ``days`` (e.g. ``["Mon", "Tue"]``; default every day), with break rules and a
    cost per paid minute (default 1, so the objective counts paid minutes). ``max_per_day`` is a
    hard limit on the agents starting the template on any one day (e.g. the headcount on that
    contract). Checked when scheduled; errors name the template and field."""

    name: str
    earliest_start: str | _dt.time
    latest_start: str | _dt.time
    min_length_min: int
    max_length_min: int
    start_step_min: int | None = None
    length_step_min: int | None = None
    days: Sequence[str] | None = None
    breaks: Sequence[BreakRule | Mapping[str, Any]] = field(default_factory=tuple)
    cost_per_min: float = 1.0
    max_per_day: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(
            name=self.name,
            earliest_start=_hhmm(self.name, "earliest_start", self.earliest_start),
            latest_start=_hhmm(self.name, "latest_start", self.latest_start),
            min_length_min=self.min_length_min,
            max_length_min=self.max_length_min,
            start_step_min=self.start_step_min,
            length_step_min=self.length_step_min,
            days=list(self.days) if self.days is not None else None,
            breaks=[b.to_dict() if isinstance(b, BreakRule) else dict(b) for b in self.breaks],
            cost_per_min=self.cost_per_min,
            max_per_day=self.max_per_day,
        )


def _template_dict(t: ShiftTemplate | Mapping[str, Any], i: int) -> dict[str, Any]:
    if isinstance(t, ShiftTemplate):
        d = t.to_dict()
    elif isinstance(t, Mapping):
        d = dict(t)
        name = str(d.get("name", f"#{i + 1}"))
        for k in ("earliest_start", "latest_start"):
            if k in d:
                d[k] = _hhmm(name, k, d[k])
        if "breaks" in d:
            d["breaks"] = [b.to_dict() if isinstance(b, BreakRule) else dict(b) for b in d["breaks"]]
    else:
        raise InvalidInputError(f"templates[{i}] must be a ShiftTemplate or a mapping, got {type(t).__name__}")
    return {k: v for k, v in d.items() if v is not None}


@dataclass(frozen=True)
class CostSplit:
    """The objective's parts, recomputed from the plan."""

    paid: float
    under: float
    over: float
    patterns: float = 0.0
    patterns_used: int = 0

    @property
    def total(self) -> float:
        return self.paid + self.under + self.over + self.patterns


class Plan:
    """A schedule: the chosen shifts, the coverage they give, and how the solver finished.

    ``shifts`` has one row per (day, template, start, length, break times) with its ``count`` of
    agents; ``activities`` has one row per break of each shifts row (``shift_row`` is the row
    index in ``shifts``); ``coverage`` has ``required``, ``scheduled`` (agents on duty, breaks
    taken out), ``short``, ``over`` and, when the requirement came from
    :func:`wfmkit.requirements`, the projected ``service_level`` and ``asa_s``.

    It wraps the Rust plan (``wfmkit._wfmkit.Plan``): every number is the core type's field,
    and each frame is built once, when first read.
    """

    __slots__ = ("_core", "_frames")

    def __init__(self, core: _wfmkit.Plan) -> None:
        self._core = core
        self._frames: dict[str, pl.DataFrame] = {}

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # The core pickles itself (its plan as JSON, its coverage as Arrow IPC).
        return (Plan, (self._core,))

    def _frame(self, name: str) -> pl.DataFrame:
        if name not in self._frames:
            self._frames[name] = from_ipc(getattr(self._core, name))
        return self._frames[name]

    @property
    def shifts(self) -> pl.DataFrame:
        return self._frame("shifts")

    @property
    def coverage(self) -> pl.DataFrame:
        return self._frame("coverage")

    @property
    def activities(self) -> pl.DataFrame:
        return self._frame("activities")

    @property
    def status(self) -> str:
        return self._core.status

    @property
    def objective(self) -> float:
        return self._core.objective

    @property
    def bound(self) -> float:
        return self._core.bound

    @property
    def gap(self) -> float:
        return self._core.gap

    @property
    def seconds(self) -> float:
        return self._core.seconds

    @property
    def costs(self) -> CostSplit:
        c = self._core
        return CostSplit(c.paid, c.under, c.over, c.patterns, c.patterns_used)

    def __repr__(self) -> str:
        return (
            f"Plan(status={self.status!r}, objective={self.objective!r}, bound={self.bound!r}, "
            f"gap={self.gap!r}, shifts={self.shifts.height} rows)"
        )


_SCHEDULE_KEYS = (
    "under_cost",
    "over_cost",
    "pattern_cost",
    "cyclic",
    "hard_coverage",
    "time_limit_s",
    "mip_gap",
    "threads",
    "seed",
    "agents_column",
    "answer_within_s",
    "projection_shrinkage",
)


def schedule(
    requirements: pl.DataFrame,
    templates: Sequence[ShiftTemplate | Mapping[str, Any]],
    *,
    under_cost: float = 10.0,
    over_cost: float = 0.0,
    pattern_cost: float = 0.0,
    cyclic: bool = False,
    hard_coverage: bool = False,
    time_limit_s: float = 60.0,
    mip_gap: float = 0.0,
    threads: int = 1,
    seed: int = 0,
    agents_column: str | None = None,
    answer_within_s: float = 20.0,
    projection_shrinkage: float = 0.0,
    **unknown: Any,
) -> Plan:
    """Choose shifts, how many agents work each and where their breaks go, at least cost.

    ``requirements`` has ``interval_start`` and ``agents_gross`` (or ``agents``, or the column
    named by ``agents_column``), consecutive and equally spaced. ``templates`` are
    :class:`ShiftTemplate` objects or mappings with the same fields. Costs: ``under_cost`` and
    ``over_cost`` per agent-minute, ``pattern_cost`` per distinct (start time, length) used on any
    day. ``cyclic`` wraps the horizon. ``hard_coverage=True`` forbids under-cover: when the
    templates (their windows, breaks and ``max_per_day`` limits) cannot meet some interval,
    :class:`wfmkit.InfeasibleError` names it and the rule; a time limit reached before any plan
    raises :class:`wfmkit.TimeLimitError`. Solver: ``time_limit_s``, relative ``mip_gap``,
    ``threads``, ``seed`` (same inputs and seed give the same plan).

    When ``requirements`` has ``volume`` and ``aht_s`` (as from :func:`wfmkit.requirements`), the
    coverage also gives the projected Erlang C ``service_level`` (answered within
    ``answer_within_s``) and ``asa_s`` of ``net_agents = floor(scheduled * (1 -
    projection_shrinkage))``. Breaks are already out of ``scheduled``; pass the shrinkage the
    requirement used for what the schedule does not model (absence, training), or 0 to take the
    scheduled agents as net.
    """
    reject_unknown("schedule", unknown, _SCHEDULE_KEYS)
    opts = dict(
        templates=[_template_dict(t, i) for i, t in enumerate(templates)],
        under_cost=under_cost,
        over_cost=over_cost,
        pattern_cost=pattern_cost,
        cyclic=cyclic,
        hard_coverage=hard_coverage,
        time_limit_s=time_limit_s,
        mip_gap=mip_gap,
        threads=threads,
        seed=seed,
    )
    core = _wfmkit.schedule(
        to_ipc(requirements, "requirements"),
        options_json(opts),
        agents_column,
        float(answer_within_s),
        float(projection_shrinkage),
    )
    return Plan(core)
