# Stubs of the compiled module `wfmkit._wfmkit` (src/python/mod.rs). Frames are Arrow IPC bytes,
# options JSON text. Use the public wrappers in `wfmkit` instead of calling these directly.

from typing import final

__all__ = [
    "Plan",
    "__version__",
    "ERLANG_B_COLUMNS",
    "ERLANG_C_COLUMNS",
    "ERLANG_A_COLUMNS",
    "REQUIRED_AGENTS_COLUMNS",
    "forecast",
    "backtest",
    "requirements",
    "erlang_b_batch",
    "erlang_c_batch",
    "erlang_a_batch",
    "required_agents_batch",
    "schedule",
    "plan",
    "run_queue_work",
    "roster",
    "roster_per_shift",
    "simulate_intervals",
    "simulate_on_duty",
    "staff_by_simulation",
    "agents_for_probability",
    "mixed_erlang_a",
    "chat",
    "backlog",
    "outbound",
    "multi_skill",
    "_plan_from_state",
]

__version__: str
ERLANG_B_COLUMNS: list[str]
ERLANG_C_COLUMNS: list[str]
ERLANG_A_COLUMNS: list[str]
REQUIRED_AGENTS_COLUMNS: list[str]

@final
class Plan:
    """The core schedule (Rust `schedule::Plan`); frames as Arrow IPC bytes."""

    @property
    def shifts(self) -> bytes: ...
    @property
    def coverage(self) -> bytes: ...
    @property
    def activities(self) -> bytes: ...
    @property
    def status(self) -> str: ...
    @property
    def objective(self) -> float: ...
    @property
    def bound(self) -> float: ...
    @property
    def gap(self) -> float: ...
    @property
    def seconds(self) -> float: ...
    @property
    def paid(self) -> float: ...
    @property
    def under(self) -> float: ...
    @property
    def over(self) -> float: ...
    @property
    def patterns(self) -> float: ...
    @property
    def patterns_used(self) -> int: ...
    def __reduce__(self) -> tuple[object, tuple[bytes, bytes]]: ...

def forecast(
    history: bytes,
    columns_json: str,
    options_json: str,
    interval_s: int | None,
    queue: str,
    threads: int = 0,
    time_zone: str | None = None,
) -> bytes: ...
def backtest(
    history: bytes, columns_json: str, options_json: str, interval_s: int | None, time_zone: str | None = None
) -> str: ...
def requirements(forecast: bytes, options_json: str, simulation_json: str | None = None) -> bytes: ...
def agents_for_probability(
    volume: float, aht_s: float, interval_s: float, options_json: str, rate_cv: float, probability: float
) -> tuple[int, int, int, int, float]: ...
def mixed_erlang_a(
    volume: float,
    aht_s: float,
    interval_s: float,
    agents: int,
    patience_s: float,
    answer_within_s: float,
    sl_definition: str,
    rate_cv: float,
) -> tuple[float, float, float]: ...
def simulate_intervals(
    volume: list[float], aht_s: list[float], agents: list[int], spec_json: str
) -> tuple[bytes, bytes, bytes, int]: ...
def simulate_on_duty(
    grid_us: list[int],
    on_duty: list[int],
    interval_s: int,
    timestamps_us: list[int],
    volume: list[float],
    aht_s: list[float],
    settings_json: str,
    staffing_json: str,
) -> tuple[bytes, bytes, int, float]: ...
def staff_by_simulation(
    volume: list[float],
    aht_s: list[float],
    spec_json: str,
    target_p_delay: float | None,
    target_service_level: float | None,
    max_iterations: int,
) -> tuple[list[int], list[tuple[float, float, float]], list[tuple[float, float, float]], int, bool]: ...
def schedule(
    requirements: bytes,
    options_json: str,
    agents_column: str | None = None,
    answer_within_s: float = 20.0,
    projection_shrinkage: float = 0.0,
) -> Plan: ...
def plan(
    history: bytes, config: str, config_format: str, queue: str | None = None
) -> tuple[bytes, bytes, Plan]: ...
def run_queue_work(work: bytes, rows: bytes) -> bytes: ...

# (shifts, activities, coverage, summary, shift_coverage) IPC bytes; (status, objective, bound,
# model_bound, relaxation_bound, gap, seconds); (under, over, paid, requests, fairness); design (objective, bound,
# price of named agents) or None.
_RosterTuple = tuple[
    tuple[bytes, bytes, bytes, bytes, bytes, bytes],
    tuple[str, float, float, float, float | None, float, float],
    tuple[float, float, float, float, float],
    tuple[float, float, float] | None,
    tuple[int, int, float, bool, float] | None,
]

def roster(
    requirements: bytes,
    schedule_options_json: str,
    contracts_json: str,
    options_json: str,
    agents_json: str | None = None,
    agents_frame: bytes | None = None,
    leave: bytes | None = None,
    availability: bytes | None = None,
    requests: bytes | None = None,
    locked: bytes | None = None,
    preferred_starts: bytes | None = None,
    agents_column: str | None = None,
    answer_within_s: float = 20.0,
    projection_shrinkage: float = 0.0,
) -> _RosterTuple: ...
def roster_per_shift(
    start: str,
    days: int,
    shifts_json: str,
    cover_json: str,
    contracts_json: str,
    options_json: str,
    agents_json: str | None = None,
    agents_frame: bytes | None = None,
    leave: bytes | None = None,
    availability: bytes | None = None,
    requests: bytes | None = None,
    locked: bytes | None = None,
    preferred_starts: bytes | None = None,
) -> _RosterTuple: ...

# Erlang maths over flat float64 buffers of length n (native-endian bytes of contiguous arrays,
# already broadcast). Each returns k output columns of n float64 values, column after column, as a
# bytearray (so numpy views it writable without a copy).
def erlang_b_batch(n: int, scalar: bool, traffic_erlangs: bytes, servers: bytes) -> bytearray: ...
def erlang_c_batch(
    n: int, scalar: bool, volume: bytes, aht_s: bytes, agents: bytes, interval_s: bytes, answer_within_s: bytes
) -> bytearray: ...
def erlang_a_batch(
    n: int,
    scalar: bool,
    volume: bytes,
    aht_s: bytes,
    agents: bytes,
    patience_s: bytes,
    interval_s: bytes,
    answer_within_s: bytes,
    sl_definition: str,
) -> bytearray: ...
def required_agents_batch(
    n: int,
    scalar: bool,
    volume: bytes,
    aht_s: bytes,
    interval_s: bytes,
    model: str,
    sl_definition: str,
    options_json: str,
) -> bytearray: ...
def chat(
    volume: float,
    aht_s: float,
    interval_s: float,
    concurrency: int,
    slowdown: list[float],
    answer_within_s: float,
    agents: int | None = None,
    service_level: float | None = None,
) -> tuple[int, float, float, float, float, float, bool]: ...
def backlog(
    arrivals: list[float],
    open: list[bool],
    interval_minutes: int,
    handle_s: float,
    targets: list[tuple[float, int]],
    clock: str,
    every_interval: bool,
    occupancy: float,
    initial_backlog: float,
    initial_backlog_age_minutes: int,
) -> tuple[list[float], list[float], list[float], list[float], float, float, list[float], float]: ...
def outbound(
    records: float,
    contact_rate: float,
    max_attempts: int,
    talk_s: float,
    attempt_s: float,
    interval_minutes: int,
    occupancy: float,
    open: list[bool],
    slack: list[float],
) -> tuple[list[float], list[float], list[float], list[float], float, float, float, float, float]: ...
def multi_skill(spec_json: str) -> str: ...
def _plan_from_state(state: bytes, coverage: bytes) -> Plan: ...
