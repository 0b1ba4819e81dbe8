"""Frames cross the Rust boundary as Arrow IPC bytes: one copy, and no version coupling between
the Python polars and the Rust crate."""

from __future__ import annotations

import io

import polars as pl


def to_ipc(df: pl.DataFrame, what: str) -> bytes:
    from .exceptions import InvalidInputError

    if not isinstance(df, pl.DataFrame):
        raise InvalidInputError(f"`{what}` must be a polars DataFrame, got {type(df).__name__}")
    buf = io.BytesIO()
    df.write_ipc(buf, compression="uncompressed")
    return buf.getvalue()


def from_ipc(data: bytes) -> pl.DataFrame:
    return pl.read_ipc(io.BytesIO(data))
