"""The command-line job on a Dask cluster (issue 16): `wfmkit plan --dask-scheduler ADDR` on a
LocalCluster with two worker processes publishes the same files, byte for byte, as the run on
local threads (20 queues); a worker killed during the run still gives a complete published run;
a queue with bad input stops the job naming it, and an infeasible queue is named while the
others are kept with `latest` unchanged, exactly as on one machine. The expected values are the
single-machine run's own files: the check is that the backend changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from conftest import ANON15, ROOT

N_QUEUES = 20
OUTPUTS = ("forecast.csv", "requirements.csv", "shifts.csv", "activities.csv", "coverage.csv")


def _binary() -> Path:
    exe = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "wfmkit"
    assert exe.exists(), f"{exe} is missing: build it with `cargo build --release --features cli`"
    return exe


def _job(tmp: Path, *, extra_queue: pl.DataFrame | None = None, overrides: str = "") -> Path:
    h = pl.read_csv(ANON15, try_parse_dates=True).filter(pl.col("timestamp") >= pl.datetime(1999, 9, 1))
    parts = [h.with_columns((pl.col("handled") * (0.5 + 0.1 * k)).round().cast(pl.Int64).alias("handled"),
                            pl.lit(f"q{k:02d}").alias("queue")) for k in range(N_QUEUES)]
    if extra_queue is not None:
        parts.append(extra_queue)
    pl.concat(parts).write_csv(tmp / "history.csv")
    queues = "".join(f"[queues.q{k:02d}]\n" for k in range(N_QUEUES))
    (tmp / "job.toml").write_text(f"""
[history]
path = "history.csv"
interval_min = 15
[history.columns]
interval_start = "timestamp"
volume = "handled"
aht_s = "aht_seconds"
handled = "handled"
queue = "queue"

[forecast]
model = "weekly_average"
k_weeks = 4
horizon_days = 7

[staffing]
service_level = 0.8
answer_within_s = 20.0
shrinkage = 0.3

[schedule]
time_limit_s = 60.0
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

[run]
parallel_queues = 2
[run.dask]
python = "{sys.executable}"

{queues}
{overrides}
""")
    return tmp / "job.toml"


def _wfmkit(*args: str | Path, wait: bool = True) -> subprocess.CompletedProcess | subprocess.Popen:
    cmd = [str(_binary()), "--log-format", "plain", *map(str, args)]
    if wait:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _same_files(a: Path, b: Path, names=OUTPUTS) -> None:
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.fixture(scope="module")
def cluster():
    import distributed  # a test dependency (scripts/setup.sh installs it): never skipped

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=40) as c, distributed.Client(c) as client:
        yield client


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("job")
    job = _job(tmp)
    r = _wfmkit("plan", "--config", job, "--out", tmp / "threads")
    assert r.returncode == 0, r.stderr
    return job, tmp / "threads" / "latest"


def test_a_dask_cluster_publishes_the_single_machine_files(reference, cluster, tmp_path):
    job, ref = reference
    r = _wfmkit("plan", "--config", job, "--out", tmp_path, "--dask-scheduler", cluster.scheduler.address)
    assert r.returncode == 0, r.stderr
    _same_files(ref, tmp_path / "latest")
    m = json.loads((tmp_path / "latest" / "manifest.json").read_text())
    backend = m["backend"]
    assert backend["kind"] == "dask" and backend["scheduler"] == cluster.scheduler.address
    workers = {w["address"] for w in backend["workers"]}
    assert workers == set(cluster.scheduler_info()["workers"])
    assert set(backend["queue_workers"]) == {f"q{k:02d}" for k in range(N_QUEUES)}
    assert set(backend["queue_workers"].values()) <= workers
    assert [q["ok"] for q in m["queues"]] == [True] * N_QUEUES
    ref_m = json.loads((ref / "manifest.json").read_text())
    assert ref_m["backend"] == {"kind": "threads", "threads": 2}
    # The solver's figures per queue are those of the single-machine run.
    assert [q["solver"]["objective"] for q in m["queues"]] == [q["solver"]["objective"] for q in ref_m["queues"]]


def test_the_schedule_stage_alone_on_a_cluster(reference, cluster, tmp_path):
    job, ref = reference
    req = ref / "requirements.csv"
    a = _wfmkit("schedule", "--config", job, "--requirements", req, "--out", tmp_path / "a")
    b = _wfmkit("schedule", "--config", job, "--requirements", req, "--out", tmp_path / "b",
                "--dask-scheduler", cluster.scheduler.address)
    assert a.returncode == 0 and b.returncode == 0, (a.stderr, b.stderr)
    _same_files(tmp_path / "a" / "latest", tmp_path / "b" / "latest", ("shifts.csv", "activities.csv", "coverage.csv"))


def test_a_worker_killed_during_the_run_still_publishes_every_queue(reference, cluster, tmp_path):
    job, ref = reference
    proc = _wfmkit("plan", "--config", job, "--out", tmp_path, "--dask-scheduler", cluster.scheduler.address,
                   wait=False)
    victim = None
    deadline = time.time() + 120
    while victim is None and time.time() < deadline and proc.poll() is None:
        busy = [w for w, tasks in cluster.processing().items() if any("wfmkit-queue" in str(t) for t in tasks)]
        victim = busy[0] if busy else None
        time.sleep(0.02)
    assert victim is not None, "no worker ever ran a queue"
    try:
        cluster.run(os._exit, 1, workers=[victim])
    except Exception:  # noqa: BLE001 - the worker dies before it answers
        pass
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert victim not in cluster.scheduler_info()["workers"], "the worker was not killed"
    _same_files(ref, tmp_path / "latest")


def test_a_bad_queue_is_named_and_nothing_is_published(reference, cluster, tmp_path):
    job, _ = reference
    broken = (pl.read_csv(ANON15, try_parse_dates=True).filter(pl.col("timestamp") >= pl.datetime(1999, 9, 1))
              .with_columns(pl.lit("broken").alias("queue"), (-pl.col("handled")).alias("handled")))
    job = _job(tmp_path, extra_queue=broken, overrides="[queues.broken]\n")
    # The first negative volume, as a 1-based row of the file (the 20 good queues come first).
    row = N_QUEUES * broken.height + int((broken["handled"] < 0).arg_max()) + 1
    for args in ([], ["--dask-scheduler", cluster.scheduler.address]):
        out = tmp_path / ("dask" if args else "threads")
        r = _wfmkit("plan", "--config", job, "--out", out, *args)
        assert r.returncode == 2, r.stderr
        # Named by the file's own column (`handled`, mapped to the volume), row and value.
        assert f"queue `broken`: `{job.parent / 'history.csv'}`: column `handled`, row {row}: must be finite" \
            in r.stderr and "(value `-" in r.stderr, r.stderr
        assert not (out / "latest").exists() and not (out / "runs").exists()


def test_an_infeasible_queue_is_named_and_the_others_kept(reference, cluster, tmp_path):
    """q05's schedule cannot cover the night with hard coverage: exit 3 on both backends, the
    run kept (not `latest`) with the other queues' files, the same bytes on both."""
    job, ref = reference
    job = _job(tmp_path, overrides="[queues.q05.schedule]\nhard_coverage = true\n")
    runs = {}
    for name, args in (("threads", []), ("dask", ["--dask-scheduler", cluster.scheduler.address])):
        out = tmp_path / name
        r = _wfmkit("plan", "--config", job, "--out", out, *args)
        assert r.returncode == 3, r.stderr
        assert "queue `q05`" in r.stderr and "infeasible" in r.stderr, r.stderr
        assert not (out / "latest").exists()
        (run,) = (out / "runs").iterdir()
        m = json.loads((run / "manifest.json").read_text())
        assert [q["queue"] for q in m["queues"] if not q["ok"]] == ["q05"]
        shifts = pl.read_csv(run / "shifts.csv")
        assert set(shifts["queue"]) == {f"q{k:02d}" for k in range(N_QUEUES)} - {"q05"}
        runs[name] = run
    _same_files(runs["threads"], runs["dask"])


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGKILL"])
def test_an_interrupted_run_publishes_nothing(reference, cluster, tmp_path, sig):
    """SIGTERM (or SIGKILL) while the cluster runs the queues: exit 143 (killed), nothing under
    `runs` or `latest`, and the helper process ends with the job (no orphan holding the
    cluster)."""
    import signal

    job, _ = reference
    proc = _wfmkit("plan", "--config", job, "--out", tmp_path, "--dask-scheduler", cluster.scheduler.address,
                   wait=False)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if any("wfmkit-queue" in str(t) for tasks in cluster.processing().values() for t in tasks):
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    assert _helpers(cluster.scheduler.address), "no helper found while the job runs"
    proc.send_signal(getattr(signal, sig))
    proc.communicate(timeout=60)
    assert proc.returncode == (143 if sig == "SIGTERM" else -signal.SIGKILL)
    assert not (tmp_path / "latest").exists()
    assert not list((tmp_path / "runs").glob("*/manifest.json"))
    deadline = time.time() + 60
    while time.time() < deadline and _helpers(cluster.scheduler.address):
        time.sleep(0.2)
    assert not _helpers(cluster.scheduler.address), "the helper outlived the job"


def _helpers(scheduler: str) -> list[int]:
    """The running `wfmkit.dask_job` helpers for this scheduler (from /proc)."""
    found = []
    for p in Path("/proc").iterdir():
        try:
            cmd = (p / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"wfmkit.dask_job" in cmd and scheduler.encode() in cmd:
            found.append(int(p.name))
    return found


def test_back_pressure_keeps_at_most_max_in_flight_queues_on_the_cluster(reference, cluster, tmp_path):
    """`[run.dask] max_in_flight = 1`: the scheduler never holds two of the job's queues at once
    (polled throughout the run), and the files are still the single-machine ones."""
    job, ref = reference
    text = job.read_text().replace("[run.dask]\n", "[run.dask]\nmax_in_flight = 1\n")
    (tmp_path / "job.toml").write_text(text)
    (tmp_path / "history.csv").symlink_to(job.parent / "history.csv")

    def live(dask_scheduler) -> int:
        return sum(1 for ts in dask_scheduler.tasks.values()
                   if "wfmkit-queue" in str(ts.key) and ts.state in ("waiting", "queued", "no-worker", "processing"))

    proc = _wfmkit("plan", "--config", tmp_path / "job.toml", "--out", tmp_path / "out", "--dask-scheduler",
                   cluster.scheduler.address, wait=False)
    seen = []
    while proc.poll() is None:
        seen.append(cluster.run_on_scheduler(live))
        time.sleep(0.01)
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert max(seen) == 1, max(seen)  # 0 would mean the polling never saw a queue
    _same_files(ref, tmp_path / "out" / "latest")


def test_a_cluster_that_loses_every_worker_fails_the_queues_left_instead_of_hanging(reference, tmp_path):
    """One worker without a nanny (so nothing restarts it), killed during the run, and
    `worker_timeout_s = 2`: the job ends with exit status 1, each queue left without an answer
    is named with the reason, the run is kept for diagnosis and `latest` does not move."""
    import distributed

    job, _ = reference
    text = job.read_text().replace("[run.dask]\n", "[run.dask]\nworker_timeout_s = 2\n")
    (tmp_path / "job.toml").write_text(text)
    (tmp_path / "history.csv").symlink_to(job.parent / "history.csv")
    with distributed.LocalCluster(n_workers=0, processes=True, dashboard_address=":0", silence_logs=50) as c, \
            distributed.Client(c) as client:
        # A worker process of its own, with no nanny to restart it.
        worker = subprocess.Popen([str(Path(sys.executable).parent / "dask"), "worker", c.scheduler.address,
                                   "--no-nanny", "--nthreads", "1", "--no-dashboard"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            client.wait_for_workers(1, timeout=60)
            proc = _wfmkit("plan", "--config", tmp_path / "job.toml", "--out", tmp_path / "out", "--dask-scheduler",
                           c.scheduler.address, wait=False)
            deadline = time.time() + 120
            while time.time() < deadline and proc.poll() is None:
                if any("wfmkit-queue" in str(t) for tasks in client.processing().values() for t in tasks):
                    break
                time.sleep(0.02)
            assert proc.poll() is None, "the run ended before the worker could be killed"
            worker.kill()
            _, err = proc.communicate(timeout=300)
        finally:
            worker.kill()
            worker.wait()
    assert proc.returncode == 1, err
    assert "no worker on the cluster for 2" in err, err
    assert not (tmp_path / "out" / "latest").exists()
    (run,) = (tmp_path / "out" / "runs").iterdir()
    m = json.loads((run / "manifest.json").read_text())
    failed = [q for q in m["queues"] if not q["ok"]]
    assert failed and all("no answer from the Dask helper" in q["error"] for q in failed)


def test_bad_dask_settings_are_named_before_anything_runs(reference, tmp_path):
    """`backend = "dask"` without a scheduler, and a worker timeout that is not > 0: exit 2 with
    the key named (`validate` finds the timeout too), nothing published."""
    job, _ = reference
    (tmp_path / "history.csv").symlink_to(job.parent / "history.csv")
    base = job.read_text().replace("[run]\n", "[run]\nbackend = \"dask\"\n")
    (tmp_path / "none.toml").write_text(base)
    r = _wfmkit("plan", "--config", tmp_path / "none.toml", "--out", tmp_path / "out")
    assert r.returncode == 2 and "run.dask.scheduler" in r.stderr, r.stderr
    (tmp_path / "zero.toml").write_text(base.replace("[run.dask]\n", "[run.dask]\nworker_timeout_s = 0\n"))
    for args in (["validate", "--config", tmp_path / "zero.toml"],
                 ["plan", "--config", tmp_path / "zero.toml", "--out", tmp_path / "out",
                  "--dask-scheduler", "tcp://127.0.0.1:1"]):
        r = _wfmkit(*args)
        assert r.returncode == 2 and "run.dask.worker_timeout_s" in r.stderr, (args, r.stderr)
    assert not (tmp_path / "out").exists()
