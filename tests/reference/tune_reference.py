#!/usr/bin/env python3
"""Reference binning, WoE and IV for `healthscore tune`, written to
`tests/fixtures/tune_reference.json`.

`tests/tune_reference.rs` bins the same columns with the Rust code
(`healthscore::metrics::binning`) and checks the bins exactly and WoE, points and IV to
`tolerance::APPROX`.

How to run (from the repository root; takes a few seconds):

    pip install numpy pandas
    python3 tests/reference/tune_reference.py

An independent implementation of the documented method, by brute force rather than
dynamic programming, on the committed sample history (notebooks-data/sample_history.csv,
20,000 account-snapshots), rows without a value left out:

1. Distinct values and their account / churned counts (pandas groupby).
2. Pre-bins: walking the distinct values in ascending order, a pre-bin closes after the value
   where the running count N first satisfies N * P >= k * n for the next k (k then becomes
   N * P // n + 1); P = max(20, ceil(1 / min_share)) capped at 100.
3. Every partition of the pre-bins into at most max_bins adjacent groups (all combinations of
   cut points, fewer bins first, cut points in lexicographic order), kept when every bin has
   at least ceil(min_share * n) accounts and both classes and the churn rate is strictly
   rising (or falling) bin to bin; the one with the largest IV wins (first found on ties).
   IV = sum over bins of (g - b) * ln(g / b), g and b the bin's shares of all retained and of
   all churned accounts. The preferred trend is kept unless the other gives a larger IV.
4. WoE = ln(g / b); points = 100 * (WoE - min) / (max - min).
"""

import itertools
import json
import math
import pathlib

import numpy as np
import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = "notebooks-data/sample_history.csv"
OUT = ROOT / "tests" / "fixtures" / "tune_reference.json"

# (column, max_bins, min_share, preferred trend: "rising" / "falling" / None)
CASES = [
    ("seat_utilization", 6, 0.05, "falling"),
    ("feature_adoption", 4, 0.05, "falling"),
    ("days_payment_overdue", 6, 0.05, "rising"),
    ("nps", 5, 0.05, "falling"),
    ("logins_per_user_week", 6, 0.1, None),
    ("avg_resolution_hours", 3, 0.05, "rising"),
    ("open_tickets", 6, 0.02, "rising"),
]


def prebins(counts, min_share):
    p = min(100, max(20, math.ceil(1 / min_share)))
    n = int(counts["accounts"].sum())
    bins, current, running, target = [], None, 0, 1
    for value, row in counts.iterrows():
        if current is None:
            current = {"low": value, "high": value, "accounts": 0, "churned": 0}
        current["high"] = value
        current["accounts"] += int(row["accounts"])
        current["churned"] += int(row["churned"])
        running += int(row["accounts"])
        if running * p >= target * n:
            bins.append(current)
            current = None
            target = running * p // n + 1
    if current is not None:
        bins.append(current)
    return bins


def best_partition(pre, max_bins, min_share, trend):
    accounts = np.array([b["accounts"] for b in pre], dtype=np.int64)
    churned = np.array([b["churned"] for b in pre], dtype=np.int64)
    total, total_churned = int(accounts.sum()), int(churned.sum())
    total_retained = total - total_churned
    minimum = max(1, math.ceil(min_share * total))
    best = None
    for k in range(1, max_bins + 1):
        for cuts in itertools.combinations(range(1, len(pre)), k - 1):
            bounds = (0,) + cuts + (len(pre),)
            groups = [
                (int(accounts[a:b].sum()), int(churned[a:b].sum())) for a, b in zip(bounds, bounds[1:])
            ]
            if any(a < minimum or c == 0 or c == a for a, c in groups):
                continue
            ordered = all(
                (c1 * a2 < c2 * a1) if trend == "rising" else (c1 * a2 > c2 * a1)
                for (a1, c1), (a2, c2) in zip(groups, groups[1:])
            )
            if not ordered:
                continue
            iv = 0.0
            for a, c in groups:
                g, b = (a - c) / total_retained, c / total_churned
                iv += (g - b) * math.log(g / b)
            if best is None or iv > best[0]:
                best = (iv, bounds, groups)
    return best


def case(frame, column, max_bins, min_share, preferred):
    present = frame[[column, "churned"]].dropna()
    counts = (
        present.groupby(column)["churned"].agg(accounts="size", churned="sum").sort_index()
    )
    pre = prebins(counts, min_share)
    first = preferred or "falling"
    other = "rising" if first == "falling" else "falling"
    chosen, trend = best_partition(pre, max_bins, min_share, first), first
    alternative = best_partition(pre, max_bins, min_share, other)
    if alternative is not None and alternative[0] > chosen[0]:
        chosen, trend = alternative, other
    iv, bounds, groups = chosen
    total_churned = int(present["churned"].sum())
    total_retained = len(present) - total_churned
    woe = [math.log(((a - c) / total_retained) / (c / total_churned)) for a, c in groups]
    low, high = min(woe), max(woe)
    points = [100 * (w - low) / (high - low) if high > low else 50.0 for w in woe]
    bins = [
        {
            "low": float(pre[a]["low"]),
            "high": float(pre[b - 1]["high"]),
            "accounts": acc,
            "churned": ch,
            "woe": w,
            "points": p,
        }
        for (a, b), (acc, ch), w, p in zip(zip(bounds, bounds[1:]), groups, woe, points)
    ]
    return {
        "column": column,
        "max_bins": max_bins,
        "min_share": min_share,
        "preferred": preferred,
        "prebins": len(pre),
        "trend": trend,
        "iv": iv,
        "bins": bins,
    }


def main():
    frame = pd.read_csv(ROOT / DATA)
    frame["churned"] = frame["churned"].astype(int)
    cases = [case(frame, *spec) for spec in CASES]
    OUT.write_text(
        json.dumps(
            {
                "made_by": "tests/reference/tune_reference.py",
                "data": DATA,
                "numpy": np.__version__,
                "pandas": pd.__version__,
                "cases": cases,
            },
            indent=1,
        )
        + "\n"
    )
    print(f"wrote {OUT.relative_to(ROOT)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
