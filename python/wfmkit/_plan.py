"""wfmkit.plan: forecast, staffing and schedule in one call."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Mapping

import polars as pl

from . import _wfmkit
from ._frames import from_ipc, to_ipc
from ._schedule import Plan, _plan_from_tuple
from .exceptions import InvalidInputError


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
