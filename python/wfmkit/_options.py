"""Helpers shared by the public wrappers: keyword checking and option serialisation."""

from __future__ import annotations

import difflib
import json
from typing import Any, Mapping, Sequence

from .exceptions import InvalidInputError


def reject_unknown(func: str, unknown: Mapping[str, Any], known: Sequence[str]) -> None:
    """Raise InvalidInputError for the first unknown keyword, suggesting the nearest valid one."""
    if unknown:
        name = next(iter(unknown))
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else f"; valid keywords: {', '.join(known)}"
        raise InvalidInputError(f"{func}() got an unknown keyword `{name}`{hint}")


def options_json(options: Mapping[str, Any]) -> str:
    """Options as JSON for the Rust side, leaving out the ones that are None."""
    return json.dumps({k: v for k, v in options.items() if v is not None}, default=str)
