"""wfmkit.requirements: agents per interval from a forecast."""

from __future__ import annotations

from typing import Any

import polars as pl

from . import _wfmkit
from ._erlang import _REQUIRED_KEYS, _option
from ._frames import from_ipc, to_ipc
from ._options import options_json, reject_unknown

# The options of `required_agents` less `interval_s`, which a forecast frame carries itself.
_STAFFING_KEYS = tuple(k for k in _REQUIRED_KEYS if k != "interval_s")


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
    **unknown: Any,
) -> pl.DataFrame:
    """Agents required per interval (and per ``queue``) of a forecast frame.

    Applies the staffing model and every given target to each interval; returns the
    requirements frame: ``queue``, ``interval_start``, ``volume``, ``aht_s``, ``agents`` (net),
    ``agents_gross`` (after shrinkage), ``service_level``, ``asa_s``, ``occupancy``,
    ``p_abandon``.
    """
    reject_unknown("requirements", unknown, _STAFFING_KEYS)
    # Numbers are checked here (JSON has no NaN or infinity; infinite patience goes as "inf").
    opts = dict(
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
    return from_ipc(_wfmkit.requirements(to_ipc(forecast, "forecast"), options_json(opts)))
