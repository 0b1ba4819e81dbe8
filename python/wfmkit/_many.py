"""Many queues at once: on local threads (the Rust code releases the GIL) or on a Dask cluster.

``plan_many``, ``forecast_many`` and ``requirements_many`` take a polars frame with a ``queue``
column (or a mapping of queue to frame) and run the one-queue function on every queue: with a
``dask.distributed.Client`` as tasks on its workers (frames cross as Arrow IPC bytes, results as
pickles: a :class:`wfmkit.Plan` pickles its core plan and coverage), else on a pool of local
threads. The frames are those of the one-queue calls, whichever way they ran. A queue that
fails for bad input is reported by name in ``errors`` and the others are kept; a worker that
dies mid-queue is retried by Dask (``retries``). Dask is an optional extra
(``pip install wfmkit[dask]``); nothing here imports it.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Mapping

import polars as pl

from ._frames import from_ipc, to_ipc
from .exceptions import InvalidInputError, WfmError


def _parts(frames: pl.DataFrame | Mapping[str, pl.DataFrame], what: str) -> dict[str, pl.DataFrame]:
    """Queue name -> frame, in the order the queues first appear."""
    if isinstance(frames, pl.DataFrame):
        if "queue" not in frames.columns:
            raise InvalidInputError(f"`{what}` has no `queue` column: give a mapping of queue to frame, or add one")
        if frames["queue"].null_count():
            raise InvalidInputError(f"`{what}` has rows without a queue")
        # One pass over the frame (not a filter per queue).
        parts = frames.partition_by("queue", maintain_order=True, as_dict=True)
        return {str(k[0]): df for k, df in parts.items()}
    if isinstance(frames, Mapping):
        out = {}
        for q, df in frames.items():
            if not isinstance(df, pl.DataFrame):
                raise InvalidInputError(f"`{what}[{q!r}]` must be a polars DataFrame, got {type(df).__name__}")
            out[str(q)] = df
        return out
    raise InvalidInputError(f"`{what}` must be a polars DataFrame with a `queue` column or a mapping of queue to "
                            f"frame, got {type(frames).__name__}")


def _one(kind: str, queue: str, data: bytes, options: dict[str, Any]) -> tuple[str, Any]:
    """Runs one queue (on a worker or a local thread). Bad input comes back as a value, named,
    so that Dask does not retry it; anything else (a worker lost) raises and is retried."""
    from . import _plan, _forecast, _staffing  # noqa: F401 (imported on the worker)

    frame = from_ipc(data)
    try:
        if kind == "plan":
            return "ok", _plan._plan_text(frame, options["text"], options["format"], queue)
        if kind == "forecast":
            return "ok", _forecast.forecast(frame, **options)
        if kind == "requirements":
            return "ok", _staffing.requirements(frame, **options)
    except WfmError as e:
        return "error", e
    except (TypeError, ValueError, KeyError) as e:
        # Bad options or frames that Python itself rejects: input errors too, never retried.
        return "error", InvalidInputError(f"queue `{queue}`: {type(e).__name__}: {e}")
    raise InvalidInputError(f"unknown kind {kind!r}")


@dataclass(frozen=True)
class ManyResult:
    """What the ``*_many`` functions return: ``results`` by queue (in input order), ``errors`` by
    queue for those that failed (the exception, with its message naming the problem), and the
    ``backend`` that ran them (``"threads"`` or ``"dask"``) with its ``workers``."""

    results: dict[str, Any]
    errors: dict[str, Exception]
    backend: str
    workers: list[str] = field(default_factory=list)

    def frame(self, name: str | None = None) -> pl.DataFrame:
        """The results stacked in queue order: for frames, the frames; for plans, the plans'
        frame ``name`` (``forecast``, ``requirements``, ``shifts``, ``coverage``,
        ``activities``), with a ``queue`` column first where the frame has none."""
        parts = []
        for q, r in self.results.items():
            df = r if name is None else getattr(r, name)
            if "queue" not in df.columns:
                df = df.select(pl.lit(q).alias("queue"), pl.all())
            parts.append(df)
        if not parts:
            return pl.DataFrame()
        return pl.concat(parts, how="vertical")

    def raise_first(self) -> None:
        """Raises the first queue's error, if any queue failed."""
        for e in self.errors.values():
            raise e


def _run(kind: str, parts: dict[str, pl.DataFrame], options: dict[str, Any], client: Any, max_workers: int | None,
         retries: int) -> ManyResult:
    results: dict[str, Any] = {}
    errors: dict[str, Exception] = {}

    def keep(q: str, outcome: tuple[str, Any] | BaseException) -> None:
        if isinstance(outcome, BaseException):
            errors[q] = outcome  # type: ignore[assignment]
        elif outcome[0] == "ok":
            results[q] = outcome[1]
        else:
            errors[q] = outcome[1]

    order = list(parts)
    if client is None:
        workers = max_workers or os.cpu_count() or 1
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {q: pool.submit(_one, kind, q, to_ipc(df, "frame"), options) for q, df in parts.items()}
            for q in order:
                try:
                    keep(q, futures[q].result())
                except Exception as e:  # noqa: BLE001 - reported by queue
                    keep(q, e)
        return ManyResult({q: results[q] for q in order if q in results}, errors, "threads",
                          [f"thread-{i}" for i in range(workers)])
    if not hasattr(client, "map") or not hasattr(client, "scheduler_info"):
        raise InvalidInputError(f"`client` must be a dask.distributed.Client, got {type(client).__name__}")
    keys = [f"wfmkit-{kind}-{q}-{os.urandom(4).hex()}" for q in order]
    # One task per queue, each carrying its own frame's bytes: the scheduler keeps every task's
    # input, so a task lost with its worker runs again elsewhere (scattered data would be lost
    # with the worker), and no graph holds every queue's data at once.
    futures = [client.submit(_one, kind, q, to_ipc(parts[q], "frame"), options, key=k, retries=retries, pure=False)
               for q, k in zip(order, keys)]
    for q, f in zip(order, futures):
        try:
            keep(q, f.result())
        except Exception as e:  # noqa: BLE001 - reported by queue
            keep(q, e)
    workers = sorted(client.scheduler_info().get("workers", {}))
    return ManyResult({q: results[q] for q in order if q in results}, errors, "dask", workers)


def plan_many(
    histories: pl.DataFrame | Mapping[str, pl.DataFrame],
    config: Mapping[str, Any] | str | os.PathLike[str],
    *,
    client: Any = None,
    max_workers: int | None = None,
    retries: int = 2,
) -> ManyResult:
    """:func:`wfmkit.plan` for every queue of ``histories`` (a frame with a ``queue`` column, or
    a mapping of queue to frame) with the job ``config`` (a mapping or a TOML path; each queue's
    ``[queues.<name>]`` overrides apply). With ``client`` (a ``dask.distributed.Client``) the
    queues run as tasks on its workers, retried ``retries`` times if a worker dies; without, on
    ``max_workers`` local threads. ``results`` holds each queue's :class:`wfmkit.PlanResult`
    (``frame("shifts")`` etc. stack them); ``errors`` the queues that failed, by name."""
    from ._plan import _config_text

    # The config crosses as text: a worker needs no access to the client's files.
    text, fmt = _config_text(config)
    return _run("plan", _parts(histories, "histories"), {"text": text, "format": fmt}, client, max_workers, retries)


def forecast_many(
    histories: pl.DataFrame | Mapping[str, pl.DataFrame],
    *,
    client: Any = None,
    max_workers: int | None = None,
    retries: int = 2,
    **options: Any,
) -> ManyResult:
    """:func:`wfmkit.forecast` with ``options`` for every queue of ``histories``, on a Dask
    ``client``'s workers or local threads (as :func:`plan_many`); ``results`` are the forecast
    frames."""
    return _run("forecast", _parts(histories, "histories"), dict(options), client, max_workers, retries)


def requirements_many(
    forecasts: pl.DataFrame | Mapping[str, pl.DataFrame],
    *,
    client: Any = None,
    max_workers: int | None = None,
    retries: int = 2,
    **options: Any,
) -> ManyResult:
    """:func:`wfmkit.requirements` with ``options`` for every queue of ``forecasts``, on a Dask
    ``client``'s workers or local threads (as :func:`plan_many`); ``results`` are the
    requirement frames."""
    return _run("requirements", _parts(forecasts, "forecasts"), dict(options), client, max_workers, retries)

