"""Many queues at once (issue 16): `plan_many` on local threads and on a Dask LocalCluster with
two worker processes gives, queue by queue, exactly the frames of the one-queue `plan` call; a
worker killed mid-run still gives every queue (Dask's retries); a queue with bad input is named
and the others are kept; plans pickle."""

from __future__ import annotations

import os
import pickle
import threading
import time

import polars as pl
import pytest

import wfmkit
from conftest import ROOT

N_QUEUES = 20


def _histories() -> pl.DataFrame:
    h = pl.read_csv(ROOT / "data/anon_bank_1999/anon_bank_1999_janoct_15min.csv", try_parse_dates=True)
    h = h.filter(pl.col("timestamp") >= pl.datetime(1999, 9, 1))
    parts = []
    for k in range(N_QUEUES):
        scale = 0.5 + 0.1 * k
        parts.append(h.with_columns((pl.col("handled") * scale).round().cast(pl.Int64).alias("handled"),
                                    pl.lit(f"q{k:02d}").alias("queue")))
    return pl.concat(parts)


CONFIG = {
    "history": {"interval_min": 15, "columns": {"interval_start": "timestamp", "volume": "handled",
                                                 "aht_s": "aht_seconds", "handled": "handled", "queue": "queue"}},
    "forecast": {"model": "weekly_average", "k_weeks": 4, "horizon_days": 1},
    "staffing": {"service_level": 0.8, "answer_within_s": 20.0, "shrinkage": 0.3},
    "schedule": {"time_limit_s": 20.0, "templates": [
        {"name": "full", "earliest_start": "06:00", "latest_start": "15:00", "start_step_min": 60,
         "min_length_min": 480, "max_length_min": 480},
        {"name": "part", "earliest_start": "06:00", "latest_start": "19:00", "start_step_min": 60,
         "min_length_min": 240, "max_length_min": 240}]},
}

FRAMES = ("forecast", "requirements", "shifts", "coverage", "activities")


def _same(a: wfmkit.PlanResult, b: wfmkit.PlanResult) -> None:
    for name in FRAMES:
        fa, fb = getattr(a, name) if name in ("forecast", "requirements") else getattr(a.schedule, name), \
            getattr(b, name) if name in ("forecast", "requirements") else getattr(b.schedule, name)
        # Byte for byte: the Arrow IPC files of the two frames.
        assert fa.write_ipc(None).getvalue() == fb.write_ipc(None).getvalue(), name
    assert (a.schedule.objective, a.schedule.status) == (b.schedule.objective, b.schedule.status)


@pytest.fixture(scope="module")
def reference():
    h = _histories()
    return h, {f"q{k:02d}": wfmkit.plan(h, CONFIG, queue=f"q{k:02d}") for k in range(N_QUEUES)}


def test_threads_give_the_one_queue_frames(reference):
    h, ref = reference
    r = wfmkit.plan_many(h, CONFIG, max_workers=2)
    assert r.backend == "threads" and not r.errors
    assert list(r.results) == list(ref)
    for q in ref:
        _same(r.results[q], ref[q])
    assert r.frame("shifts")["queue"].unique().len() == N_QUEUES


def test_plans_pickle(reference):
    _, ref = reference
    p = ref["q03"]
    again = pickle.loads(pickle.dumps(p))
    _same(again, p)


@pytest.fixture(scope="module")
def cluster():
    import distributed  # a test dependency (scripts/setup.sh installs it): never skipped

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=40) as c, distributed.Client(c) as client:
        yield client


def test_a_dask_cluster_gives_the_one_queue_frames(reference, cluster):
    h, ref = reference
    r = wfmkit.plan_many(h, CONFIG, client=cluster)
    assert r.backend == "dask" and len(r.workers) == 2 and not r.errors
    for q in ref:
        _same(r.results[q], ref[q])
    # forecast_many and requirements_many the same way.
    f = wfmkit.forecast_many(h.rename({"timestamp": "interval_start", "handled": "volume", "aht_seconds": "aht_s"})
                             .select("queue", "interval_start", "volume", "aht_s"),
                             client=cluster, model="weekly_average", k_weeks=4, horizon_days=1)
    assert not f.errors and len(f.results) == N_QUEUES
    req = wfmkit.requirements_many(f.frame(), client=cluster, service_level=0.8, shrinkage=0.3)
    local = wfmkit.requirements_many(f.frame(), service_level=0.8, shrinkage=0.3)
    assert req.frame().equals(local.frame())


def test_a_bad_queue_is_named_and_the_others_kept(reference, cluster):
    h, ref = reference
    bad = h.filter(pl.col("queue") == "q00").with_columns(pl.lit("broken").alias("queue"),
                                                          (-pl.col("handled")).alias("handled"))
    r = wfmkit.plan_many(pl.concat([h, bad]), CONFIG, client=cluster)
    assert set(r.errors) == {"broken"}
    assert isinstance(r.errors["broken"], wfmkit.InvalidInputError)
    assert "volume" in str(r.errors["broken"]) or "handled" in str(r.errors["broken"])
    assert list(r.results) == list(ref)


def test_a_worker_killed_mid_run_still_gives_every_queue(reference, cluster):
    h, ref = reference
    out: dict = {}
    run = threading.Thread(target=lambda: out.setdefault("r", wfmkit.plan_many(h, CONFIG, client=cluster, retries=3)))
    run.start()
    # Kill a worker once it is running one of our tasks.
    deadline = time.time() + 60
    victim = None
    while time.time() < deadline and victim is None:
        busy = {w: tasks for w, tasks in cluster.processing().items() if any("wfmkit-plan" in str(t) for t in tasks)}
        victim = next(iter(busy), None)
        time.sleep(0.05)
    assert victim is not None, "no worker ever ran a task"
    try:
        cluster.run(os._exit, 1, workers=[victim])
    except Exception:  # noqa: BLE001 - the worker dies before it answers
        pass
    run.join(timeout=300)
    r = out["r"]
    assert victim not in cluster.scheduler_info()["workers"], "the worker was not killed"
    assert not r.errors, r.errors
    for q in ref:
        _same(r.results[q], ref[q])
