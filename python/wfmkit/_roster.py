"""wfmkit.roster: which named agent works which shift, with which breaks, on which day."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import polars as pl

from . import _wfmkit
from ._frames import from_ipc, to_ipc
from ._options import options_json, reject_unknown
from ._schedule import ShiftTemplate, _hhmm, _template_dict
from .exceptions import InvalidInputError

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _iso(value: Any, what: str) -> str:
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise InvalidInputError(f"{what} must be a date or a \"YYYY-MM-DD\" string, got {type(value).__name__}")


@dataclass(frozen=True)
class Contract:
    """The rules of a contract, shared by the agents on it. Every limit is optional.

    Minutes are paid minutes (shift length less unpaid breaks). ``min_minutes``/``max_minutes``
    hold over the horizon, the ``*_per_week`` limits over each week from the horizon's first day
    (a short last week scales them: maxima rounded up, minima down). ``max_shifts`` caps the
    shifts of a shift or template name over the horizon; ``shifts`` lists the shift or template
    names the contract may work (default: all). ``min_rest_min`` is the rest between the end of
    one shift and the start of the next. ``max_weekends`` counts weekends with a Saturday or
    Sunday worked. ``forbidden_successions``: ``(first, next)`` shift or template names that may
    not follow on consecutive days (e.g. ``("late", "early")``). Checked when rostered; errors name the contract and field.
    """

    name: str
    min_minutes: int | None = None
    max_minutes: int | None = None
    min_minutes_per_week: int | None = None
    max_minutes_per_week: int | None = None
    min_days_per_week: int | None = None
    max_days_per_week: int | None = None
    max_shifts: Mapping[str, int] = field(default_factory=dict)
    min_consecutive_days: int | None = None
    max_consecutive_days: int | None = None
    min_consecutive_days_off: int | None = None
    max_weekends: int | None = None
    shifts: Sequence[str] | None = None
    min_rest_min: int | None = None
    forbidden_successions: Sequence[tuple[str, str]] = ()

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["max_shifts"] = dict(self.max_shifts)
        d["forbidden_successions"] = [list(pair) for pair in self.forbidden_successions]
        d["shifts"] = list(self.shifts) if self.shifts is not None else None
        return {k: v for k, v in d.items() if v is not None}


@dataclass(frozen=True)
class Agent:
    """A named agent on a contract.

    ``days_off``: dates that must be off (leave, training). ``availability``: windows
    ``(weekday_or_date, from, to)`` such as ``("Mon", "08:00", "14:00")`` or
    ``(date(2024, 1, 3), "12:00", None)`` (``to`` None: to midnight; earlier than ``from``: over
    midnight); an agent with windows works only inside them (a date's windows replace its
    weekday's) and a day without any window is off.
    ``requests``: ``(date, kind, shift, weight)`` with kind ``"shift_on"``, ``"shift_off"``,
    ``"day_off"`` or ``"day_on"`` (``shift`` None for the day kinds); a refused request costs its
    weight. ``locked``: ``(date, shift)`` already published (``shift`` None: locked off).
    ``preferred_starts``: ``(day, from, to, weight)`` with ``day`` None (every day), a weekday
    such as ``"Mon"`` or a date; a worked shift on such a day that starts outside ``from``..``to``
    (inclusive; ``to`` before ``from`` wraps past midnight) costs ``weight``.
    ``skills``: the queues the agent serves when the requirement has several (a ``queue``
    column); none: every queue. An agent's time in an interval is split among its queues.
    """

    agent_id: str
    contract: str
    days_off: Sequence[_dt.date | str] = ()
    availability: Sequence[tuple[Any, Any, Any]] = ()
    requests: Sequence[tuple[Any, str, str | None, float]] = ()
    locked: Sequence[tuple[Any, str | None]] = ()
    skills: Sequence[str] = ()
    preferred_starts: Sequence[tuple[Any, Any, Any, float]] = ()

    def to_dict(self) -> dict[str, Any]:
        who = f"agent `{self.agent_id}`"
        windows = []
        for i, w in enumerate(self.availability):
            if len(w) != 3:
                raise InvalidInputError(f"{who}: availability[{i}] must be (weekday or date, from, to)")
            day, frm, to = w
            win: dict[str, Any] = {"from": _hhmm(self.agent_id, f"availability[{i}].from", frm)}
            if to is not None:
                win["to"] = _hhmm(self.agent_id, f"availability[{i}].to", to)
            if isinstance(day, str) and day[:3].title() in _WEEKDAYS and len(day) <= 9:
                win["weekday"] = day[:3].title()
            else:
                win["date"] = _iso(day, f"{who}: availability[{i}] day")
            windows.append(win)
        reqs = []
        for i, r in enumerate(self.requests):
            if len(r) != 4:
                raise InvalidInputError(f"{who}: requests[{i}] must be (date, kind, shift, weight)")
            date, kind, shift, weight = r
            reqs.append(
                {"date": _iso(date, f"{who}: requests[{i}] date"), "kind": kind, "shift": shift, "weight": weight}
            )
        locked = []
        for i, x in enumerate(self.locked):
            if len(x) != 2:
                raise InvalidInputError(f"{who}: locked[{i}] must be (date, shift)")
            locked.append({"date": _iso(x[0], f"{who}: locked[{i}] date"), "shift": x[1]})
        prefs = []
        for i, x in enumerate(self.preferred_starts):
            if len(x) != 4:
                raise InvalidInputError(f"{who}: preferred_starts[{i}] must be (day or None, from, to, weight)")
            day, frm, to, weight = x
            pref: dict[str, Any] = {
                "from": _hhmm(self.agent_id, f"preferred_starts[{i}].from", frm),
                "to": _hhmm(self.agent_id, f"preferred_starts[{i}].to", to),
                "weight": weight,
            }
            if day is None:
                pass
            elif isinstance(day, str) and day[:3].title() in _WEEKDAYS and len(day) <= 9:
                pref["weekday"] = day[:3].title()
            else:
                pref["date"] = _iso(day, f"{who}: preferred_starts[{i}] day")
            prefs.append(pref)
        return dict(
            agent_id=self.agent_id,
            contract=self.contract,
            skills=list(self.skills),
            days_off=[_iso(d, f"{who}: days_off") for d in self.days_off],
            availability=windows,
            requests=reqs,
            locked=locked,
            preferred_starts=prefs,
        )


@dataclass(frozen=True)
class RosterCosts:
    """The objective's parts, recomputed from the roster (never read from the solver)."""

    under: float
    over: float
    paid: float
    requests: float
    fairness: float

    @property
    def total(self) -> float:
        return self.under + self.over + self.paid + self.requests + self.fairness


@dataclass(frozen=True)
class DesignComparison:
    """The anonymous shift design on the same requirement and templates: its optimum bounds the
    roster's cover-plus-paid cost. ``price_of_named_agents`` is ``(under + over + paid) /
    objective - 1``."""

    objective: float
    bound: float
    price_of_named_agents: float


@dataclass(frozen=True)
class ColumnGenerationReport:
    """How ``method="price_and_branch"``'s column generation went: master LP ``rounds``,
    agent schedules generated (``columns``), the root LP value ``lp``, whether the root
    ``converged`` (then ``Roster.bound`` is the Dantzig–Wolfe bound) and its ``seconds``."""

    rounds: int
    columns: int
    lp: float
    converged: bool
    seconds: float


@dataclass(frozen=True)
class Roster:
    """A roster for named agents.

    ``shifts``: ``agent_id``, ``date``, ``shift``, ``start``, ``end``, ``paid_minutes``.
    ``activities``: ``agent_id``, ``date``, ``kind`` (``work`` or the break's name), ``start``,
    ``end``, ``paid``, tiling each shift. ``coverage`` (interval form): ``interval_start``,
    ``required``, ``scheduled``, ``short``, ``over`` and, when the requirement has ``volume`` and
    ``aht_s``, the projected ``service_level`` and ``asa_s``. ``shift_coverage`` (per-shift form):
    ``date``, ``shift``, ``required``, ``scheduled``. ``summary``: per agent ``paid_minutes``,
    ``days``, ``weekends``, ``nights``, requests granted and refused, ``starts_off_preference``,
    ``request_cost`` and the
    fairness view ``weekends_vs_contract``/``nights_vs_contract`` (less the contract's mean).
    ``queue_coverage`` (several queues): ``queue``, ``interval_start``, ``required``, ``served``
    (the agents' time given to the queue; fractions for agents with several skills), ``short``,
    ``over``; then ``coverage`` holds the totals over the queues.
    ``bound`` is a valid lower bound of the objective, ``gap`` relative to the objective.
    ``model_bound``: the solver's bound on the model it solved (over the shifts offered).
    ``relaxation_bound`` (interval form): the linear relaxation's optimum over every shift of the
    templates, a bound on any roster of these agents (``None`` when not reached in its time, or
    left out where ``model_bound`` covers it: every shift offered and the model solved whole);
    ``bound`` includes it.
    ``column_generation``: with ``method="price_and_branch"``, its :class:`ColumnGenerationReport`.
    """

    shifts: pl.DataFrame
    activities: pl.DataFrame
    coverage: pl.DataFrame
    summary: pl.DataFrame
    shift_coverage: pl.DataFrame
    queue_coverage: pl.DataFrame
    status: str
    objective: float
    bound: float
    model_bound: float
    relaxation_bound: float | None
    gap: float
    seconds: float
    costs: RosterCosts
    design: DesignComparison | None
    column_generation: ColumnGenerationReport | None = None


def _roster_from_tuple(t: tuple) -> Roster:
    (shifts, acts, cov, summ, scov, qcov), (status, obj, bound, mbound, rbound, gap, secs), costs, design, cg = t
    return Roster(
        from_ipc(shifts),
        from_ipc(acts),
        from_ipc(cov) if cov else pl.DataFrame(),
        from_ipc(summ),
        from_ipc(scov),
        from_ipc(qcov) if qcov else pl.DataFrame(),
        status,
        obj,
        bound,
        mbound,
        rbound,
        gap,
        secs,
        RosterCosts(*costs),
        DesignComparison(*design) if design is not None else None,
        ColumnGenerationReport(*cg) if cg is not None else None,
    )


def _contracts_json(contracts: Sequence[Contract | Mapping[str, Any]]) -> str:
    out = []
    for i, c in enumerate(contracts):
        if isinstance(c, Contract):
            out.append(c.to_dict())
        elif isinstance(c, Mapping):
            out.append({k: v for k, v in c.items() if v is not None})
        else:
            raise InvalidInputError(f"contracts[{i}] must be a Contract or a mapping, got {type(c).__name__}")
    return json.dumps(out, default=str)


def _agents_args(
    agents: Sequence[Agent | Mapping[str, Any]] | pl.DataFrame,
    leave: pl.DataFrame | None,
    availability: pl.DataFrame | None,
    requests: pl.DataFrame | None,
    locked: pl.DataFrame | None,
    preferred_starts: pl.DataFrame | None = None,
) -> dict[str, Any]:
    tables = dict(
        leave=leave, availability=availability, requests=requests, locked=locked, preferred_starts=preferred_starts
    )
    if isinstance(agents, pl.DataFrame):
        args: dict[str, Any] = {"agents_frame": to_ipc(agents, "agents")}
        for k, v in tables.items():
            args[k] = to_ipc(v, k) if v is not None else None
        return args
    given = [k for k, v in tables.items() if v is not None]
    if given:
        raise InvalidInputError(
            f"`{given[0]}` is a table of the agents frame: pass `agents` as a polars DataFrame to use it, "
            "or put the rows on each Agent"
        )
    out = []
    for i, a in enumerate(agents):
        if isinstance(a, Agent):
            out.append(a.to_dict())
        elif isinstance(a, Mapping):
            out.append(dict(a))
        else:
            raise InvalidInputError(f"agents[{i}] must be an Agent or a mapping, got {type(a).__name__}")
    return {"agents_json": json.dumps(out, default=str)}


_ROSTER_KEYS = (
    "contracts",
    "leave",
    "availability",
    "requests",
    "locked",
    "preferred_starts",
    "under_cost",
    "over_cost",
    "fairness_weight",
    "candidate_shifts",
    "time_limit_s",
    "design_time_limit_s",
    "mip_gap",
    "threads",
    "seed",
    "lns_time_s",
    "method",
    "agents_column",
    "answer_within_s",
    "projection_shrinkage",
)


def roster(
    requirements: pl.DataFrame,
    templates: Sequence[ShiftTemplate | Mapping[str, Any]],
    agents: Sequence[Agent | Mapping[str, Any]] | pl.DataFrame,
    contracts: Sequence[Contract | Mapping[str, Any]],
    *,
    leave: pl.DataFrame | None = None,
    availability: pl.DataFrame | None = None,
    requests: pl.DataFrame | None = None,
    locked: pl.DataFrame | None = None,
    preferred_starts: pl.DataFrame | None = None,
    under_cost: float = 10.0,
    over_cost: float = 0.0,
    fairness_weight: float = 0.0,
    candidate_shifts: str = "design",
    time_limit_s: float = 60.0,
    design_time_limit_s: float = 60.0,
    mip_gap: float = 0.0,
    threads: int = 1,
    seed: int = 0,
    lns_time_s: float = 0.0,
    method: str = "compact",
    agents_column: str | None = None,
    answer_within_s: float = 20.0,
    projection_shrinkage: float = 0.0,
    **unknown: Any,
) -> Roster:
    """Roster named ``agents`` on their ``contracts`` against an interval requirement.

    ``requirements`` and ``templates`` are those of :func:`wfmkit.schedule` (breaks included;
    each agent's breaks are placed within its shift). A ``queue`` column with several queues
    (one grid) rosters them together: each agent serves the queues its ``skills`` name (all of
    them when it names none), its time in each interval split among them; each queue pays its
    own short and over cost, ``Roster.queue_coverage`` gives each queue's cover, and the shift
    design on the summed requirement is the lower bound. First the anonymous shift design is solved
    (``design_time_limit_s``); its optimum bounds the roster's cover-plus-paid cost and is
    reported as ``Roster.design``. Then every agent gets a shift or a day off on every day, from
    the shifts the design uses (``candidate_shifts="design"``), those and their neighbouring
    starts (``"design_neighbours"``), or every shift of the templates (``"all"``).

    ``agents`` is a list of :class:`Agent` (or mappings with its fields), or a polars frame with
    ``agent_id``, ``contract`` (and ``skills``), with the optional tables ``leave`` (``agent_id``,
    ``date``), ``availability`` (``agent_id``, ``weekday`` or ``date``, ``from``, ``to``),
    ``requests`` (``agent_id``, ``date``, ``kind``, ``shift``, ``weight``) and ``locked``
    (``agent_id``, ``date``, ``shift``) and ``preferred_starts`` (``agent_id``, ``weekday`` or
    ``date`` or neither, ``from``, ``to``, ``weight``). The objective is ``under_cost``/``over_cost`` per
    agent-minute short/over, the templates' paid cost, refused request weights and missed start
    preferences, and
    ``fairness_weight`` × the spread (max − min) of weekends and of nights among the agents of
    each contract. ``lns_time_s``: seconds of large-neighbourhood search (free part of the
    roster, re-solve it exactly with the rest fixed) after the MILP stops at its time limit.
    ``method``: ``"compact"`` (one MILP, default) or ``"price_and_branch"`` (column generation
    over each agent's schedule with a labelling pricing, its Lagrangian bound, then a dive and
    the master MILP; much faster and tighter on the Curtois benchmark). ``Roster.relaxation_bound``
    is the roster model's linear relaxation over every shift of the templates, part of
    ``Roster.bound``: first, in at most half of ``time_limit_s`` (the roster gets the rest), or,
    with ``threads`` >= 2, on one of the threads alongside the roster. Rules that cannot all
    hold raise :class:`wfmkit.InfeasibleError` naming the agents and rules; a time limit without
    any roster raises :class:`wfmkit.TimeLimitError`.
    """
    reject_unknown("roster", unknown, _ROSTER_KEYS)
    sched = dict(
        templates=[_template_dict(t, i) for i, t in enumerate(templates)],
        under_cost=under_cost,
        over_cost=over_cost,
        time_limit_s=design_time_limit_s,
        mip_gap=mip_gap,
        threads=threads,
        seed=seed,
    )
    opts = dict(
        fairness_weight=fairness_weight,
        candidate_shifts=candidate_shifts,
        time_limit_s=time_limit_s,
        mip_gap=mip_gap,
        threads=threads,
        seed=seed,
        lns_time_s=lns_time_s,
        method=method,
    )
    t = _wfmkit.roster(
        to_ipc(requirements, "requirements"),
        options_json(sched),
        _contracts_json(contracts),
        options_json(opts),
        agents_column=agents_column,
        answer_within_s=float(answer_within_s),
        projection_shrinkage=float(projection_shrinkage),
        **_agents_args(agents, leave, availability, requests, locked, preferred_starts),
    )
    return _roster_from_tuple(t)


@dataclass(frozen=True)
class ShiftKind:
    """A shift of the per-shift form: ``name``, ``start`` (``"HH:MM"``), ``length_min``, the
    shift names it ``cannot_follow`` on the next day, and whether it counts as a ``night``
    (default: at least 3 hours between 23:00 and 06:00)."""

    name: str
    start: str | _dt.time
    length_min: int
    cannot_follow: Sequence[str] = ()
    night: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        d = dict(
            name=self.name,
            start=_hhmm(self.name, "start", self.start),
            length_min=self.length_min,
            cannot_follow=list(self.cannot_follow),
        )
        if self.night is not None:
            d["night"] = self.night
        return d


def roster_per_shift(
    cover: pl.DataFrame,
    shifts: Sequence[ShiftKind | Mapping[str, Any]],
    agents: Sequence[Agent | Mapping[str, Any]] | pl.DataFrame,
    contracts: Sequence[Contract | Mapping[str, Any]],
    *,
    start: _dt.date | str,
    days: int,
    leave: pl.DataFrame | None = None,
    availability: pl.DataFrame | None = None,
    requests: pl.DataFrame | None = None,
    locked: pl.DataFrame | None = None,
    preferred_starts: pl.DataFrame | None = None,
    fairness_weight: float = 0.0,
    time_limit_s: float = 60.0,
    mip_gap: float = 0.0,
    threads: int = 1,
    seed: int = 0,
    lns_time_s: float = 0.0,
    method: str = "compact",
    **unknown: Any,
) -> Roster:
    """Roster named agents against a cover per day and shift (the nurse-rostering form).

    ``cover`` has ``date``, ``shift``, ``required``, ``under_weight`` and ``over_weight`` per
    (day, shift) with a requirement; ``shifts`` are :class:`ShiftKind` (or mappings); the horizon
    is ``days`` days from ``start``. Agents and contracts as in :func:`roster`; the objective is
    the weighted under- and over-cover, refused requests and fairness. ``method`` as in
    :func:`roster`.
    """
    reject_unknown(
        "roster_per_shift",
        unknown,
        ("start", "days", "leave", "availability", "requests", "locked", "preferred_starts", "fairness_weight", "time_limit_s", "mip_gap", "threads", "seed", "lns_time_s", "method"),
    )
    if not isinstance(cover, pl.DataFrame):
        raise InvalidInputError(f"`cover` must be a polars DataFrame, got {type(cover).__name__}")
    need = ["date", "shift", "required", "under_weight", "over_weight"]
    missing = [c for c in need if c not in cover.columns]
    if missing:
        raise InvalidInputError(f"`cover` has no column `{missing[0]}`; it needs {', '.join(need)}")
    rows = [
        {
            "date": _iso(r["date"], f"cover row {i + 1}: date"),
            "shift": str(r["shift"]),
            "required": r["required"],
            "under_weight": r["under_weight"],
            "over_weight": r["over_weight"],
        }
        for i, r in enumerate(cover.select(need).iter_rows(named=True))
    ]
    kinds = []
    for i, s in enumerate(shifts):
        if isinstance(s, ShiftKind):
            kinds.append(s.to_dict())
        elif isinstance(s, Mapping):
            kinds.append(dict(s))
        else:
            raise InvalidInputError(f"shifts[{i}] must be a ShiftKind or a mapping, got {type(s).__name__}")
    opts = dict(
        fairness_weight=fairness_weight, time_limit_s=time_limit_s, mip_gap=mip_gap, threads=threads, seed=seed,
        lns_time_s=lns_time_s, method=method,
    )
    t = _wfmkit.roster_per_shift(
        _iso(start, "start"),
        int(days),
        json.dumps(kinds),
        json.dumps(rows, default=str),
        _contracts_json(contracts),
        options_json(opts),
        **_agents_args(agents, leave, availability, requests, locked, preferred_starts),
    )
    return _roster_from_tuple(t)
