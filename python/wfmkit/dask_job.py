"""The helper of the command-line job's ``dask`` backend: ``python -m wfmkit.dask_job``.

``wfmkit plan --config job.toml --dask-scheduler tcp://HOST:PORT`` (or ``[run] backend =
"dask"``) starts this module, which connects to the scheduler and runs one task per queue on its
workers (``wfmkit._wfmkit.run_queue_work``, the Rust pipeline with the GIL released). The job
reads and checks every input, and rosters, groups and publishes in its own process; this module
only carries bytes between the job and the cluster, so it needs ``distributed`` (``pip install
wfmkit[dask]``) and every worker needs this version of ``wfmkit``.

The protocol over standard input and output (every length a big-endian ``u32``) is described in
the Rust module ``io::job::dask``: a JSON hello once connected; then, per queue the job sends
(a work item and its rows as Arrow IPC), one answer in any order: the queue's index in the order
sent, the worker's address, a status byte (0: the worker's outcome, 1: the task's error text)
and the payload; last, under the index ``0xFFFFFFFF``, the hello again (the workers at the end).
A task whose worker dies is run again elsewhere (Dask's ``allowed-failures``)
and a task that raises is retried ``--retries`` times.
"""

from __future__ import annotations

import argparse
import os
import queue
import struct
import sys
import threading
import time
from typing import Any, BinaryIO

_U32 = struct.Struct(">I")
_LAST = 0xFFFFFFFF  # the index of the closing message: the workers at the end


def _read_exact(stream: BinaryIO, n: int) -> bytes | None:
    """``n`` bytes, or None at the end of the stream (a partial message is an error)."""
    chunks = []
    got = 0
    while got < n:
        b = stream.read(n - got)
        if not b:
            if got == 0:
                return None
            raise EOFError(f"the job's input ended inside a message ({got} of {n} bytes)")
        chunks.append(b)
        got += len(b)
    return b"".join(chunks)


def _read_message(stream: BinaryIO) -> bytes | None:
    head = _read_exact(stream, 4)
    if head is None:
        return None
    (n,) = _U32.unpack(head)
    body = _read_exact(stream, n) if n else b""
    if body is None:
        raise EOFError("the job's input ended inside a message")
    return body


def _message(payload: bytes) -> bytes:
    return _U32.pack(len(payload)) + payload


def run_queue(work: bytes, rows: bytes) -> tuple[str, bytes]:
    """One queue's task on a worker: (the worker's address, the outcome bytes)."""
    from distributed import get_worker

    from . import _wfmkit

    try:
        address = get_worker().address
    except ValueError:  # run outside a worker (tests)
        address = "local"
    return address, _wfmkit.run_queue_work(work, rows)


def _hello(client: Any) -> bytes:
    import json

    import distributed

    from . import __version__

    info = client.scheduler_info()
    workers = [
        {"address": a, "name": str(w.get("name", a)), "nthreads": w.get("nthreads"),
         "memory_limit": w.get("memory_limit")}
        for a, w in sorted(info.get("workers", {}).items())
    ]
    return json.dumps({"scheduler": info.get("address"), "workers": workers,
                       "distributed": distributed.__version__, "wfmkit": __version__}).encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wfmkit.dask_job", description=__doc__.splitlines()[0])
    parser.add_argument("--scheduler", required=True, help="the scheduler's address, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--retries", type=int, default=2, help="retries of a task that raises (default 2)")
    parser.add_argument("--timeout", default="30s", help="how long to try to connect (default 30s)")
    parser.add_argument("--worker-timeout", type=float, default=60.0,
                        help="seconds to wait for a worker, at the start or after losing them all (default 60)")
    parser.add_argument("--max-in-flight", type=int, default=None,
                        help="queues submitted and not yet answered (default: 4 per worker thread, at least 4)")
    args = parser.parse_args(argv)

    from distributed import Client

    stdin = sys.stdin.buffer
    stdout = sys.stdout.buffer
    try:
        client = Client(args.scheduler, timeout=args.timeout)
    except (OSError, TimeoutError) as e:
        print(f"wfmkit.dask_job: cannot connect: {e}", file=sys.stderr)
        return 2
    try:
        # A cluster without workers would never run a queue: wait for one, for a while.
        client.wait_for_workers(1, timeout=args.worker_timeout)
    except (OSError, TimeoutError):
        print(f"wfmkit.dask_job: no worker joined the scheduler within {args.worker_timeout} s", file=sys.stderr)
        client.close()
        return 2
    try:
        stdout.write(_message(_hello(client)))
        stdout.flush()
        done: queue.Queue[tuple[int, Any]] = queue.Queue()
        run = os.urandom(4).hex()
        # Back-pressure: at most this many queues' bytes wait on the cluster; past it this loop
        # stops reading, the pipe fills and the job stops reading inputs until a queue is done.
        threads = sum(w.get("nthreads") or 1 for w in client.scheduler_info().get("workers", {}).values())
        slots = threading.BoundedSemaphore(args.max_in_flight or max(4, 4 * threads))
        pending: dict[int, Any] = {}  # held until answered: a future let go is cancelled
        total: list[int] = []

        def write_answers() -> None:
            written = 0
            no_workers_since = None
            while not total or written < total[0]:
                try:
                    k, fut = done.get(timeout=0.2)
                except queue.Empty:
                    # A cluster that has lost every worker would never answer: give up after
                    # --worker-timeout; the job names each queue left without an answer.
                    now = time.monotonic()
                    if client.scheduler_info().get("workers"):
                        no_workers_since = None
                    elif no_workers_since is None:
                        no_workers_since = now
                    elif now - no_workers_since > args.worker_timeout:
                        print(f"wfmkit.dask_job: no worker on the cluster for {args.worker_timeout} s",
                              file=sys.stderr, flush=True)
                        os._exit(3)
                    continue
                try:
                    worker, outcome = fut.result()
                    status, payload = 0, outcome
                except BaseException as e:  # noqa: BLE001 - reported to the job, by queue
                    worker, status, payload = "", 1, f"{type(e).__name__}: {e}".encode()
                stdout.write(_U32.pack(k) + _message(worker.encode()) + bytes([status]) + _message(payload))
                stdout.flush()
                pending.pop(k, None)  # its result leaves the worker's memory
                written += 1

        writer = threading.Thread(target=write_answers, daemon=True)
        writer.start()
        k = 0
        while True:
            work = _read_message(stdin)
            if work is None:
                break
            rows = _read_message(stdin)
            if rows is None:
                raise EOFError("the job's input ended between a work item and its rows")
            # Each task carries its own bytes: the scheduler keeps a task's input, so a task lost
            # with its worker runs again elsewhere.
            slots.acquire()
            fut = client.submit(run_queue, work, rows, key=f"wfmkit-queue-{run}-{k}", retries=args.retries,
                                pure=False)

            def answered(f: Any, k: int = k) -> None:
                slots.release()
                done.put((k, f))

            pending[k] = fut
            fut.add_done_callback(answered)
            k += 1
        total.append(k)
        writer.join()
        # The cluster's workers at the end (some may have joined after the hello).
        stdout.write(_U32.pack(_LAST) + _message(b"") + bytes([0]) + _message(_hello(client)))
        stdout.flush()
        return 0
    finally:
        client.close()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # the job has gone (interrupted): nothing to answer
        sys.exit(1)
