#!/usr/bin/env python3
"""Reference coefficients for `healthscore fit`, written to `tests/fixtures/fit_reference.json`.

`tests/fit_reference.rs` fits the same design with the Rust code (linfa-logistic, regularization
off) and checks its coefficients, intercept and standard errors against this file to 1e-3
relative.

How to run (from the repository root; takes a few seconds):

    pip install numpy pandas statsmodels
    python3 tests/reference/fit_reference.py

The design is the one `healthscore fit` builds for configs/all-measures.toml on the committed
sample history (notebooks-data/sample_history.csv, 20,000 account-snapshots): each measure's
0-100 points, computed here from the raw columns with the scorecard's own rules (linear:
100 * clamp((value - min) / (max - min), 0, 1), reversed when lower is better; categories:
green 100, yellow 50, red 0), missing points replaced by the measure's mean points, plus an
intercept. The reference is statsmodels' unpenalized maximum-likelihood Logit (Newton,
converged to 1e-12), with its standard errors `bse` from the inverse observed information.
The points are computed independently of the Rust code, from the scorecard's definitions.
"""

import json
import pathlib
import sys

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = "notebooks-data/sample_history.csv"
SCORECARD = "configs/all-measures.toml"
OUT = ROOT / "tests" / "fixtures" / "fit_reference.json"

# (measure name, column, min, max, higher_is_better) exactly as in configs/all-measures.toml.
LINEAR = [
    ("Seat utilization", "seat_utilization", 0.2, 0.9, True),
    ("Weekly active users", "weekly_active_pct", 20, 80, True),
    ("Logins per user", "logins_per_user_week", 2, 8, True),
    ("Feature adoption", "feature_adoption", 0.1, 0.7, True),
    ("Open tickets", "open_tickets", 0, 8, False),
    ("Priority tickets", "priority_tickets", 0, 4, False),
    ("Resolution time", "avg_resolution_hours", 4, 72, False),
    ("Days to renewal", "days_to_renewal", 0, 365, True),
    ("Payment overdue", "days_payment_overdue", 0, 60, False),
    ("NPS", "nps", 0, 10, True),
    ("CSAT", "csat", 1, 5, True),
]
CATEGORIES = ("CSM sentiment", "csm_sentiment", {"green": 100.0, "yellow": 50.0, "red": 0.0})


def linear_points(values, low, high, higher_is_better):
    share = ((values - low) / (high - low)).clip(0.0, 1.0)
    return 100.0 * share if higher_is_better else 100.0 * (1.0 - share)


def main():
    frame = pd.read_csv(ROOT / DATA)
    columns = {}
    for name, column, low, high, up in LINEAR:
        columns[name] = linear_points(frame[column].astype(float), low, high, up)
    name, column, table = CATEGORIES
    columns[name] = frame[column].map(table)
    points = pd.DataFrame(columns)
    missing = {name: float(points[name].isna().mean()) for name in points}
    imputed = points.fillna(points.mean())
    y = frame["churned"].astype(float).to_numpy()
    x = sm.add_constant(imputed.to_numpy(), prepend=False)
    result = sm.Logit(y, x).fit(method="newton", tol=1e-12, maxiter=100, disp=False)
    if not result.mle_retvals["converged"]:
        sys.exit("statsmodels did not converge")
    params = result.params
    bse = result.bse
    fixture = {
        "source": "tests/reference/fit_reference.py",
        "data": DATA,
        "scorecard": SCORECARD,
        "date_column": "snapshot_date",
        "rows": int(len(frame)),
        "churned": int(y.sum()),
        "measures": list(points.columns),
        "missing_rates": missing,
        "coefficients": [float(v) for v in params[:-1]],
        "std_errors": [float(v) for v in bse[:-1]],
        "intercept": float(params[-1]),
        "intercept_std_error": float(bse[-1]),
        "log_likelihood": float(result.llf),
        "versions": {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "statsmodels": statsmodels.__version__,
        },
    }
    OUT.write_text(json.dumps(fixture, indent=2) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(fixture['measures'])} coefficients, log-likelihood {result.llf:.6f}")


if __name__ == "__main__":
    main()
