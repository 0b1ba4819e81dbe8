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
Nothing else is written to standard output (other prints go to standard error), and the helper
exits when the job that started it has gone. A task whose worker dies is run again elsewhere (Dask's ``allowed-failures``)
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


def _scheduler_info(client: Any) -> dict:
    """Every worker (from distributed 2025.4, ``scheduler_info()`` lists 5 unless asked)."""
    try:
        return client.scheduler_info(n_workers=-1)
    except TypeError:  # older distributed: every worker, and no such argument
        return client.scheduler_info()


def _hello(client: Any) -> bytes:
    import json

    import distributed

    from . import __version__

    info = _scheduler_info(client)
    workers = [
        {"address": a, "name": str(w.get("name", a)), "nthreads": w.get("nthreads"),
         "memory_limit": w.get("memory_limit")}
        for a, w in sorted(info.get("workers", {}).items())
    ]
    return json.dumps({"scheduler": info.get("address"), "workers": workers,
                       "distributed": distributed.__version__, "wfmkit": __version__}).encode()


def _die_with_parent() -> None:
    """Exits when the job that started this helper has gone (killed, interrupted): its tasks are
    then released by the scheduler with this client."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wfmkit.dask_job", description=__doc__.splitlines()[0])
    parser.add_argument("--scheduler", required=True, help="the scheduler's address, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--retries", type=int, default=2, help="retries of a task that raises (default 2)")
    parser.add_argument("--timeout", default="30s", help="how long to try to connect (default 30s)")
    parser.add_argument("--worker-timeout", type=float, default=60.0,
                        help="seconds with queues waiting and no worker on the cluster before giving up "
                             "(default 60)")
    parser.add_argument("--max-in-flight", type=int, default=None,
                        help="queues submitted and not yet answered (default: 4 per worker thread, at least 4)")
    args = parser.parse_args(argv)

    _die_with_parent()
    # The protocol has standard output to itself: anything else printed goes to standard error.
    stdout = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    stdin = sys.stdin.buffer

    from distributed import Client

    try:
        client = Client(args.scheduler, timeout=args.timeout)
    except (OSError, TimeoutError) as e:
        print(f"wfmkit.dask_job: cannot connect: {e}", file=sys.stderr)
        return 2
    try:
        stdout.write(_message(_hello(client)))
        stdout.flush()
        done: queue.Queue[tuple[int, Any]] = queue.Queue()
        run = os.urandom(4).hex()
        # Back-pressure: at most this many queues are submitted and not yet written back (so
        # neither the scheduler nor the workers hold every queue's rows or results); past it this
        # loop stops reading, the pipe fills and the job stops reading inputs.
        threads = sum(client.nthreads().values()) or 1
        slots = threading.BoundedSemaphore(args.max_in_flight or max(4, 4 * threads))
        pending: dict[int, Any] = {}  # held until answered: a future let go is cancelled
        total: list[int] = []
        no_workers_since: list[float] = []

        def stalled() -> None:
            """Gives up when queues wait and the cluster has had no worker for --worker-timeout;
            the job then names each queue left without an answer."""
            now = time.monotonic()
            if not pending or client.nthreads():
                no_workers_since.clear()
            elif not no_workers_since:
                no_workers_since.append(now)
            elif now - no_workers_since[0] > args.worker_timeout:
                print(f"wfmkit.dask_job: no worker on the cluster for {args.worker_timeout} s",
                      file=sys.stderr, flush=True)
                os._exit(3)

        def answer(fut: Any) -> tuple[str, int, bytes]:
            # A finished task's result can still be lost with its worker (Dask runs it again):
            # wait in steps, giving up as above.
            while True:
                try:
                    worker, outcome = fut.result(timeout=1)
                    return worker, 0, outcome
                except TimeoutError:
                    stalled()
                except BaseException as e:  # noqa: BLE001 - reported to the job, by queue
                    if type(e).__name__ == "TimeoutError":  # distributed's own, on old versions
                        stalled()
                        continue
                    return "", 1, f"{type(e).__name__}: {e}".encode()

        def write_answers() -> None:
            written = 0
            while not total or written < total[0]:
                try:
                    k, fut = done.get(timeout=0.2)
                except queue.Empty:
                    stalled()
                    continue
                worker, status, payload = answer(fut)
                stdout.write(_U32.pack(k) + _message(worker.encode()) + bytes([status]) + _message(payload))
                stdout.flush()
                pending.pop(k, None)  # its result leaves the worker's memory
                slots.release()
                written += 1

        def writer_or_die() -> None:
            try:
                write_answers()
            except BrokenPipeError:
                os._exit(1)  # the job has gone
            except BaseException as e:  # noqa: BLE001 - the job must not wait for answers
                print(f"wfmkit.dask_job: internal error while answering: {type(e).__name__}: {e}",
                      file=sys.stderr, flush=True)
                os._exit(4)

        writer = threading.Thread(target=writer_or_die, daemon=True)
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
            while not slots.acquire(timeout=0.5):
                stalled()
            fut = client.submit(run_queue, work, rows, key=f"wfmkit-queue-{run}-{k}", retries=args.retries,
                                pure=False)
            pending[k] = fut
            fut.add_done_callback(lambda f, k=k: done.put((k, f)))
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
