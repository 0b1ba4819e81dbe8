"""Multi-skill queues: several call types, agent groups with skill sets and priority routing,
simulated and staffed at least cost (Cezik & L'Ecuyer 2008)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Sequence

import polars as pl

from . import _wfmkit
from .exceptions import InvalidInputError


def _spec(volume, aht_s, skills, patience_s, routing, period_s, answer_within_s, replications, seed,
          names) -> dict[str, Any]:
    k = len(volume)
    if names is not None and len(names) != k:
        raise InvalidInputError(f"`names` has {len(names)} entries for {k} call types")
    try:
        pat = [None] * k if patience_s is None else [None if p is None or math.isinf(float(p)) else float(p)
                                                        for p in patience_s]
        volume, aht_s = [float(v) for v in volume], [float(a) for a in aht_s]
        skills = [[int(t) for t in s] for s in skills]
        routing = [[int(g) for g in r] for r in (routing or [])]
    except (TypeError, ValueError) as e:
        raise InvalidInputError(f"multi-skill system: numbers expected ({e})") from None
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 2:
        raise InvalidInputError(f"`replications` must be a whole number >= 2, got {replications!r}")
    return dict(volume=volume, aht_s=aht_s, patience_s=pat, skills=skills, routing=routing,
                period_s=float(period_s), answer_within_s=float(answer_within_s), replications=int(replications),
                seed=int(seed), agents=None, cost=None, target=None, max_iterations=50)


def _frame(result: dict[str, Any], names: Sequence[str]) -> pl.DataFrame:
    cols: dict[str, Any] = {"call_type": list(names)}
    for key in ("service_level", "asa_s", "abandon", "p_wait"):
        cols[key] = [e["mean"] for e in result[key]]
        cols[f"{key}_lo"] = [e["lo"] for e in result[key]]
        cols[f"{key}_hi"] = [e["hi"] for e in result[key]]
    return pl.DataFrame(cols)


def simulate_multi_skill(
    volume: Sequence[float],
    aht_s: Sequence[float],
    skills: Sequence[Sequence[int]],
    agents: Sequence[int],
    *,
    patience_s: Sequence[float | None] | None = None,
    routing: Sequence[Sequence[int]] | None = None,
    period_s: float = 1800.0,
    answer_within_s: float = 20.0,
    replications: int = 200,
    seed: int = 1,
    names: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Simulate one period of several call types routed to agent groups.

    ``volume[k]`` calls of type ``k`` arrive in ``period_s`` seconds (Poisson), each taking an
    exponential ``aht_s[k]``; with ``patience_s[k]`` they abandon after an exponential patience.
    ``skills[i]`` lists the types group ``i`` answers, in its order of preference, and
    ``agents[i]`` its agents. A call goes to the first group of ``routing[k]`` with an idle agent
    (default: the groups that serve it, specialists first); a freed agent takes the oldest call
    of the first type in its list that has one waiting. Returns one row per type with the
    ``service_level`` (answered within ``answer_within_s``, offered definition), ``asa_s``,
    ``abandon`` and ``p_wait``, each with ``_lo``/``_hi`` (95% over ``replications``).
    """
    spec = _spec(volume, aht_s, skills, patience_s, routing, period_s, answer_within_s, replications, seed, names)
    spec["agents"] = [int(a) for a in agents]
    out = json.loads(_wfmkit.multi_skill(json.dumps(spec)))
    return _frame(out, names or [str(k) for k in range(len(volume))])


@dataclass(frozen=True)
class MultiSkillStaffing:
    """What :func:`multi_skill_staffing` returns: ``agents`` per group and their ``cost``,
    whether they meet every target in the simulation (``feasible``), the ``performance`` frame
    per call type (as :func:`simulate_multi_skill`), and beside them each type staffed alone by
    specialists (``alone_agents`` per type, ``alone_cost``, the same simulation and targets),
    the ``saving`` (alone cost - cost), the per-type Erlang start (``erlang_start``) and the
    cutting-plane ``iterations`` and simulation ``evaluations``."""

    agents: list[int]
    cost: float
    feasible: bool
    performance: pl.DataFrame
    alone_agents: list[int]
    alone_cost: float
    saving: float
    erlang_start: list[int]
    iterations: int
    evaluations: int


def multi_skill_staffing(
    volume: Sequence[float],
    aht_s: Sequence[float],
    skills: Sequence[Sequence[int]],
    *,
    cost: Sequence[float],
    target: float | Sequence[float],
    patience_s: Sequence[float | None] | None = None,
    routing: Sequence[Sequence[int]] | None = None,
    period_s: float = 1800.0,
    answer_within_s: float = 20.0,
    replications: int = 200,
    seed: int = 1,
    max_iterations: int = 50,
    names: Sequence[str] | None = None,
) -> MultiSkillStaffing:
    """The cheapest agents per group (``cost[i]`` each) that give every call type its service
    level ``target`` (one for all or one per type) in simulation: the cutting-plane method of
    Cezik & L'Ecuyer (2008) over the simulation's sub-gradients, from the fluid bound and from
    each type's Erlang staffing, then a descent; with the saving against staffing every type
    alone with specialists. The system is as in :func:`simulate_multi_skill`. Raises
    :class:`wfmkit.InvalidInputError` naming the field (a group that serves no type, a type no
    group serves, a route to a group without the skill)."""
    spec = _spec(volume, aht_s, skills, patience_s, routing, period_s, answer_within_s, replications, seed, names)
    k = len(volume)
    try:
        targets = [float(target)] * k if isinstance(target, (int, float)) else [float(t) for t in target]
        costs = [float(c) for c in cost]
    except (TypeError, ValueError):
        raise InvalidInputError(f"`target` and `cost` must be numbers, got {target!r} and {cost!r}") from None
    spec.update(cost=costs, target=targets, max_iterations=int(max_iterations))
    out = json.loads(_wfmkit.multi_skill(json.dumps(spec)))
    s, a = out["staffing"], out["alone"]
    return MultiSkillStaffing(
        agents=s["agents"], cost=s["cost"], feasible=s["feasible"],
        performance=_frame(s["result"], names or [str(i) for i in range(k)]),
        alone_agents=a["agents"], alone_cost=a["cost"], saving=out["saving"], erlang_start=out["erlang_start"],
        iterations=s["iterations"], evaluations=s["evaluations"])
