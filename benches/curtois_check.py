#!/usr/bin/env python3
"""Independent checker for Curtois & Qu shift-scheduling rosters (Instance1..Instance24).

Pure Python standard library; it shares no code with wfmkit or with any model, so that it can judge
a roster produced by either.

Usage::

    python benches/curtois_check.py INSTANCE_FILE ROSTER_CSV

``ROSTER_CSV`` has the header ``employee,day,shift``: one row per assigned shift, ``day`` 0-based,
employee and shift ids as in the instance. The checker prints every violated hard rule (employee,
day, rule) and the recomputed objective, and exits 1 if any hard rule is violated (0 otherwise).

Importable::

    from curtois_check import parse_instance, check, read_roster
    inst = parse_instance("data/curtois_shift_scheduling/Instance1.txt")
    objective, violations = check(inst, [("A", 1, "D"), ...])

Rules (see data/curtois_shift_scheduling/README.md), all hard:

* ``one_shift_per_day``: at most one shift per employee and day (a repeated row counts too);
* ``unknown``: unknown employee or shift id, or a day outside 0..H-1 (the row is then ignored);
* ``days_off``: no shift on a day listed in SECTION_DAYS_OFF;
* ``max_shifts``: number of shifts of type t <= MaxShifts[t] (a type not listed has no limit);
* ``max_total_minutes`` / ``min_total_minutes``: sum of shift lengths within [Min, Max];
* ``max_consecutive_shifts``: no run of worked days longer than MaxConsecutiveShifts;
* ``min_consecutive_shifts``: no run of worked days shorter than MinConsecutiveShifts, **except** a
  run that touches day 0 or day H-1 (boundary convention of the README);
* ``min_consecutive_days_off``: no run of days off shorter than MinConsecutiveDaysOff, **except** a
  run that touches day 0 or day H-1;
* ``max_weekends``: weekends worked <= MaxWeekends; weekend k is days 7k+5 and 7k+6 (the horizon
  starts on a Monday), worked if either day is worked;
* ``forbidden_succession``: shift s on day d and, on day d+1, a shift in s's cannot-follow list.

Nothing is assumed before day 0 or after day H-1 (max-consecutive and successions are checked only
inside the horizon).

Objective = sum of shift-on request weights not granted (the requested shift is not the one worked
that day) + shift-off request weights hit (the named shift is worked that day) + for every cover row
(day, shift): max(0, req - n) * w_under + max(0, n - req) * w_over, with n the number of employees
assigned that shift on that day.
"""
from __future__ import annotations

import csv
import sys
from collections import defaultdict

__all__ = ["parse_instance", "parse_instance_text", "read_roster", "check", "main"]

_SECTIONS = {
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
}


def parse_instance_text(text: str) -> dict:
    """Parse the text of an instance file into a plain dict (see ``parse_instance``)."""
    rows: dict[str, list[list[str]]] = defaultdict(list)
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line in _SECTIONS:
            section = line
            continue
        if section is None:
            raise ValueError(f"data before any section: {line!r}")
        rows[section].append([c.strip() for c in line.split(",")])

    if len(rows["SECTION_HORIZON"]) != 1:
        raise ValueError("SECTION_HORIZON must hold one value")
    horizon = int(rows["SECTION_HORIZON"][0][0])

    shifts: dict[str, dict] = {}
    for r in rows["SECTION_SHIFTS"]:
        sid, length = r[0], int(r[1])
        cannot = [x for x in (r[2].split("|") if len(r) > 2 else []) if x]
        shifts[sid] = {"length": length, "cannot_follow": cannot}
    for sid, sh in shifts.items():
        for t in sh["cannot_follow"]:
            if t not in shifts:
                raise ValueError(f"shift {sid}: unknown shift {t!r} in cannot-follow list")

    staff: dict[str, dict] = {}
    for r in rows["SECTION_STAFF"]:
        if len(r) != 8:
            raise ValueError(f"staff row needs 8 fields: {r}")
        eid = r[0]
        max_shifts = {}
        for item in r[1].split("|"):
            if item:
                k, v = item.split("=")
                if k not in shifts:
                    raise ValueError(f"staff {eid}: unknown shift {k!r}")
                max_shifts[k] = int(v)
        staff[eid] = {
            "max_shifts": max_shifts,
            "max_total_minutes": int(r[2]),
            "min_total_minutes": int(r[3]),
            "max_consecutive_shifts": int(r[4]),
            "min_consecutive_shifts": int(r[5]),
            "min_consecutive_days_off": int(r[6]),
            "max_weekends": int(r[7]),
        }

    days_off: dict[str, set] = {e: set() for e in staff}
    for r in rows["SECTION_DAYS_OFF"]:
        if r[0] not in staff:
            raise ValueError(f"days off for unknown employee {r[0]!r}")
        days_off[r[0]].update(int(x) for x in r[1:] if x)

    def requests(name):
        out = []
        for r in rows[name]:
            e, d, s, w = r[0], int(r[1]), r[2], int(r[3])
            if e not in staff or s not in shifts or not 0 <= d < horizon:
                raise ValueError(f"{name}: bad row {r}")
            out.append((e, d, s, w))
        return out

    cover = {}
    for r in rows["SECTION_COVER"]:
        d, s = int(r[0]), r[1]
        if s not in shifts or not 0 <= d < horizon:
            raise ValueError(f"SECTION_COVER: bad row {r}")
        cover[(d, s)] = {"requirement": int(r[2]), "w_under": int(r[3]), "w_over": int(r[4])}

    return {
        "horizon": horizon,
        "shifts": shifts,
        "staff": staff,
        "days_off": days_off,
        "shift_on": requests("SECTION_SHIFT_ON_REQUESTS"),
        "shift_off": requests("SECTION_SHIFT_OFF_REQUESTS"),
        "cover": cover,
    }


def parse_instance(path) -> dict:
    """Parse an instance file.

    Returns a dict with ``horizon`` (int), ``shifts`` {id: {length, cannot_follow}}, ``staff``
    {id: {max_shifts, max_total_minutes, min_total_minutes, max_consecutive_shifts,
    min_consecutive_shifts, min_consecutive_days_off, max_weekends}}, ``days_off`` {id: set of days},
    ``shift_on`` and ``shift_off`` lists of (employee, day, shift, weight), and ``cover``
    {(day, shift): {requirement, w_under, w_over}}. Employee and shift dicts keep the file order.
    """
    with open(path, encoding="utf-8") as f:
        return parse_instance_text(f.read())


def read_roster(path) -> list[tuple[str, int, str]]:
    """Read a roster CSV with header ``employee,day,shift`` into a list of (employee, day, shift)."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or [h.strip() for h in reader.fieldnames] != ["employee", "day", "shift"]:
            raise ValueError(f"{path}: header must be employee,day,shift (got {reader.fieldnames})")
        return [(r["employee"].strip(), int(r["day"]), r["shift"].strip()) for r in reader]


def _runs(flags):
    """Maximal runs of True in a list of bools: list of (start, length)."""
    out, start = [], None
    for d, f in enumerate(flags):
        if f and start is None:
            start = d
        elif not f and start is not None:
            out.append((start, d - start))
            start = None
    if start is not None:
        out.append((start, len(flags) - start))
    return out


def check(instance: dict, assignments) -> tuple[int, list[dict]]:
    """Check a roster against every hard rule and recompute the objective.

    ``assignments`` is an iterable of (employee, day, shift). Returns ``(objective, violations)``,
    each violation a dict with ``employee``, ``day`` (the first day concerned, or None for a
    horizon-wide rule), ``rule`` and ``detail``. The objective counts every valid row (rows with an
    unknown employee, shift or day are reported and ignored).
    """
    H = instance["horizon"]
    shifts, staff = instance["shifts"], instance["staff"]
    viol: list[dict] = []

    def bad(e, d, rule, detail):
        viol.append({"employee": e, "day": d, "rule": rule, "detail": detail})

    # per employee: day -> list of shifts (a list, to catch two shifts on one day)
    work: dict[str, dict[int, list[str]]] = {e: defaultdict(list) for e in staff}
    for e, d, s in assignments:
        d = int(d)
        if e not in staff or s not in shifts or not 0 <= d < H:
            bad(e, d, "unknown", f"row ({e}, {d}, {s}): unknown employee/shift or day outside 0..{H - 1}")
            continue
        work[e][d].append(s)

    for e, c in staff.items():
        w = work[e]
        for d in sorted(w):
            if len(w[d]) > 1:
                bad(e, d, "one_shift_per_day", f"{len(w[d])} shifts: {'|'.join(w[d])}")
            if d in instance["days_off"][e]:
                bad(e, d, "days_off", f"works {'|'.join(w[d])} on a day off")
        # counts per type and total minutes
        count = defaultdict(int)
        minutes = 0
        for d, ss in w.items():
            for s in ss:
                count[s] += 1
                minutes += shifts[s]["length"]
        for s, n in count.items():
            if s in c["max_shifts"] and n > c["max_shifts"][s]:
                bad(e, None, "max_shifts", f"{n} shifts {s} > max {c['max_shifts'][s]}")
        if minutes > c["max_total_minutes"]:
            bad(e, None, "max_total_minutes", f"{minutes} min > max {c['max_total_minutes']}")
        if minutes < c["min_total_minutes"]:
            bad(e, None, "min_total_minutes", f"{minutes} min < min {c['min_total_minutes']}")
        # consecutive rules
        worked = [bool(w.get(d)) for d in range(H)]
        for start, length in _runs(worked):
            if length > c["max_consecutive_shifts"]:
                bad(e, start, "max_consecutive_shifts",
                    f"{length} consecutive shifts from day {start} > max {c['max_consecutive_shifts']}")
            touches = start == 0 or start + length == H
            if length < c["min_consecutive_shifts"] and not touches:
                bad(e, start, "min_consecutive_shifts",
                    f"{length} consecutive shifts from day {start} < min {c['min_consecutive_shifts']}")
        for start, length in _runs([not x for x in worked]):
            touches = start == 0 or start + length == H
            if length < c["min_consecutive_days_off"] and not touches:
                bad(e, start, "min_consecutive_days_off",
                    f"{length} consecutive days off from day {start} < min {c['min_consecutive_days_off']}")
        # weekends
        weekends = [k for k in range((H + 1) // 7 + 1)
                    if any(0 <= d < H and worked[d] for d in (7 * k + 5, 7 * k + 6))]
        if len(weekends) > c["max_weekends"]:
            bad(e, 7 * weekends[0] + 5, "max_weekends",
                f"{len(weekends)} weekends worked (weeks {','.join(map(str, weekends))}) > max {c['max_weekends']}")
        # forbidden successions
        for d in range(H - 1):
            for s1 in w.get(d, []):
                for s2 in w.get(d + 1, []):
                    if s2 in shifts[s1]["cannot_follow"]:
                        bad(e, d, "forbidden_succession", f"{s1} on day {d} then {s2} on day {d + 1}")

    # objective
    obj = 0
    for e, d, s, wt in instance["shift_on"]:
        if s not in work[e].get(d, []):
            obj += wt
    for e, d, s, wt in instance["shift_off"]:
        if s in work[e].get(d, []):
            obj += wt
    n = defaultdict(int)
    for e in staff:
        for d, ss in work[e].items():
            for s in ss:
                n[(d, s)] += 1
    for (d, s), cv in instance["cover"].items():
        k = n.get((d, s), 0)
        obj += max(0, cv["requirement"] - k) * cv["w_under"] + max(0, k - cv["requirement"]) * cv["w_over"]
    return obj, viol


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python curtois_check.py INSTANCE_FILE ROSTER_CSV", file=sys.stderr)
        return 2
    inst = parse_instance(argv[0])
    obj, viol = check(inst, read_roster(argv[1]))
    for v in viol:
        day = "-" if v["day"] is None else v["day"]
        print(f"VIOLATION employee={v['employee']} day={day} rule={v['rule']}: {v['detail']}")
    print(f"violations {len(viol)}")
    print(f"objective {obj}")
    return 1 if viol else 0


if __name__ == "__main__":
    sys.exit(main())
