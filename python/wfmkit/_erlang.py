"""wfmkit.erlang_b / erlang_c / erlang_a / required_agents: exact Erlang staffing maths.

Scalars in give Python floats and ints out. Any array-like in (list, tuple, numpy array,
polars or pandas Series) gives numpy arrays out, broadcast against the other numeric arguments
with numpy's rules. The inputs cross to Rust as contiguous float64 buffers and the work runs
with the GIL released (``src/python/erlang.rs``); the maths is in ``src/staffing/``.

Bad input raises :class:`wfmkit.InvalidInputError` (a ``ValueError``) naming the argument and
the value, and for arrays the flat (C-order) index of the first bad element.
"""

from __future__ import annotations

import math
import reprlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence, Union

import numpy as np
import numpy.typing as npt

from . import _wfmkit
from ._options import options_json, reject_unknown
from .exceptions import InvalidInputError

if TYPE_CHECKING:
    import pandas
    import polars

    ArrayLike = Union[npt.ArrayLike, polars.Series, pandas.Series]
else:
    ArrayLike = Any

FloatOrArray = Union[float, npt.NDArray[np.float64]]
IntOrArray = Union[int, npt.NDArray[np.int64]]
BoolOrArray = Union[bool, npt.NDArray[np.bool_]]

__all__ = [
    "erlang_b",
    "erlang_c",
    "erlang_a",
    "required_agents",
    "ErlangCMetrics",
    "ErlangAMetrics",
    "Staffing",
]


@dataclass(frozen=True)
class ErlangCMetrics:
    """Erlang C (M/M/n) performance at a given number of agents.

    When ``agents <= load`` the queue has no steady state: ``p_wait`` 1, ``service_level`` 0,
    ``asa_s`` and ``mean_queue_len`` infinite, ``occupancy`` 1, ``stable`` False.
    """

    p_wait: FloatOrArray
    """Probability that a contact waits at all, C(n, A)."""
    service_level: FloatOrArray
    """P(wait <= answer_within_s)."""
    asa_s: FloatOrArray
    """Average speed of answer (mean wait; every contact is answered), seconds."""
    occupancy: FloatOrArray
    """load / agents (1 when unstable, 0 with zero load)."""
    mean_queue_len: FloatOrArray
    """Mean number of contacts waiting."""
    stable: BoolOrArray
    """True when agents > load (or the load is zero)."""


@dataclass(frozen=True)
class ErlangAMetrics:
    """Erlang A (M/M/n+M, exponential patience) performance at a given number of agents."""

    p_wait: FloatOrArray
    """Probability that a contact finds all agents busy."""
    p_abandon: FloatOrArray
    """Probability that a contact abandons."""
    service_level: FloatOrArray
    """Service level under the chosen ``sl_definition``."""
    asa_s: FloatOrArray
    """Mean wait of answered contacts, seconds (infinite when nobody is answered)."""
    occupancy: FloatOrArray
    """Carried load (volume that does not abandon) / agents."""
    mean_wait_all_s: FloatOrArray
    """Mean wait of all contacts, answered or abandoned, seconds."""


@dataclass(frozen=True)
class Staffing:
    """The fewest agents meeting every target, and the performance they give."""

    agents: IntOrArray
    """Net agents (on the phones)."""
    agents_gross: IntOrArray
    """Agents to schedule: ceil(agents / (1 - shrinkage)), exact for decimal shrinkage."""
    service_level: FloatOrArray
    """Service level at ``agents`` (Erlang B: 1 - blocking)."""
    asa_s: FloatOrArray
    """Average speed of answer at ``agents``, seconds (Erlang B: 0)."""
    occupancy: FloatOrArray
    """Occupancy at ``agents``."""
    p_abandon: FloatOrArray
    """P(abandon) (Erlang A), blocking (Erlang B), 0 (Erlang C)."""
    p_wait: FloatOrArray
    """P(wait) (Erlang B: blocking)."""


def _as_float_array(name: str, x: Any) -> npt.NDArray[np.float64]:
    """One numeric argument as a float64 array (0-d for a scalar). Booleans, strings, None and
    other non-numbers are rejected with a message naming the argument (and the index)."""
    if x is None or isinstance(x, (bool, np.bool_, str, bytes)):
        raise InvalidInputError(f"`{name}` must be a number or an array of numbers, got {reprlib.repr(x)}")
    if not isinstance(x, np.ndarray) and hasattr(x, "to_numpy"):  # polars / pandas Series
        x = x.to_numpy()
    try:
        # Lists keep their elements as they are, so a boolean among numbers is still seen.
        arr = np.asarray(x, dtype=object) if isinstance(x, (list, tuple)) else np.asarray(x)
    except (ValueError, TypeError) as e:
        raise InvalidInputError(f"`{name}` is not an array of numbers: {e}") from None
    if arr.dtype.kind == "b":
        raise InvalidInputError(f"`{name}` must be numbers, got an array of booleans")
    if arr.dtype.kind == "O":
        for i, v in enumerate(arr.flat):
            if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
                where = "" if arr.ndim == 0 else f" at index {i}"
                raise InvalidInputError(f"`{name}`{where} must be a number, got {reprlib.repr(v)}")
        try:
            arr = arr.astype(np.float64)
        except (OverflowError, ValueError, TypeError) as e:
            raise InvalidInputError(f"`{name}` must be numbers that fit a float: {e}") from None
    elif arr.dtype.kind not in "iuf":
        raise InvalidInputError(f"`{name}` must be numbers, got an array of dtype {arr.dtype}")
    return arr.astype(np.float64, copy=False)


def _broadcast(args: dict[str, Any]) -> tuple[tuple[int, ...], bool, list[bytes]]:
    """(shape, scalar, float64 bytes of each argument broadcast to shape, in C order)."""
    arrays = {name: _as_float_array(name, x) for name, x in args.items()}
    scalar = all(a.ndim == 0 for a in arrays.values())
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"`{n}` {a.shape}" for n, a in arrays.items())
        raise InvalidInputError(f"the arguments cannot be broadcast together: {shapes}") from None
    buffers = [np.broadcast_to(a, shape).tobytes() for a in arrays.values()]
    return shape, scalar, buffers


def _columns(raw: bytearray, names: Sequence[str], shape: tuple[int, ...]) -> dict[str, npt.NDArray[np.float64]]:
    """The output columns by name (the compiled module's ``*_COLUMNS``, in buffer order), each a
    writable array of ``shape`` viewing `raw` (no copy)."""
    out = np.frombuffer(raw, dtype=np.float64).reshape((len(names), *shape))
    return dict(zip(names, out))


def _float(col: npt.NDArray[np.float64], scalar: bool) -> FloatOrArray:
    return float(col.reshape(-1)[0]) if scalar else col


def _int(col: npt.NDArray[np.float64], scalar: bool) -> IntOrArray:
    return int(col.reshape(-1)[0]) if scalar else col.astype(np.int64)


def _name(arg: str, value: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(f"`{arg}` must be one of {', '.join(map(repr, allowed))}, got {value!r}")
    return value


_SL_DEFINITIONS = ("offered", "answered", "virtual")
_MODELS = ("erlang_b", "erlang_c", "erlang_a")


def erlang_b(traffic_erlangs: ArrayLike, servers: ArrayLike) -> FloatOrArray:
    """Erlang B blocking probability of ``servers`` lines offered ``traffic_erlangs``.

    Formula: the overflow-free recursion ``B(0) = 1``, ``B(n) = A B(n-1) / (n + A B(n-1))``
    (Erlang 1917; Jagerman, Bell System Technical Journal 53, 1974).

    Raises InvalidInputError for a negative, NaN or infinite traffic, or servers that are
    negative, fractional or boolean.

    >>> round(erlang_b(8.108, 15), 4)   # the Erlang B table: 15 lines at 1% carry 8.108 Erlangs
    0.01
    >>> erlang_b([8.108, 8.108], [14, 15]).shape
    (2,)
    """
    shape, scalar, (a, s) = _broadcast({"traffic_erlangs": traffic_erlangs, "servers": servers})
    n = math.prod(shape)
    out = _columns(_wfmkit.erlang_b_batch(n, scalar, a, s), _wfmkit.ERLANG_B_COLUMNS, shape)
    return _float(out["blocking"], scalar)


def _need_interval(func: str, interval_s: Any) -> None:
    """The interval has no default: a wrong one silently changes the load (``erlang_c(100, 180,
    14)`` on 15-minute data would be read as 30 minutes)."""
    if interval_s is None:
        raise InvalidInputError(
            f"{func}: `interval_s` is required (the interval's length in seconds, e.g. 900 for "
            "15-minute data); it has no default since a wrong one silently changes the load"
        )


def erlang_c(
    volume: ArrayLike,
    aht_s: ArrayLike,
    agents: ArrayLike,
    *,
    interval_s: ArrayLike | None = None,
    answer_within_s: ArrayLike = 20,
    **unknown: Any,
) -> ErlangCMetrics:
    """Erlang C (M/M/n) metrics for ``agents`` agents facing ``volume`` contacts of mean handle
    time ``aht_s`` in an interval of ``interval_s`` seconds.

    Formula (Gross, Shortle, Thompson & Harris, *Fundamentals of Queueing Theory*, §2.3):
    load ``A = volume aht_s / interval_s``; ``C = n B / (n - A (1 - B))`` with Erlang B's ``B``;
    ``SL = 1 - C exp(-(n - A) t / aht_s)``; ``ASA = C aht_s / (n - A)``; occupancy ``A / n``.

    Raises InvalidInputError for a negative, NaN or infinite volume, AHT, interval or t, a zero
    interval, negative, fractional or boolean agents, or an unknown keyword.

    ``interval_s`` has no default: give it (900 for 15-minute data, 1800 for 30-minute data).

    >>> m = erlang_c(100, 180, 14, interval_s=1800)     # 100 calls in 30 min, AHT 180 s, 14 agents
    >>> round(m.service_level, 4), m.stable
    (0.8884, True)
    """
    reject_unknown("erlang_c", unknown, ("interval_s", "answer_within_s"))
    _need_interval("erlang_c", interval_s)
    shape, scalar, bufs = _broadcast(
        {
            "volume": volume,
            "aht_s": aht_s,
            "agents": agents,
            "interval_s": interval_s,
            "answer_within_s": answer_within_s,
        }
    )
    out = _columns(_wfmkit.erlang_c_batch(math.prod(shape), scalar, *bufs), _wfmkit.ERLANG_C_COLUMNS, shape)
    flag = out.pop("stable")
    stable: BoolOrArray = bool(flag.reshape(-1)[0] != 0.0) if scalar else flag != 0.0
    return ErlangCMetrics(**{k: _float(v, scalar) for k, v in out.items()}, stable=stable)


def erlang_a(
    volume: ArrayLike,
    aht_s: ArrayLike,
    agents: ArrayLike,
    patience_s: ArrayLike,
    *,
    interval_s: ArrayLike | None = None,
    answer_within_s: ArrayLike = 20,
    sl_definition: str = "offered",
    **unknown: Any,
) -> ErlangAMetrics:
    """Erlang A (M/M/n+M) metrics: exponential patience with mean ``patience_s`` seconds.

    ``patience_s = inf`` is Erlang C, ``patience_s = 0`` the Erlang B loss system.
    ``sl_definition``: ``"offered"`` (answered within t / offered; abandons are failures, the
    default), ``"answered"`` (answered within t / answered) or ``"virtual"`` (P(virtual wait <=
    t)).

    Formula: the exact birth-death solution in closed form (Palm's function; Garnett, Mandelbaum
    & Reiman, M&SOM 4(3), 2002; Mandelbaum & Zeltyn 2007), summed in scaled form so nothing
    overflows; see ``wfmkit::staffing::erlang_a`` for the details.

    Raises InvalidInputError as :func:`erlang_c`, plus a negative or NaN patience or an unknown
    ``sl_definition``.

    >>> m = erlang_a(100, 180, 12, 120, interval_s=1800)
    >>> 0 < m.p_abandon < 0.1
    True
    """
    reject_unknown("erlang_a", unknown, ("interval_s", "answer_within_s", "sl_definition"))
    _need_interval("erlang_a", interval_s)
    sl_def = _name("sl_definition", sl_definition, _SL_DEFINITIONS)
    shape, scalar, bufs = _broadcast(
        {
            "volume": volume,
            "aht_s": aht_s,
            "agents": agents,
            "patience_s": patience_s,
            "interval_s": interval_s,
            "answer_within_s": answer_within_s,
        }
    )
    out = _columns(_wfmkit.erlang_a_batch(math.prod(shape), scalar, *bufs, sl_def), _wfmkit.ERLANG_A_COLUMNS, shape)
    return ErlangAMetrics(**{k: _float(v, scalar) for k, v in out.items()})


def _option(name: str, value: Any) -> float | str | None:
    """A numeric option as a JSON-safe value: None stays None, +inf patience becomes "inf"."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidInputError(f"`{name}` must be a number, got {value!r}")
    f = float(value)
    if name == "patience_s":
        if math.isnan(f) or f < 0:
            raise InvalidInputError(f"`patience_s` must be >= 0 (infinity allowed), got {f}")
        return "inf" if math.isinf(f) else f
    if not math.isfinite(f):
        raise InvalidInputError(f"`{name}` must be a finite number, got {f}")
    return f


_REQUIRED_KEYS = (
    "interval_s",
    "model",
    "patience_s",
    "service_level",
    "answer_within_s",
    "max_asa_s",
    "max_abandon",
    "max_occupancy",
    "max_p_wait",
    "max_blocking",
    "shrinkage",
    "sl_definition",
)


def required_agents(
    volume: ArrayLike,
    aht_s: ArrayLike,
    *,
    interval_s: ArrayLike | None = None,
    model: str = "erlang_c",
    patience_s: float | None = None,
    service_level: float | None = None,
    answer_within_s: float = 20,
    max_asa_s: float | None = None,
    max_abandon: float | None = None,
    max_occupancy: float | None = None,
    max_p_wait: float | None = None,
    max_blocking: float | None = None,
    shrinkage: float = 0.0,
    sl_definition: str = "offered",
    **unknown: Any,
) -> Staffing:
    """The fewest net agents meeting every given target at once, and gross agents after
    shrinkage.

    ``model``: ``"erlang_c"`` (default; targets ``service_level`` with ``answer_within_s``,
    ``max_asa_s``, ``max_p_wait``, ``max_occupancy``), ``"erlang_a"`` (needs ``patience_s``;
    adds ``max_abandon``; can staff below the load) or ``"erlang_b"`` (``max_blocking``,
    ``max_occupancy``). ``volume``, ``aht_s`` and ``interval_s`` broadcast; the targets are
    scalars. Zero volume or AHT needs 0 agents at service level 1.

    Every metric is monotone in the agents, so the answer is the first feasible count searched
    exactly from the true lower bound (Erlang C: ``floor(load) + 1``; Erlang A and B: 0).
    A metric within 1e-9 (relative) of its target meets it, so decimal targets are exact: 21
    net agents at 30% shrinkage are 30 gross, load 4.2 at max occupancy 0.7 needs 6 agents.

    Raises InvalidInputError naming the argument for bad traffic, a target out of range, a
    target no finite number of agents meets (e.g. ``service_level=1.0`` with load > 0), an
    occupancy cap <= 0 or > 1, shrinkage outside [0, 1), an unknown model or sl_definition, no
    target, an option the model does not use, or an unknown keyword.

    >>> s = required_agents(100, 180, interval_s=1800, service_level=0.8, shrinkage=0.3)
    >>> s.agents, s.agents_gross
    (14, 20)
    """
    reject_unknown("required_agents", unknown, _REQUIRED_KEYS)
    _need_interval("required_agents", interval_s)
    model = _name("model", model, _MODELS)
    sl_def = _name("sl_definition", sl_definition, _SL_DEFINITIONS)
    opts = {
        name: _option(name, value)
        for name, value in (
            ("patience_s", patience_s),
            ("service_level", service_level),
            ("answer_within_s", answer_within_s),
            ("max_asa_s", max_asa_s),
            ("max_abandon", max_abandon),
            ("max_occupancy", max_occupancy),
            ("max_p_wait", max_p_wait),
            ("max_blocking", max_blocking),
            ("shrinkage", shrinkage),
        )
    }
    shape, scalar, bufs = _broadcast({"volume": volume, "aht_s": aht_s, "interval_s": interval_s})
    raw = _wfmkit.required_agents_batch(math.prod(shape), scalar, *bufs, model, sl_def, options_json(opts))
    out = _columns(raw, _wfmkit.REQUIRED_AGENTS_COLUMNS, shape)
    whole = ("agents", "agents_gross")
    return Staffing(**{k: _int(v, scalar) if k in whole else _float(v, scalar) for k, v in out.items()})
