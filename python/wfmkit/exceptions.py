"""The wfmkit exception tree. Every error raised by wfmkit is a :class:`WfmError`.

The mapping from Rust errors to these classes lives in one place, ``src/python/errors.rs``.
"""

from __future__ import annotations

__all__ = [
    "WfmError",
    "InvalidInputError",
    "InfeasibleError",
    "TimeLimitError",
    "SolverError",
    "OutputError",
]


class WfmError(Exception):
    """Base class of every wfmkit error.

    Besides the message, an error carries the fields of the Rust error it comes from, ``None``
    where that error names none: ``row`` (1-based input row, the header not counted),
    ``column``, ``queue`` and ``interval`` (the interval start, as text).
    """

    row: int | None = None
    column: str | None = None
    queue: str | None = None
    interval: str | None = None


class InvalidInputError(WfmError, ValueError):
    """Bad data, options or configuration. The message names the column and row, the option or
    the config key."""


class InfeasibleError(WfmError):
    """The schedule's hard rules cannot all be met; the message names the rule or interval."""


class TimeLimitError(WfmError):
    """The solver reached its time limit without any feasible plan."""


class SolverError(WfmError):
    """The MILP solver failed for a reason other than the model."""


class OutputError(WfmError, OSError):
    """An output could not be written."""
