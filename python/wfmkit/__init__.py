"""wfmkit: workforce management for contact centres.

Forecast interval volumes and handle times, turn them into agent requirements with Erlang
models, and schedule shifts that cover them at least cost. Frames are polars DataFrames.
"""

from __future__ import annotations

from ._forecast import backtest, forecast
from ._plan import PlanResult, plan
from ._schedule import CostSplit, Plan, schedule
from ._staffing import requirements
from ._wfmkit import __version__
from .exceptions import (
    InfeasibleError,
    InvalidInputError,
    OutputError,
    SolverError,
    TimeLimitError,
    WfmError,
)

__all__ = [
    "__version__",
    "backtest",
    "forecast",
    "requirements",
    "schedule",
    "plan",
    "Plan",
    "PlanResult",
    "CostSplit",
    "WfmError",
    "InvalidInputError",
    "InfeasibleError",
    "TimeLimitError",
    "SolverError",
    "OutputError",
]
