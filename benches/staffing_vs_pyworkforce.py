"""wfmkit against pyworkforce (PyPI) on a year of interval staffing, timed in one run.

Workload (the same as the criterion bench `benches/staffing.rs`): required agents for one year of
15-minute intervals (35,040), offered load evenly spaced from 0 to 500 Erlangs, AHT 300 s, 80%
answered within 20 s, 30% shrinkage, one thread. Erlang C, and Erlang A with mean patience 180 s.

Each measurement runs in its own worker process (this script with ``--worker NAME``), so its
peak memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``) is its own: the script prints the
peak RSS of the worker after imports and input set-up, and after the timed runs. The parent
prints the times, their ratios and where the two libraries' answers differ.

pyworkforce raises on zero load (``transactions <= 0``), so the one interval with zero load is
counted as 0 agents for it without calling it. pyworkforce takes minutes (not hours, as its
GitHub Erlang A would) for Erlang C, so that run covers the full workload; its Erlang A class,
when the installed version has one, is timed on a documented subsample and extrapolated.

Needs ``pip install pyworkforce`` in the environment of the built wfmkit. Usage::

    python benches/staffing_vs_pyworkforce.py            # full run
    python benches/staffing_vs_pyworkforce.py --quick    # 1/40 of the intervals (a smoke test)
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import subprocess
import sys
import time

INTERVALS = 35_040
INTERVAL_S = 900.0
AHT_S = 300.0
MAX_LOAD = 500.0
SL, T_S, SHRINK, PATIENCE_S = 0.8, 20.0, 0.3, 180.0
A_SUBSAMPLE = 8  # pyworkforce Erlang A: intervals timed, evenly spaced over the load range


def volumes(n: int) -> list[float]:
    """Contacts per interval whose loads run evenly from 0 to 500 Erlangs."""
    return [MAX_LOAD * i / (n - 1) * INTERVAL_S / AHT_S for i in range(n)]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def worker(name: str, n: int) -> dict:
    vols = volumes(n)
    if name.startswith("wfmkit"):
        import numpy as np

        import wfmkit

        v = np.array(vols)
        kwargs = dict(interval_s=INTERVAL_S, service_level=SL, answer_within_s=T_S, shrinkage=SHRINK)
        if name == "wfmkit_a":
            kwargs.update(model="erlang_a", patience_s=PATIENCE_S)
        wfmkit.required_agents(v[:10], AHT_S, **kwargs)  # warm-up (import, first call)
        before = peak_rss_mib()
        times, rss_runs = [], []
        for _ in range(15 if name == "wfmkit_c" else 5):
            t0 = time.perf_counter()
            s = wfmkit.required_agents(v, AHT_S, **kwargs)
            times.append(time.perf_counter() - t0)
            rss_runs.append(peak_rss_mib())
        after = peak_rss_mib()
        # Memory stays flat: 10x the intervals should only add the inputs and outputs.
        t0 = time.perf_counter()
        big = wfmkit.required_agents(np.tile(v, 10), AHT_S, **kwargs) if name == "wfmkit_c" else None
        t_big = time.perf_counter() - t0
        return {
            "seconds_min": min(times),
            "seconds_median": statistics.median(times),
            "runs": len(times),
            "rss_before_mib": before,
            "rss_runs_mib": rss_runs,
            "rss_after_mib": after,
            "rss_after_10x_mib": peak_rss_mib() if big is not None else None,
            "seconds_10x": t_big if big is not None else None,
            "net": s.agents.tolist(),
            "gross": s.agents_gross.tolist(),
        }
    import pyworkforce
    from pyworkforce import queuing

    # pyworkforce works in minutes; its `asa` argument is the answer-within target t.
    common = dict(aht=AHT_S / 60, asa=T_S / 60, interval=INTERVAL_S / 60, shrinkage=SHRINK)
    if name == "pyworkforce_c":
        before = peak_rss_mib()
        net, gross = [], []
        t0 = time.perf_counter()
        for vol in vols:
            if vol <= 0:
                net.append(0)
                gross.append(0)
                continue
            r = queuing.ErlangC(transactions=vol, **common).required_positions(service_level=SL)
            net.append(r["raw_positions"])
            gross.append(r["positions"])
        seconds = time.perf_counter() - t0
        return {
            "version": pyworkforce.__version__ if hasattr(pyworkforce, "__version__") else "?",
            "seconds": seconds,
            "rss_before_mib": before,
            "rss_after_mib": peak_rss_mib(),
            "net": net,
            "gross": gross,
        }
    # pyworkforce_a: only if the installed pyworkforce has Erlang A.
    if not hasattr(queuing, "ErlangA"):
        return {"missing": f"pyworkforce.queuing has no ErlangA (it has: {', '.join(queuing.__all__)})"}
    step = (n - 1) // A_SUBSAMPLE
    idx = [1 + k * step for k in range(A_SUBSAMPLE)]
    before = peak_rss_mib()
    t0 = time.perf_counter()
    net = []
    for i in idx:
        r = queuing.ErlangA(transactions=vols[i], patience=PATIENCE_S / 60, **common).required_positions(
            service_level=SL
        )
        net.append(r["raw_positions"])
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "indices": idx, "net": net, "rss_before_mib": before, "rss_after_mib": peak_rss_mib()}


def run_worker(name: str, n: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", name, "--n", str(n)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker")
    ap.add_argument("--n", type=int, default=INTERVALS)
    ap.add_argument("--quick", action="store_true", help="1/40 of the intervals")
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.n)))
        return
    n = INTERVALS // 40 if args.quick else args.n
    print(f"workload: {n} intervals of {INTERVAL_S:.0f} s, load 0..{MAX_LOAD:.0f} Erlangs evenly spaced, "
          f"AHT {AHT_S:.0f} s, {SL:.0%} in {T_S:.0f} s, shrinkage {SHRINK:.0%}, one thread")

    wc = run_worker("wfmkit_c", n)
    pc = run_worker("pyworkforce_c", n)
    print(f"\nErlang C (pyworkforce {pc['version']})")
    print(f"  wfmkit       {wc['seconds_min'] * 1e3:9.2f} ms  (min of {wc['runs']}; median "
          f"{wc['seconds_median'] * 1e3:.2f} ms)  peak RSS {wc['rss_before_mib']:.1f} MiB before,\n"
          f"               after runs 1, 2, 3 and {wc['runs']}: "
          f"{', '.join(f'{x:.1f}' for x in wc['rss_runs_mib'][:3])}, {wc['rss_runs_mib'][-1]:.1f} MiB")
    print(f"  pyworkforce  {pc['seconds'] * 1e3:9.2f} ms  (one run)              peak RSS "
          f"{pc['rss_before_mib']:.1f} -> {pc['rss_after_mib']:.1f} MiB")
    print(f"  ratio pyworkforce / wfmkit: {pc['seconds'] / wc['seconds_min']:.0f}x "
          f"(against wfmkit's median: {pc['seconds'] / wc['seconds_median']:.0f}x)")
    print(f"  wfmkit on 10x the intervals ({10 * n}): {wc['seconds_10x'] * 1e3:.1f} ms, peak RSS "
          f"{wc['rss_after_10x_mib']:.1f} MiB")
    diff = [i for i in range(n) if wc["net"][i] != pc["net"][i]]
    gdiff = [i for i in range(n) if wc["gross"][i] != pc["gross"][i]]
    print(f"  net agents differ in {len(diff)} of {n} intervals; gross agents differ in {len(gdiff)}")
    exact = all(wc["gross"][i] == -(-wc["net"][i] * 10 // 7) for i in range(n))
    print(f"  wfmkit gross == exact integer ceil(net / 0.7) in every interval: {exact}")
    if gdiff:
        i = gdiff[0]
        print(f"  e.g. net {pc['net'][i]}: wfmkit gross {wc['gross'][i]}, pyworkforce {pc['gross'][i]} "
              f"(pyworkforce takes ceil of the float {pc['net'][i]} / (1 - 0.3) = {pc['net'][i] / (1 - 0.3)!r})")
    if diff:
        import wfmkit

        over = sum(pc["net"][i] > wc["net"][i] for i in diff)
        # Is wfmkit's smaller answer feasible? Check with wfmkit's exact Erlang C at that count.
        vols = volumes(n)
        ok = all(
            wfmkit.erlang_c(vols[i], AHT_S, wc["net"][i], interval_s=INTERVAL_S).service_level >= SL for i in diff
        )
        i = diff[0]
        print(f"  pyworkforce asks for more net agents in {over} of them; wfmkit's counts meet 80/20 in all: {ok}")
        print(f"  e.g. load {vols[i] * AHT_S / INTERVAL_S:.3f} Erlangs: wfmkit {wc['net'][i]}, pyworkforce "
              f"{pc['net'][i]} (pyworkforce starts its search at round(load + 1))")

    wa = run_worker("wfmkit_a", n)
    pa = run_worker("pyworkforce_a", n)
    print(f"\nErlang A, mean patience {PATIENCE_S:.0f} s")
    print(f"  wfmkit       {wa['seconds_min'] * 1e3:9.2f} ms  (min of {wa['runs']}; median "
          f"{wa['seconds_median'] * 1e3:.2f} ms)  peak RSS {wa['rss_before_mib']:.1f} MiB before,\n"
          f"               after runs 1, 2, 3 and {wa['runs']}: "
          f"{', '.join(f'{x:.1f}' for x in wa['rss_runs_mib'][:3])}, {wa['rss_runs_mib'][-1]:.1f} MiB")
    if "missing" in pa:
        print(f"  pyworkforce  not measured: {pa['missing']}. Erlang A is only on pyworkforce's GitHub")
        print("               master, not in the PyPI release installed here, so there is no Erlang A ratio.")
    else:
        per_call = pa["seconds"] / len(pa["indices"])
        est = per_call * n
        print(f"  pyworkforce  {pa['seconds']:.1f} s for a subsample of {len(pa['indices'])} intervals "
              f"(indices {pa['indices']}), i.e. {per_call:.2f} s per interval")
        print(f"               EXTRAPOLATED to {n} intervals: {est:.0f} s ({est / 3600:.1f} h)")
        print(f"  ratio pyworkforce (extrapolated) / wfmkit: {est / wa['seconds_min']:.0f}x")
        print(f"  subsample answers, wfmkit vs pyworkforce: "
              f"{[(wa['net'][i], p) for i, p in zip(pa['indices'], pa['net'])]}")
    print(f"\npeak RSS of this parent process: {peak_rss_mib():.1f} MiB; "
          f"machine load average {', '.join(f'{x:.2f}' for x in __import__('os').getloadavg())}")


if __name__ == "__main__":
    main()
