"""wfmkit.requirements: agents per interval from a forecast."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

import polars as pl

from . import _wfmkit
from ._erlang import _REQUIRED_KEYS, _option
from ._frames import from_ipc, to_ipc
from ._options import options_json, reject_unknown
from .exceptions import InvalidInputError

# The options of `required_agents` less `interval_s`, which a forecast frame carries itself.
_STAFFING_KEYS = tuple(k for k in _REQUIRED_KEYS if k != "interval_s") + ("method", "simulation", "concurrency",
                                                                           "slowdown", "backlog")


def _staffing_options(model: str, service_level: float | None, answer_within_s: float, patience_s: float | None,
                      max_asa_s: float | None, max_abandon: float | None, max_occupancy: float | None,
                      max_p_wait: float | None, max_blocking: float | None, shrinkage: float,
                      sl_definition: str) -> dict[str, Any]:
    """The staffing options as the dict the compiled module reads as JSON, each number checked
    here with its name (JSON has no NaN or infinity; infinite patience goes as "inf")."""
    return dict(
        model=model,
        service_level=_option("service_level", service_level),
        answer_within_s=_option("answer_within_s", answer_within_s),
        patience_s=_option("patience_s", patience_s),
        max_asa_s=_option("max_asa_s", max_asa_s),
        max_abandon=_option("max_abandon", max_abandon),
        max_occupancy=_option("max_occupancy", max_occupancy),
        max_p_wait=_option("max_p_wait", max_p_wait),
        max_blocking=_option("max_blocking", max_blocking),
        shrinkage=_option("shrinkage", shrinkage),
        sl_definition=sl_definition,
    )


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
    method: str = "erlang",
    simulation: Mapping[str, Any] | None = None,
    concurrency: int = 1,
    slowdown: Sequence[float] | None = None,
    backlog: Mapping[str, Any] | None = None,
    queues: Mapping[str, Mapping[str, Any]] | None = None,
    skill_groups: Mapping[str, str] | None = None,
    **unknown: Any,
) -> pl.DataFrame:
    """Agents required per interval (and per ``queue``) of a forecast frame.

    Applies the staffing model and every given target to each interval; returns the
    requirements frame: ``queue``, ``interval_start``, ``volume``, ``aht_s``, ``agents`` (net),
    ``agents_gross`` (after shrinkage), ``service_level``, ``asa_s``, ``occupancy``,
    ``p_abandon``.

    ``method="simulation"`` starts from that staffing and moves agents in time by simulating the
    whole horizon (the queue carried from interval to interval) until every interval meets
    ``service_level`` and ``max_p_wait`` (the only targets it staffs for); the metrics are then
    the simulated ones. ``simulation`` holds the settings of the job's ``[simulation]`` table
    (``replications``, ``seed``, ``handle``, ``handle_cv``, ``patience``, ``patience_s``,
    ``max_iterations``, ...; patience defaults to the staffing's ``patience_s`` under Erlang A).

    ``concurrency`` above 1 (or a ``slowdown``) staffs a chat queue: each agent handles that many
    chats at once, each ``slowdown[m - 1]`` times as long at concurrency ``m``, for the
    ``service_level`` target (see :func:`chat_staffing`).

    ``backlog`` staffs email or back-office work with deadlines instead (the job's
    ``[staffing.backlog]`` table: ``targets`` as ``(share, within_minutes)`` pairs or
    ``{"share", "within_minutes"}`` tables, ``clock``, ``opening_hours`` keyed ``mon``..``sun``
    or ``daily``, ``every_interval``, ``occupancy``, ``initial_backlog``,
    ``initial_backlog_age_minutes``): the fluid plan of :func:`backlog_staffing` over the whole
    forecast, rounded up to whole agents; ``service_level`` is then the share of each
    interval's items answered within the first deadline and ``asa_s`` their mean wait. No voice
    target applies beside it.

    Several queues and channels at once: ``queues`` maps a queue of the forecast's ``queue``
    column to its own options (any of the keywords above, over the ones given here; a key set to
    None removes it, e.g. ``{"service_level": None, "backlog": {...}}`` for an email queue).
    ``skill_groups`` maps queues to the group of agents who serve them (default: the queue
    itself). With either, the frame gains ``channel`` (``voice``, ``chat`` or ``backlog``) and
    ``skill_group`` columns; :func:`skill_group_requirements` sums it per group for the
    scheduler, so one agent's shift can serve several queues and channels over the day.
    """
    if queues is not None or skill_groups is not None:
        base = dict(model=model, service_level=service_level, answer_within_s=answer_within_s,
                    patience_s=patience_s, max_asa_s=max_asa_s, max_abandon=max_abandon,
                    max_occupancy=max_occupancy, max_p_wait=max_p_wait, max_blocking=max_blocking,
                    shrinkage=shrinkage, sl_definition=sl_definition, method=method, simulation=simulation,
                    concurrency=concurrency, slowdown=slowdown, backlog=backlog, **unknown)
        return _requirements_by_queue(forecast, base, queues or {}, skill_groups or {})
    reject_unknown("requirements", unknown, _STAFFING_KEYS)
    opts = _staffing_options(model, service_level, answer_within_s, patience_s, max_asa_s, max_abandon,
                             max_occupancy, max_p_wait, max_blocking, shrinkage, sl_definition)
    opts["method"] = method
    if isinstance(concurrency, bool) or not isinstance(concurrency, (int, np.integer)) or int(concurrency) < 1:
        raise InvalidInputError(f"`concurrency` must be a whole number >= 1, got {concurrency!r}")
    opts["concurrency"] = int(concurrency)
    opts["slowdown"] = [float(x) for x in (slowdown or [])]
    if backlog is not None:
        if not isinstance(backlog, Mapping):
            raise InvalidInputError(f"`backlog` must be a mapping (the [staffing.backlog] table), got {backlog!r}")
        b = dict(backlog)
        if "targets" in b:
            try:
                b["targets"] = [t if isinstance(t, Mapping) else {"share": t[0], "within_minutes": t[1]}
                                for t in b["targets"]]
            except (TypeError, IndexError, KeyError):
                raise InvalidInputError("`backlog.targets` must be (share, within_minutes) pairs or "
                                        f"{{share, within_minutes}} tables, got {backlog['targets']!r}") from None
        opts["backlog"] = b
    settings = None if simulation is None else json.dumps(dict(simulation))
    return from_ipc(_wfmkit.requirements(to_ipc(forecast, "forecast"), options_json(opts), settings))


def _channel(options: Mapping[str, Any]) -> str:
    if options.get("backlog") is not None:
        return "backlog"
    if int(options.get("concurrency") or 1) != 1 or options.get("slowdown"):
        return "chat"
    return "voice"


def _requirements_by_queue(forecast: pl.DataFrame, base: dict[str, Any], queues: Mapping[str, Mapping[str, Any]],
                           skill_groups: Mapping[str, str]) -> pl.DataFrame:
    """`requirements` queue by queue with each queue's own options, with `channel` and
    `skill_group` columns."""
    names = forecast["queue"].unique(maintain_order=True).to_list() if "queue" in forecast.columns else ["main"]
    for what, mapping in (("queues", queues), ("skill_groups", skill_groups)):
        if not isinstance(mapping, Mapping):
            raise InvalidInputError(f"`{what}` must be a mapping by queue name, got {type(mapping).__name__}")
        unknown_queues = sorted(set(mapping) - set(names))
        if unknown_queues:
            raise InvalidInputError(f"`{what}` names queue(s) {unknown_queues} not in the forecast (queues: {names})")
    parts = []
    for name in names:
        opts = dict(base)
        override = queues.get(name, {})
        if not isinstance(override, Mapping):
            raise InvalidInputError(f"`queues[{name!r}]` must be a mapping of options, got {override!r}")
        for k, v in override.items():
            if k in ("queues", "skill_groups"):
                raise InvalidInputError(f"`queues[{name!r}]` cannot set `{k}`")
            opts[k] = v
        defaults = {"model": "erlang_c", "answer_within_s": 20.0, "shrinkage": 0.0, "sl_definition": "offered",
                    "method": "erlang", "concurrency": 1}
        for k, v in defaults.items():
            if opts.get(k) is None:
                opts[k] = v
        part = forecast.filter(pl.col("queue") == name) if "queue" in forecast.columns else forecast
        try:
            req = requirements(part, **opts)
        except InvalidInputError as e:
            raise InvalidInputError(f"queue `{name}`: {e}") from None
        except (TypeError, ValueError) as e:
            raise InvalidInputError(f"queue `{name}`: {e}") from None
        group = skill_groups.get(name, name)
        if not isinstance(group, str) or not group:
            raise InvalidInputError(f"`skill_groups[{name!r}]` must be a non-empty name, got {group!r}")
        parts.append(req.with_columns(pl.lit(_channel(opts)).alias("channel"), pl.lit(group).alias("skill_group")))
    return pl.concat(parts, how="vertical")


def skill_group_requirements(requirements: pl.DataFrame) -> pl.DataFrame:
    """The requirement of each skill group: its queues' ``agents`` and ``agents_gross`` summed
    per interval (a frame of :func:`requirements` with ``queues``/``skill_groups``), with
    ``queues`` (how many) and ``channels`` (their names, joined by ``+``). Each group's rows are
    what :func:`wfmkit.schedule` covers for agents who serve all of its queues and channels (the
    Rust ``schedule::CoverRequirement::combined``). Every queue of a group must be on the same
    grid."""
    for col in ("skill_group", "interval_start", "agents", "agents_gross", "queue", "channel"):
        if col not in requirements.columns:
            raise InvalidInputError(f"`requirements` has no `{col}` column: make it with "
                                    "`requirements(..., queues=..., skill_groups=...)`")
    per_group = requirements.group_by("skill_group", maintain_order=True).agg(
        pl.col("queue").n_unique().alias("queues"),
        pl.col("channel").unique(maintain_order=True).sort().str.join("+").alias("channels"))
    # Every queue of a group on the same intervals (as `CoverRequirement::combined` checks).
    for (group,), part in requirements.partition_by("skill_group", as_dict=True, maintain_order=True).items():
        grids = [q["interval_start"].sort().to_list() for q in part.partition_by("queue", maintain_order=True)]
        if any(g != grids[0] for g in grids[1:]):
            raise InvalidInputError(f"skill group `{group}`: its queues are not on the same intervals")
    sums = requirements.group_by(["skill_group", "interval_start"], maintain_order=True).agg(
        pl.col("agents").sum(), pl.col("agents_gross").sum())
    return sums.join(per_group, on="skill_group", how="left").sort(["skill_group", "interval_start"])


@dataclass(frozen=True)
class UncertainStaffing:
    """What :func:`agents_for_probability` returns: the staffing that meets the targets with the
    chosen probability (``agents``, ``agents_gross``), the point forecast's staffing beside it
    (``point_agents``, ``point_agents_gross``) and the rate factor it staffed for (``factor``, the
    quantile of the busyness factor)."""

    agents: int
    agents_gross: int
    point_agents: int
    point_agents_gross: int
    factor: float


def agents_for_probability(
    volume: float,
    aht_s: float,
    *,
    rate_cv: float,
    probability: float,
    interval_s: float = 1800.0,
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
) -> UncertainStaffing:
    """Agents that meet every target with probability ``probability`` when the interval's rate
    is the forecast ``volume`` times a gamma busyness factor of mean 1 and CV ``rate_cv`` (the
    forecast's own uncertainty: a negative-binomial count). Every target worsens as the rate
    grows, so this is the staffing at the rate's ``probability``-quantile; the point forecast's
    staffing is given beside it, so the difference is what the choice costs. The targets are
    those of :func:`wfmkit.required_agents`."""
    opts = _staffing_options(model, service_level, answer_within_s, patience_s, max_asa_s, max_abandon,
                             max_occupancy, max_p_wait, max_blocking, shrinkage, sl_definition)
    a, ag, p, pg, f = _wfmkit.agents_for_probability(
        float(volume), float(aht_s), float(interval_s), options_json(opts), float(rate_cv), float(probability)
    )
    return UncertainStaffing(a, ag, p, pg, f)


def mixed_erlang_a(
    volume: float,
    aht_s: float,
    agents: int,
    patience_s: float,
    *,
    rate_cv: float,
    interval_s: float = 1800.0,
    answer_within_s: float = 20.0,
    sl_definition: str = "offered",
) -> dict[str, float]:
    """Erlang A averaged over a gamma busyness factor of mean 1 and CV ``rate_cv``: the expected
    ``service_level``, ``p_abandon`` and ``p_wait`` when the rate itself is uncertain (400
    equally likely quantiles of the factor)."""
    sl, ab, pw = _wfmkit.mixed_erlang_a(
        float(volume), float(aht_s), float(interval_s), int(agents), float(patience_s), float(answer_within_s),
        sl_definition, float(rate_cv)
    )
    return {"service_level": sl, "p_abandon": ab, "p_wait": pw}


@dataclass(frozen=True)
class ChatStaffing:
    """What :func:`chat_staffing` returns: the ``agents`` and, at them, the probability that a
    chat waits for a slot (``p_wait``), the ``service_level`` (wait at most
    ``answer_within_s``), the mean wait ``asa_s``, the slot ``occupancy``, the
    ``mean_concurrency`` per agent, and whether the agents can carry the load (``stable``)."""

    agents: int
    p_wait: float
    service_level: float
    asa_s: float
    occupancy: float
    mean_concurrency: float
    stable: bool


def chat_staffing(
    volume: float,
    aht_s: float,
    *,
    concurrency: int,
    interval_s: float,
    slowdown: Sequence[float] | None = None,
    service_level: float | None = None,
    answer_within_s: float = 60.0,
    agents: int | None = None,
) -> ChatStaffing:
    """Chat (or messaging) staffing with concurrency: each agent handles up to ``concurrency``
    chats at once; ``slowdown[m - 1]`` is how many times longer a chat takes when its agent has
    ``m`` open (``slowdown[0] == 1``; default none). Gives the fewest agents meeting
    ``service_level`` within ``answer_within_s``, or the metrics at ``agents``. Exact: a
    birth-death chain over the chats in the system with chats spread evenly over the agents
    (Rust docs of ``staffing::chat_metrics``); with ``concurrency=1`` it is Erlang C. Raises
    :class:`wfmkit.InvalidInputError` naming the argument."""
    if isinstance(concurrency, bool) or not isinstance(concurrency, (int, np.integer)) or int(concurrency) < 1:
        raise InvalidInputError(f"`concurrency` must be a whole number >= 1, got {concurrency!r}")
    if agents is not None and (isinstance(agents, bool) or not isinstance(agents, (int, np.integer)) or agents < 0):
        raise InvalidInputError(f"`agents` must be a whole number >= 0, got {agents!r}")
    r = _wfmkit.chat(float(volume), float(aht_s), float(interval_s), int(concurrency),
                     [float(x) for x in (slowdown or [])], float(answer_within_s),
                     None if agents is None else int(agents),
                     None if service_level is None else float(service_level))
    return ChatStaffing(int(r[0]), float(r[1]), float(r[2]), float(r[3]), float(r[4]), float(r[5]), bool(r[6]))
