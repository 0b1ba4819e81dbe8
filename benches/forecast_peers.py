#!/usr/bin/env python3
"""wfmkit vs statsforecast, side by side, on the same rolling-origin protocol.

For each dataset: the series summed into 30-minute buckets on its operating grid (time-of-day
slots complete on >= 90% of days x weekdays that occur; absent days are NaN, filled for training
with the value one week earlier and not scored), the last ORIGINS weekly origins, horizon one
week, expanding window (capped at 16 weeks for the Anonymous Bank, as in the benchmark runs).
Prints per model: MASE (weekly-seasonal-naive scale), WAPE %, 80/95 % coverage, and CPU seconds
per fit + forecast, measured in this one process and run; then the CPU ratios statsforecast MSTL /
wfmkit auto and statsforecast MSTL / wfmkit mstl (the same model: MSTL with an AutoETS trend;
wfmkit's on the last 8 weeks, and its fit includes the 8 weekly-origin fits that calibrate the
intervals). The protocol is the one in benches/forecast_results.md ("The benchmark protocol");
this script runs wfmkit in-process through its public Python API instead of a subprocess.

usage: python benches/forecast_peers.py [--origins 8] [--datasets bank,anon]
       python benches/forecast_peers.py --csv DIR/*.csv   # the synthetic robustness series

With --csv each file (``timestamp,calls``, e.g. written by ``FORECAST_ROBUSTNESS_CSV=DIR cargo
bench --bench forecast_robustness``) is run at its own interval with the whole history (no cap),
and statsforecast's AutoETS on daily totals × the 8-week weekday profile joins the models.
"""
from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl

import wfmkit

warnings.filterwarnings("ignore")
os.environ.setdefault("NIXTLA_ID_AS_COL", "1")
ROOT = Path(__file__).resolve().parents[1]
DATASETS = {
    "bank": (ROOT / "data/bank_calls_2003/bank_calls_5min.csv", "calls", 0),
    "anon": (ROOT / "data/anon_bank_1999/anon_bank_1999_6min.csv", "calls", 16),
}


def load_grid(path, value, freq="30min"):
    df = pd.read_csv(path, usecols=["timestamp", value])
    ts = pd.to_datetime(df["timestamp"])
    base = ts.sort_values().diff().dropna().mode().iloc[0]
    k = pd.Timedelta(freq) // base
    g = df.assign(b=ts.dt.floor(freq)).groupby("b")[value].agg(["sum", "count"])
    g["tod"] = g.index - g.index.normalize()
    comp = (g["count"] == k).groupby(g["tod"]).mean()
    slots = sorted(comp[comp >= 0.9].index)
    g = g[g["tod"].isin(slots) & (g["count"] == k)]
    days = g.index.normalize().unique()
    cal = pd.date_range(days.min(), days.max(), freq="D")
    cal = cal[cal.dayofweek.isin(sorted(set(days.dayofweek)))]
    idx = pd.DatetimeIndex(np.repeat(cal.values, len(slots))) + pd.TimedeltaIndex(np.tile(slots, len(cal)))
    y = g["sum"].reindex(idx).astype(float)
    nd = len(set(days.dayofweek))
    return y, len(slots), len(slots) * nd


def fill_week(v, mw):
    v = v.copy()
    for i in np.where(np.isnan(v))[0]:
        j = i - mw
        while j >= 0 and np.isnan(v[j]):
            j -= mw
        if j >= 0:
            v[i] = v[j]
    for i in np.where(np.isnan(v))[0][::-1]:
        j = i + mw
        while j < len(v) and np.isnan(v[j]):
            j += mw
        if j < len(v):
            v[i] = v[j]
    return np.nan_to_num(v)


def run_wfmkit(ts, y, h, fut, model, interval_min=30):
    hist = pl.DataFrame({"interval_start": pl.Series(ts.values).dt.cast_time_unit("us"), "volume": y})
    days = (fut[-1].normalize() - ts[-1].normalize()).days
    fc = wfmkit.forecast(hist, model=model, horizon=days, level=[80, 95], aht_s=1.0, interval_min=interval_min)
    want = pl.DataFrame({"interval_start": pl.Series(fut.values).dt.cast_time_unit("us")})
    fc = fc.with_columns(pl.col("interval_start").dt.cast_time_unit("us"))
    fc = want.join(fc, on="interval_start", how="left", maintain_order="left")
    return {k: fc[c].to_numpy() for k, c in (("mean", "volume"), ("lo-80", "volume_lo_80"), ("hi-80", "volume_hi_80"),
                                               ("lo-95", "volume_lo_95"), ("hi-95", "volume_hi_95"))}


def run_mstl(y, h, md, mw):
    from statsforecast.models import MSTL, AutoETS
    return MSTL(season_length=[md, mw], trend_forecaster=AutoETS(model="ZZN")).forecast(y=y, h=h, level=[80, 95])


def run_autoets_profile(y, h, md, mw):
    """statsforecast AutoETS (weekly season) on daily totals × the weekday profile of 8 weeks."""
    from statsforecast.models import AutoETS
    days = len(y) // md
    tot = y[: days * md].reshape(days, md).sum(axis=1)
    nd = mw // md
    ft = AutoETS(season_length=nd).forecast(y=tot, h=h // md)["mean"]
    recent = y[(days - 8 * nd) * md: days * md].reshape(8, nd, md).sum(axis=0)
    prof = recent / np.maximum(recent.sum(axis=1, keepdims=True), 1e-12)
    # Row j of `prof` is the weekday of day days − 8 nd + j, which is that of day days + j.
    mean = np.concatenate([ft[i] * prof[i % nd] for i in range(h // md)])
    nan = np.full(h, np.nan)
    return {"mean": mean, "lo-80": nan, "hi-80": nan, "lo-95": nan, "hi-95": nan}


def scores(yt, f, scale):
    ok = ~np.isnan(yt)
    yt, yh = yt[ok], np.maximum(np.asarray(f["mean"])[ok], 0)
    r = {"MASE": np.mean(np.abs(yt - yh)) / scale, "WAPE%": 100 * np.abs(yt - yh).sum() / yt.sum()}
    for lv in (80, 95):
        lo, hi = np.maximum(np.asarray(f[f"lo-{lv}"])[ok], 0), np.asarray(f[f"hi-{lv}"])[ok]
        r[f"cov{lv}"] = 100 * np.mean((yt >= lo) & (yt <= hi))
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--origins", type=int, default=8)
    ap.add_argument("--datasets", default="bank,anon")
    ap.add_argument("--csv", nargs="*", default=None)
    args = ap.parse_args()
    runs = [(n, *DATASETS[n], "30min") for n in args.datasets.split(",")]
    models = ("wfmkit auto", "wfmkit weekly_average", "wfmkit mstl", "wfmkit mstl_combination", "statsforecast MSTL")
    if args.csv:
        runs = [(Path(p).stem, Path(p), "calls", 0, f"{Path(p).stem.rsplit('_', 1)[1]}min") for p in args.csv]
        models = ("wfmkit auto", "statsforecast MSTL", "statsforecast AutoETS x profile")
    for name, path, value, cap, freq in runs:
        y, md, mw = load_grid(path, value, freq)
        n = len(y)
        origins = [n - mw - i * mw for i in range(args.origins)][::-1]
        yfill, yraw, ts = fill_week(y.to_numpy(), mw), y.to_numpy(), y.index
        rows = []
        for model in models:
            res, cpu = [], []
            for o in origins:
                lo = max(0, o - cap * mw) if cap else 0
                tr = yfill[lo:o]
                tr = tr[len(tr) % md:]
                trts = ts[o - len(tr):o]
                c0 = time.process_time()
                if model.startswith("wfmkit"):
                    f = run_wfmkit(trts, tr, mw, ts[o:o + mw], model.split()[1], pd.Timedelta(freq).seconds // 60)
                elif model == "statsforecast AutoETS x profile":
                    f = run_autoets_profile(tr, mw, md, mw)
                else:
                    f = run_mstl(tr, mw, md, mw)
                cpu.append(time.process_time() - c0)
                full = yfill[:o]
                scale = np.mean(np.abs(full[mw:] - full[:-mw]))
                res.append(scores(yraw[o:o + mw], f, scale))
            d = pd.DataFrame(res).mean().to_dict()
            rows.append({"model": model, **d, "cpu_s_per_fit": np.mean(cpu)})
        tab = pd.DataFrame(rows)
        print(f"\n# {name}: {path.name}, {freq}, m_day={md}, m_week={mw}, {len(origins)} weekly origins, horizon 1 week")
        print(tab.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        a = tab.set_index("model")["cpu_s_per_fit"]
        if args.csv:
            continue
        print(f"CPU ratio statsforecast MSTL / wfmkit auto: {a['statsforecast MSTL'] / a['wfmkit auto']:.1f}x")
        print(f"CPU ratio statsforecast MSTL / wfmkit mstl: {a['statsforecast MSTL'] / a['wfmkit mstl']:.1f}x")


if __name__ == "__main__":
    main()
