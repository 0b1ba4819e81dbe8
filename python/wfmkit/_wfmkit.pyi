# Stubs of the compiled module `wfmkit._wfmkit` (src/python/mod.rs). Frames are Arrow IPC bytes,
# options JSON text. Use the public wrappers in `wfmkit` instead of calling these directly.

__version__: str

_PlanTuple = tuple[bytes, bytes, bytes, str, float, float, float, float, tuple[float, float, float, float, int]]

def forecast(
    history: bytes, columns_json: str, options_json: str, interval_s: int | None, queue: str
) -> bytes: ...
def requirements(forecast: bytes, options_json: str) -> bytes: ...
def schedule(
    requirements: bytes,
    options_json: str,
    agents_column: str | None = None,
    answer_within_s: float = 20.0,
    projection_shrinkage: float = 0.0,
) -> _PlanTuple: ...
def plan(history: bytes, config: str, config_format: str) -> tuple[bytes, bytes, _PlanTuple]: ...
