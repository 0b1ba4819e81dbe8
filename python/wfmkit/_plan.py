"""wfmkit.plan: forecast, staffing and schedule in one call."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Mapping

import polars as pl

from . import _wfmkit
from ._frames import from_ipc, to_ipc
from ._schedule import Plan
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

    @property
    def activities(self) -> pl.DataFrame:
        return self.schedule.activities


def plan(
    history: pl.DataFrame,
    config: Mapping[str, Any] | str | os.PathLike[str],
    queue: str | None = None,
) -> PlanResult:
    """Forecast, staffing, schedule and evaluation for one queue in one call.

    ``config`` is a job configuration: a mapping with the tables of the TOML job file
    (``history`` for column mapping, ``forecast``, ``staffing``, ``schedule``, ``queues``), or
    the path of a TOML job file. ``history`` replaces the files the config names.

    ``queue`` picks the queue to plan when the history's queue column holds several (default:
    its only queue, or the config's ``queue`` without a queue column); the config's
    ``[queues.<name>]`` overrides for that queue apply. This is the command-line job's path for
    one queue (``wfmkit plan --config``), so the frames are the job's: under Erlang C staffing
    the coverage carries the projected ``net_agents``, ``service_level`` and ``asa_s``.
    """
    text, fmt = _config_text(config)
    return _plan_text(history, text, fmt, queue)


def _config_text(config: Mapping[str, Any] | str | os.PathLike[str]) -> tuple[str, str]:
    """The config as text and its format (`json` for a mapping, `toml` for a file)."""
    if isinstance(config, Mapping):
        return json.dumps(config, default=str), "json"
    try:
        with open(config, encoding="utf-8") as f:
            return f.read(), "toml"
    except OSError as e:
        raise InvalidInputError(f"cannot read config `{config}`: {e.strerror}") from e


def _plan_text(history: pl.DataFrame, text: str, fmt: str, queue: str | None) -> PlanResult:
    f, r, t = _wfmkit.plan(to_ipc(history, "history"), text, fmt, queue)
    return PlanResult(from_ipc(f), from_ipc(r), Plan(t))
