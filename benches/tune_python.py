#!/usr/bin/env python3
"""The binning part of `healthscore tune` in pandas/numpy, for the benchmark (benches/tune.sh).

For every numeric measure of the scorecard and each of K folds (and once on everyone), on the
training accounts: tally the values (one sort, pandas groupby), 20 quantile pre-bins with ties
kept together, and the IV-maximizing monotone merge (the same dynamic programme as
src/metrics/binning.rs, in plain Python over the pre-bins), both trends. No weight fit.
Prints the wall time of loading and of the binning.

Usage: python3 benches/tune_python.py --data FILE --scorecard CARD.toml [--folds 5]
Needs: pip install numpy pandas
"""

import argparse
import math
import time
import tomllib

import numpy as np
import pandas as pd

PREBINS = 20


def prebins(values, churned):
    frame = pd.DataFrame({"v": values, "c": churned})
    counts = frame.groupby("v", sort=True)["c"].agg(["size", "sum"])
    sizes, churn = counts["size"].to_numpy(), counts["sum"].to_numpy()
    n = int(sizes.sum())
    running = np.cumsum(sizes)
    bins, start, target = [], 0, 1
    for i, r in enumerate(running):
        if r * PREBINS >= target * n:
            bins.append((int(sizes[start : i + 1].sum()), int(churn[start : i + 1].sum())))
            start, target = i + 1, int(r) * PREBINS // n + 1
    if start < len(sizes):
        bins.append((int(sizes[start:].sum()), int(churn[start:].sum())))
    return bins


def merge(pre, max_bins, min_share, rising):
    p = len(pre)
    acc = [0] * (p + 1)
    chu = [0] * (p + 1)
    for i, (a, c) in enumerate(pre):
        acc[i + 1], chu[i + 1] = acc[i] + a, chu[i] + c
    total, bad = acc[p], chu[p]
    good = total - bad
    minimum = max(1, math.ceil(min_share * total))

    def counts(s, e):
        return acc[e] - acc[s], chu[e] - chu[s]

    def valid(s, e):
        a, c = counts(s, e)
        return a >= minimum and 0 < c < a

    def iv(s, e):
        a, c = counts(s, e)
        g, b = (a - c) / good, c / bad
        return (g - b) * math.log(g / b)

    table = [{} for _ in range(max_bins)]
    for e in range(1, p + 1):
        if valid(0, e):
            table[0][(0, e)] = iv(0, e)
    for k in range(1, max_bins):
        for s in range(1, p):
            for e in range(s + 1, p + 1):
                if not valid(s, e):
                    continue
                a2, c2 = counts(s, e)
                best = None
                for ps in range(s):
                    prev = table[k - 1].get((ps, s))
                    if prev is None:
                        continue
                    a1, c1 = counts(ps, s)
                    ordered = c1 * a2 < c2 * a1 if rising else c1 * a2 > c2 * a1
                    if ordered and (best is None or prev > best):
                        best = prev
                if best is not None:
                    table[k][(s, e)] = best + iv(s, e)
    ends = [v for layer in table for (s, e), v in layer.items() if e == p]
    return max(ends) if ends else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--scorecard", required=True)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--max-bins", type=int, default=6)
    parser.add_argument("--min-bin-share", type=float, default=0.05)
    args = parser.parse_args()
    with open(args.scorecard, "rb") as f:
        card = tomllib.load(f)
    columns = [m["column"] for m in card["measures"] if m["scoring"]["method"] != "categories"]
    started = time.perf_counter()
    frame = pd.read_csv(args.data, usecols=columns + ["churned"])
    loaded = time.perf_counter() - started
    rng = np.random.default_rng(42)
    churned = frame["churned"].astype(int).to_numpy()
    folds = rng.integers(0, args.folds, len(frame))
    started = time.perf_counter()
    for column in columns:
        values = frame[column].to_numpy()
        present = ~np.isnan(values)
        for held_out in list(range(args.folds)) + [None]:
            keep = present if held_out is None else present & (folds != held_out)
            pre = prebins(values[keep], churned[keep])
            for rising in (True, False):
                merge(pre, args.max_bins, args.min_bin_share, rising)
    binning = time.perf_counter() - started
    print(f"time load {loaded:.2f} s")
    print(f"time binning {binning:.2f} s ({len(columns)} measures x ({args.folds} folds + final))")


if __name__ == "__main__":
    main()
