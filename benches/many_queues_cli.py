"""The command-line job on many queues: threads against a Dask LocalCluster (issue 16's benchmark).

    python benches/many_queues_cli.py [--queues N] [--days D] [--history-weeks W] [--out DIR]

Writes a job of N queues (the Anonymous Bank's 15-minute calls at N scales, W weeks of history
each: the whole weeks of the bundled 15-minute rows' last gap-free stretch, repeated back in
time whole weeks apart, so weekdays stay aligned) as one Parquet history with a `queue` column, then runs
`wfmkit plan` on it with `[run] parallel_queues` 1 and 2 and with `--dask-scheduler` on a
LocalCluster of 1 and 2 worker processes. Prints wall time, queues per second, the peak RSS of
the job (the CLI and, with Dask, its Python helper) and each worker's RSS after the run, and
checks that every run published the same files (byte for byte) as the first.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "wfmkit"
FILES = ("forecast.csv", "requirements.csv", "shifts.csv", "activities.csv", "coverage.csv")


def history(weeks: int) -> pl.DataFrame:
    h = pl.read_csv(ROOT / "data/anon_bank_1999/anon_bank_1999_janoct_15min.csv", try_parse_dates=True)
    h = h.select("timestamp", "handled", "aht_seconds").sort("timestamp")
    last = h["timestamp"].max()
    # The whole weeks of the bundled rows' last gap-free stretch, repeated back in time.
    gaps = h.with_row_index().filter(pl.col("timestamp").diff() != pl.duration(minutes=15))
    start = h["timestamp"][int(gaps["index"].max()) if gaps.height else 0]
    span = (last - start).days // 7
    block = h.filter(pl.col("timestamp") > last - pl.duration(weeks=span))
    parts = [block.with_columns(pl.col("timestamp") - pl.duration(weeks=span * i)) for i in range(-(-weeks // span))]
    h = pl.concat(parts).sort("timestamp")
    return h.filter(pl.col("timestamp") > last - pl.duration(weeks=weeks))


def write_job(d: Path, n: int, days: int, weeks: int) -> Path:
    h = history(weeks)
    pl.concat([h.with_columns((pl.col("handled") * (0.5 + k / n)).round().cast(pl.Int64),
                              pl.lit(f"q{k:04d}").alias("queue")) for k in range(n)]).write_parquet(d / "history.parquet")
    (d / "job.toml").write_text(f"""
[history]
path = "history.parquet"
interval_min = 15
[history.columns]
interval_start = "timestamp"
volume = "handled"
aht_s = "aht_seconds"
queue = "queue"
[forecast]
model = "weekly_average"
k_weeks = 4
horizon_days = {days}
[staffing]
service_level = 0.8
shrinkage = 0.3
[schedule]
time_limit_s = 30.0
[[schedule.templates]]
name = "full"
earliest_start = "06:00"
latest_start = "15:00"
start_step_min = 60
min_length_min = 480
max_length_min = 480
[[schedule.templates]]
name = "part"
earliest_start = "06:00"
latest_start = "19:00"
start_step_min = 60
min_length_min = 240
max_length_min = 240
[run.dask]
python = "{sys.executable}"
""")
    return h.height


def run(job: Path, out: Path, extra: list[str], threads: int | None = None) -> tuple[float, float]:
    """Wall seconds and the peak RSS (MiB) of the job and its children."""
    cfg = job
    if threads is not None:
        cfg = job.with_name(f"job_t{threads}.toml")
        cfg.write_text(job.read_text() + f"[run]\nparallel_queues = {threads}\n")
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", wrapper, str(EXE), "-q", "plan", "--config", str(cfg), "--out", str(out),
                        *extra], capture_output=True, text=True)
    s = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"wfmkit exited {r.returncode}: {r.stderr[-2000:]}")
    return s, int(r.stdout.split()[-1]) / 1024


def digest(out: Path) -> str:
    h = hashlib.sha256()
    for f in FILES:
        h.update((out / "latest" / f).read_bytes())
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queues", type=int, default=100)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--history-weeks", type=int, default=52)
    ap.add_argument("--out", type=Path, default=ROOT / "target" / "bench_many_cli")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    job = a.out / "job.toml"
    rows = write_job(a.out, a.queues, a.days, a.history_weeks)
    size = (a.out / "history.parquet").stat().st_size / 2**20
    print(f"{a.queues} queues, {rows} history rows each ({size:.0f} MiB Parquet), {a.days} day(s) planned")
    base: dict[int, float] = {}
    first = None
    for threads in (1, 2):
        s, rss = run(job, a.out / f"threads{threads}", [], threads)
        base[threads] = s
        d = digest(a.out / f"threads{threads}")
        first = first or d
        print(f"threads={threads}: {s:8.1f} s  {a.queues / s:6.1f} queues/s  job peak RSS {rss:.0f} MiB  "
              f"files {'same' if d == first else 'DIFFERENT'}")
    from distributed import Client, LocalCluster

    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                          silence_logs=40) as c, Client(c) as client:
            s, rss = run(job, a.out / f"dask{workers}", ["--dask-scheduler", c.scheduler.address])
            wrss = client.run(lambda: __import__("psutil").Process().memory_info().rss / 2**20)
            d = digest(a.out / f"dask{workers}")
            per = (s - base[workers]) / a.queues
            print(f"dask workers={workers}: {s:8.1f} s  {a.queues / s:6.1f} queues/s  job peak RSS {rss:.0f} MiB  "
                  f"worker RSS after {', '.join(f'{v:.0f}' for v in wrss.values())} MiB  "
                  f"overhead {1000 * per:+.1f} ms/queue against {workers} thread(s)  "
                  f"files {'same' if d == first else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
