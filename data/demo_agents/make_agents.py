#!/usr/bin/env python3
"""Writes the demo's agent tables (synthetic, seeded; standard library only).

60 agents for the Anonymous Bank demo week (Mon 1 - Sun 7 November 1999): 30 full-time (`ft`:
full shifts, 3-5 days) and 30 part-time (`pt`: part shifts, up to 4 days). Part-timers have
availability windows (school hours, evenings to midnight, or weekdays only; an empty `to` is midnight), a few agents have leave,
and some ask for a day off or a given day on; eight full-timers prefer early or late starts. Rerun to regenerate: the seed makes the files the same.
"""
import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
rng = random.Random(1999)
DAYS = [f"1999-11-0{d}" for d in range(1, 8)]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
agents = [(f"FT{i:02d}", "ft") for i in range(1, 31)] + [(f"PT{i:02d}", "pt") for i in range(1, 31)]

with open(HERE / "agents.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["agent_id", "contract"])
    w.writerows(agents)

with open(HERE / "leave.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["agent_id", "date"])
    for a, _ in rng.sample(agents, 6):
        start = rng.randrange(0, 5)
        for d in DAYS[start : start + rng.choice([1, 2, 3])]:
            w.writerow([a, d])

patterns = {
    "school": [(d, "09:00", "15:00") for d in WEEKDAYS[:5]],
    "evening": [(d, "14:00", "") for d in WEEKDAYS],
    "weekdays": [(d, "06:00", "") for d in WEEKDAYS[:5]],
}
with open(HERE / "availability.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["agent_id", "weekday", "from", "to"])
    for a, c in agents:
        if c == "pt" and rng.random() < 0.6:
            for row in patterns[rng.choice(sorted(patterns))]:
                w.writerow([a, *row])

with open(HERE / "requests.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["agent_id", "date", "kind", "shift", "weight"])
    for a, _ in rng.sample(agents, 15):
        kind = rng.choice(["day_off", "day_off", "day_on"])
        w.writerow([a, rng.choice(DAYS), kind, "", rng.choice([50, 100, 200])])

# Preferred start windows (soft): a few full-timers like early or late starts; each shift that
# starts outside the window costs the weight (an empty weekday applies to every day).
with open(HERE / "preferred_starts.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["agent_id", "weekday", "from", "to", "weight"])
    for a, _ in rng.sample(agents[:30], 8):
        window = rng.choice([("06:00", "08:00"), ("10:00", "12:00")])
        w.writerow([a, "", *window, rng.choice([20, 40])])
