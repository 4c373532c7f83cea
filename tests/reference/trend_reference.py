"""Reference for change measures and the trend test (issue 16): src/scorecard/changes.rs,
src/data/previous.rs and src/trend/.

A small history in shuffled row order: accounts over 4 snapshot dates, some absent from a
date (a gap), some values missing or 0. For every row, with pandas (sorted by account and
date, each account's previous row):
  change     = value - previous value          (missing for the first snapshot)
  pct_change = (value - previous) / |previous|  (missing when previous is 0 or missing)
Then the trend test on the rows with a previous snapshot, from a score column:
  auc_level             sklearn roc_auc_score(churned, -score)
  auc_level_and_change  sklearn LogisticRegression(C=inf, no penalty) on (score, change), fitted
                        on the other folds, probabilities on each fold (folds given by
                        account), roc_auc_score(churned, out-of-fold probability)
  change_coefficient, std_error, p_value
                        statsmodels Logit(churned, [1, score, change]) on every row: the
                        change's coefficient, bse and Wald p-value
  falling / steady_or_rising
                        score fell by >= 10 points vs the others: counts, churn rate and the
                        Wilson 95% interval (statsmodels proportion_confint method="wilson")

Writes tests/fixtures/trend_reference.json:  python3 tests/reference/trend_reference.py
"""

import json
import pathlib

import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from statsmodels.stats.proportion import proportion_confint

FOLDS = 5


def history(rng):
    rows = []
    dates = [0, 90, 181, 273]
    for account in range(300):
        level = rng.normal(60, 15)
        for date in dates:
            if rng.random() < 0.1:
                continue  # absent from this snapshot date
            level = float(np.clip(level + rng.normal(-2, 8), 0, 100))
            usage = float(np.round(rng.normal(20, 10), 1))
            if rng.random() < 0.08:
                usage = None
            elif rng.random() < 0.08:
                usage = 0.0
            rows.append({"account_id": f"A{account:03d}", "date": date, "score": round(level, 3), "usage": usage})
    frame = pd.DataFrame(rows)
    frame = frame.sample(frac=1.0, random_state=16).reset_index(drop=True)
    frame["usage"] = frame["usage"].astype(float)
    return frame


def changes(frame):
    ordered = frame.sort_values(["account_id", "date"])
    previous_usage = ordered.groupby("account_id")["usage"].shift(1)
    previous_score = ordered.groupby("account_id")["score"].shift(1)
    has_previous = ordered.groupby("account_id").cumcount() > 0
    change = ordered["usage"] - previous_usage
    pct = (ordered["usage"] - previous_usage) / previous_usage.abs()
    pct[previous_usage == 0] = np.nan
    out = pd.DataFrame(
        {
            "change": change,
            "pct_change": pct,
            "has_previous": has_previous,
            "score_change": ordered["score"] - previous_score,
        }
    )
    return out.reindex(frame.index)


def churn(frame, rng):
    z = -2.0 - 0.03 * (frame["score"] - 60) - 0.06 * frame["score_change"].fillna(0)
    return rng.random(len(frame)) < 1 / (1 + np.exp(-z))


def group(churned):
    n, k = int(len(churned)), int(churned.sum())
    low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
    return {"accounts": n, "churned": k, "churn_rate": k / n, "churn_rate_ci": [float(low), float(high)]}


def trend(frame):
    pairs = frame[frame["has_previous"]].reset_index(drop=True)
    y = pairs["churned"].to_numpy()
    x = pairs[["score", "score_change"]].to_numpy()
    model = sm.Logit(y.astype(float), sm.add_constant(x)).fit(disp=0, tol=1e-12, maxiter=200)
    oof = np.zeros(len(pairs))
    folds = pairs["fold"].to_numpy()
    for fold in range(FOLDS):
        held = folds == fold
        fitted = LogisticRegression(C=np.inf, tol=1e-10, max_iter=10000).fit(x[~held], y[~held])
        oof[held] = fitted.predict_proba(x[held])[:, 1]
    falling = pairs["score_change"] <= -10
    return {
        "accounts": int(len(pairs)),
        "churned": int(y.sum()),
        "auc_level": float(roc_auc_score(y, -pairs["score"])),
        "auc_level_and_change": float(roc_auc_score(y, oof)),
        "change_coefficient": float(model.params[2]),
        "std_error": float(model.bse[2]),
        "p_value": float(model.pvalues[2]),
        "falling": group(y[falling.to_numpy()]),
        "steady_or_rising": group(y[~falling.to_numpy()]),
    }


def nan_to_none(values):
    return [None if pd.isna(v) else float(v) for v in values]


def main():
    rng = np.random.default_rng(16)
    frame = history(rng)
    frame = frame.join(changes(frame))
    frame["churned"] = churn(frame, rng)
    accounts = sorted(frame["account_id"].unique())
    fold_of = {a: i % FOLDS for i, a in enumerate(rng.permutation(accounts))}
    frame["fold"] = frame["account_id"].map(fold_of)
    fixture = {
        "account_id": frame["account_id"].tolist(),
        "date": [int(d) for d in frame["date"]],
        "usage": nan_to_none(frame["usage"]),
        "score": [float(s) for s in frame["score"]],
        "churned": [bool(c) for c in frame["churned"]],
        "fold": [int(f) for f in frame["fold"]],
        "change": nan_to_none(frame["change"]),
        "pct_change": nan_to_none(frame["pct_change"]),
        "trend": trend(frame),
    }
    out = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "trend_reference.json"
    out.write_text(json.dumps(fixture, indent=1) + "\n")
    print(json.dumps(fixture["trend"], indent=1))


if __name__ == "__main__":
    main()
