"""wfmkit.schedule: shifts that cover a requirement at least cost."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import polars as pl

from . import _wfmkit
from ._frames import from_ipc, to_ipc
from ._options import options_json, reject_unknown


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
    reject_unknown(
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
    t = _wfmkit.schedule(to_ipc(requirements, "requirements"), options_json(opts), agents_column)
    return _plan_from_tuple(t)
