"""wfmkit: workforce management for contact centres.

Forecast interval volumes and handle times, turn them into agent requirements with Erlang
models, and schedule shifts that cover them at least cost. Frames are polars DataFrames.
"""

from __future__ import annotations

from ._channels import BacklogStaffing, OutboundStaffing, backlog_staffing, outbound_staffing
from ._erlang import ErlangAMetrics, ErlangCMetrics, Staffing, erlang_a, erlang_b, erlang_c, required_agents
from ._forecast import backtest, forecast
from ._many import ManyResult, forecast_many, plan_many, requirements_many
from ._multi_skill import MultiSkillStaffing, multi_skill_staffing, simulate_multi_skill
from ._plan import PlanResult, plan
from ._roster import Agent, ColumnGenerationReport, Contract, DesignComparison, Roster, RosterCosts, ShiftKind, roster, roster_per_shift
from ._schedule import BreakRule, CostSplit, Plan, ShiftTemplate, schedule
from ._simulate import (
    ScheduleSimulation,
    SimulationResult,
    SimulationStaffing,
    simulate,
    simulate_intervals,
    staff_by_simulation,
)
from ._staffing import (
    ChatStaffing,
    UncertainStaffing,
    agents_for_probability,
    chat_staffing,
    mixed_erlang_a,
    requirements,
    skill_group_requirements,
)
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
    "skill_group_requirements",
    "agents_for_probability",
    "mixed_erlang_a",
    "UncertainStaffing",
    "chat_staffing",
    "ChatStaffing",
    "backlog_staffing",
    "BacklogStaffing",
    "outbound_staffing",
    "OutboundStaffing",
    "multi_skill_staffing",
    "MultiSkillStaffing",
    "simulate_multi_skill",
    "erlang_b",
    "erlang_c",
    "erlang_a",
    "required_agents",
    "ErlangCMetrics",
    "ErlangAMetrics",
    "Staffing",
    "schedule",
    "plan",
    "plan_many",
    "forecast_many",
    "requirements_many",
    "ManyResult",
    "Plan",
    "ShiftTemplate",
    "BreakRule",
    "PlanResult",
    "roster",
    "roster_per_shift",
    "simulate",
    "ScheduleSimulation",
    "simulate_intervals",
    "SimulationResult",
    "staff_by_simulation",
    "SimulationStaffing",
    "Agent",
    "Contract",
    "ShiftKind",
    "Roster",
    "RosterCosts",
    "ColumnGenerationReport",
    "DesignComparison",
    "CostSplit",
    "WfmError",
    "InvalidInputError",
    "InfeasibleError",
    "TimeLimitError",
    "SolverError",
    "OutputError",
]
