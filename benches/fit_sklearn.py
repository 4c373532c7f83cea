#!/usr/bin/env python3
"""The cross-validation `healthscore fit` runs, done with pandas + scikit-learn, for the
side-by-side benchmark (benches/fit_vs_sklearn.sh).

Reads the history with pandas, turns each measure of the scorecard into 0-100 points (TOML
read with tomllib; linear, thresholds and categories scoring, as in benches/bench-12.toml),
replaces missing points with the measure's mean points and standardizes, exactly as
`healthscore fit` builds its design. Then the same L2 search: for each strength lambda of the
grid (1e-1 ... 1e-5 per account, i.e. C = 1 / (lambda * n_train)) a scikit-learn
LogisticRegression (lbfgs, warm-started from the previous strength, strongest first) on each
of 5 stratified folds (StratifiedKFold, shuffled), folds in parallel on 2 workers (joblib),
scored by held-out log-loss; the strength with the lowest mean log-loss is refitted on every
row. That is the part of `fit` that scikit-learn has a direct counterpart for; `fit` also
eliminates measures (with standard errors), refits every fold for the out-of-fold AUC, runs
DeLong's test and builds the report, none of which is timed here.

    pip install pandas numpy scikit-learn
    python3 benches/fit_sklearn.py --data HISTORY.csv [--scorecard benches/bench-12.toml]
        [--check healthscore-fit.json]

With --check, the out-of-fold log-loss of each strength is compared with the grid in
healthscore's JSON for the same data (the folds differ, so they agree to about 1e-3, not to
the last digit). Prints the wall time of each phase and the total.
"""

import argparse
import json
import pathlib
import sys
import time
import tomllib

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ROOT = pathlib.Path(__file__).resolve().parents[1]
STRENGTHS = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5]
FOLDS = 5
SEED = 42


def points(frame, measure):
    scoring = measure["scoring"]
    values = frame[measure["column"]]
    method = scoring["method"]
    if method == "linear":
        share = ((values.astype(float) - scoring["min"]) / (scoring["max"] - scoring["min"])).clip(0.0, 1.0)
        return 100.0 * share if scoring["direction"] == "higher_is_better" else 100.0 * (1.0 - share)
    if method == "categories":
        return values.map(scoring["points"]).astype(float)
    if method == "thresholds":
        out = pd.Series(float(scoring["otherwise"]), index=values.index)
        done = values.isna()
        for step in scoring["steps"]:
            hit = ~done & ((values <= step["upto"]) if "upto" in step else (values >= step["atleast"]))
            out[hit] = float(step["points"])
            done |= hit
        out[values.isna()] = np.nan
        return out
    sys.exit(f"measure {measure['name']}: method {method} is not supported here")


def design(frame, card):
    columns = []
    for measure in card["measures"]:
        p = points(frame, measure)
        p = p.fillna(p.mean())
        sd = p.std(ddof=0)
        columns.append(((p - p.mean()) / sd).to_numpy() if sd > 0 else np.zeros(len(p)))
    return np.column_stack(columns)


def log_loss_sum(model, x, y):
    probability = np.clip(model.predict_proba(x)[:, 1], 1e-15, 1 - 1e-15)
    return float(-(y * np.log(probability) + (1 - y) * np.log(1 - probability)).sum())


def fold_losses(x, y, train, test):
    losses = []
    model = LogisticRegression(solver="lbfgs", max_iter=1000, warm_start=True)
    for strength in STRENGTHS:
        model.set_params(C=1.0 / (strength * len(train)))
        model.fit(x[train], y[train])
        losses.append(log_loss_sum(model, x[test], y[test]))
    return losses


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--scorecard", default=str(ROOT / "benches" / "bench-12.toml"))
    parser.add_argument("--outcome", default="churned")
    parser.add_argument("--check", help="healthscore fit --json output for the same data")
    args = parser.parse_args()
    card = tomllib.loads(pathlib.Path(args.scorecard).read_text())
    started = time.perf_counter()
    wanted = sorted({m["column"] for m in card["measures"]} | {args.outcome})
    frame = pd.read_csv(args.data, usecols=wanted)
    loaded = time.perf_counter()
    x = design(frame, card)
    y = frame[args.outcome].astype(int).to_numpy()
    built = time.perf_counter()
    splits = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(x, y)
    per_fold = Parallel(n_jobs=2)(delayed(fold_losses)(x, y, train, test) for train, test in splits)
    mean_losses = np.array(per_fold).sum(axis=0) / len(y)
    chosen = int(np.argmin(mean_losses))
    cross_validated = time.perf_counter()
    final = LogisticRegression(solver="lbfgs", max_iter=1000, C=1.0 / (STRENGTHS[chosen] * len(y)))
    final.fit(x, y)
    done = time.perf_counter()
    print(f"rows {len(y)}, measures {x.shape[1]}, churned {int(y.sum())}")
    for strength, loss in zip(STRENGTHS, mean_losses):
        print(f"strength {strength:.0e}: out-of-fold log-loss {loss:.5f}{'  <- chosen' if strength == STRENGTHS[chosen] else ''}")
    names = [m["name"] for m in card["measures"]]
    for name, coefficient in zip(names, final.coef_[0]):
        print(f"  {name:<22} {coefficient:+.4f} per SD of points")
    print(f"time: read {loaded - started:.2f} s, design {built - loaded:.2f} s, "
          f"cross-validation {cross_validated - built:.2f} s, final fit {done - cross_validated:.2f} s")
    print(f"TOTAL {done - started:.2f} s (fit only, without reading: {done - loaded:.2f} s)")
    if args.check:
        theirs = json.loads(pathlib.Path(args.check).read_text())["regularization"][0]["grid"]
        worst = max(abs(g["log_loss"] - loss) for g, loss in zip(theirs, mean_losses))
        print(f"check: out-of-fold log-loss per strength differs from healthscore's by at most {worst:.1e}")
        if worst > 1e-3:
            sys.exit("check failed: the two cross-validations disagree")


if __name__ == "__main__":
    main()
