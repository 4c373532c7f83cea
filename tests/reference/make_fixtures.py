#!/usr/bin/env python3
"""Reference values for `src/metrics`, written to `tests/fixtures/metrics_reference.json`.

`tests/metrics_reference.rs` loads the JSON and checks every metric against it.

How to run (from the repository root; takes a few seconds):

    pip install numpy scipy scikit-learn statsmodels
    python3 tests/reference/make_fixtures.py

Besides simulated and hand-made datasets, one real public churn data set is included: the
IBM "Telco Customer Churn" sample (7,043 customers), as shipped inside the PyPI package
apd-crs 0.1.0 (apd_crs/datasets/Telco-Customer-Churn.csv; the package is GPL-3.0, the
data is IBM's sample data set). Only the columns used here (tenure in months, monthly
charges, churn) are committed, in tests/fixtures/metrics_telco_churn.csv, so the script
runs without the package. To re-extract them from the package (no download at run time):

    pip install --no-deps apd-crs==0.1.0
    python3 tests/reference/make_fixtures.py --refresh-telco

On it, tenure is the "health score" (long-standing customers churn less) and minus the
monthly charges the second one (expensive plans churn more); the "current" sample for PSI
is the tenure of the customers who churned.

The output is deterministic (fixed numpy seed) for a given set of library versions, which
are recorded in the JSON. Re-run and commit the JSON whenever a dataset or a statistic here
changes.

Sources of truth, deliberately independent of the Rust code:
  * scikit-learn: roc_auc_score, roc_curve, average_precision_score (scores negated, since
    a health score is good when HIGH and we look for churners among the LOWEST scores);
  * scipy: rankdata, ks_2samp, pearsonr, spearmanr, pointbiserialr, norm.cdf/ppf/sf;
  * statsmodels: proportion_confint(method="wilson");
  * DeLong (1988) variance and paired test: a direct O(n^2) numpy implementation from the
    definition (placement kernel psi over every retained x churned pair), not the midrank
    shortcut the Rust code uses;
  * deciles and PSI: plain numpy, written from the documented definitions.

Inputs are stored as integers plus a power-of-two scale (score = int / scale), so Rust and
Python work on bit-identical floats without relying on decimal round-tripping.
"""

import csv
import importlib.metadata
import importlib.util
import json
import pathlib
import sys

import numpy as np
import scipy
import sklearn
import statsmodels
from scipy import stats
from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve
from statsmodels.stats.proportion import proportion_confint

SEED = 20240611
CONFIDENCE = 0.95
DECILE_GROUPS = 10
PSI_BINS = 10
EMPTY_BIN_SHARE = 1e-4
THINNED_POINTS = (2, 7, 50)
FULL_CURVE_MAX_N = 200
FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures"
OUT = FIXTURES / "metrics_reference.json"
TELCO_CSV = FIXTURES / "metrics_telco_churn.csv"
TELCO_PACKAGE, TELCO_VERSION = "apd-crs", "0.1.0"
TELCO_SOURCE = {
    "data": "IBM Telco Customer Churn sample data set (7,043 customers)",
    "package": f"{TELCO_PACKAGE} {TELCO_VERSION} (PyPI), file apd_crs/datasets/Telco-Customer-Churn.csv",
    "package_licence": "GPL-3.0 (the package); the data is IBM's sample data set",
    "columns": "tenure (months), MonthlyCharges (dollars), Churn (Yes/No); nothing else is kept",
}


# ---------------------------------------------------------------- datasets


def simulated(rng, n, scale, name):
    """Two correlated scorecards over one latent health; churn more likely when unhealthy."""
    health = rng.normal(size=n)
    churn_prob = 1.0 / (1.0 + np.exp(1.6 + 1.3 * health))
    churned = rng.random(n) < churn_prob
    a = 50.0 + 15.0 * health + 6.0 * rng.normal(size=n)
    b = 50.0 + 15.0 * (0.6 * health + 0.8 * rng.normal(size=n))
    later = 50.0 + 15.0 * (rng.normal(size=n * 4 // 5) * 1.1 - 0.25)
    dataset = {
        "name": name,
        "scale": scale,
        "churned": churned,
        "a": np.round(a * scale).astype(np.int64),
        "b": np.round(b * scale).astype(np.int64),
        "current": np.round(later * scale).astype(np.int64),
    }
    if scale > 1:  # "continuous" data must really have no ties
        assert len(np.unique(dataset["a"])) == n and len(np.unique(dataset["b"])) == n, name
    return dataset


def hand_made(name, a, b, churned, current):
    return {
        "name": name,
        "scale": 1,
        "churned": np.array(churned, dtype=bool),
        "a": np.array(a, dtype=np.int64),
        "b": np.array(b, dtype=np.int64),
        "current": np.array(current, dtype=np.int64),
    }


def extract_telco():
    """Writes TELCO_CSV from the Telco CSV inside the installed apd-crs package."""
    version = importlib.metadata.version(TELCO_PACKAGE)
    if version != TELCO_VERSION:
        sys.exit(f"expected {TELCO_PACKAGE} {TELCO_VERSION}, found {version}")
    # locate the package without importing it (its __init__ pulls in heavy dependencies)
    spec = importlib.util.find_spec("apd_crs")
    source = pathlib.Path(spec.submodule_search_locations[0]) / "datasets" / "Telco-Customer-Churn.csv"
    with source.open(newline="") as f:
        rows = list(csv.DictReader(f))
    with TELCO_CSV.open("w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["tenure_months", "monthly_charges", "churned"])
        for row in rows:
            out.writerow([row["tenure"], row["MonthlyCharges"], {"Yes": 1, "No": 0}[row["Churn"]]])
    print(f"wrote {TELCO_CSV} ({len(rows)} customers) from {source}")


def telco():
    """The real data set: tenure as the score, minus monthly charges as the second score.

    Scores are stored in hundredths (scale 100); tenure is a whole number of months and the
    charges have two decimals, so every value is an exact integer number of hundredths, and
    int / 100 rounds to the same double in numpy and in Rust.
    """
    with TELCO_CSV.open(newline="") as f:
        rows = list(csv.DictReader(f))
    tenure = np.array([int(r["tenure_months"]) * 100 for r in rows], dtype=np.int64)
    charges = np.array([round(float(r["monthly_charges"]) * 100) for r in rows], dtype=np.int64)
    churned = np.array([r["churned"] == "1" for r in rows])
    return {
        "name": "telco_churn_real",
        "scale": 100,
        "source": TELCO_SOURCE,
        "churned": churned,
        "a": tenure,
        "b": -charges,
        "current": tenure[churned],
    }


def datasets():
    rng = np.random.default_rng(SEED)
    return [
        simulated(rng, 12, 1, "n12_integer_ties"),
        simulated(rng, 200, 2**20, "n200_continuous"),
        simulated(rng, 200, 1, "n200_integer_ties"),
        simulated(rng, 3000, 2**20, "n3000_continuous"),
        simulated(rng, 3000, 1, "n3000_integer_ties"),
        hand_made(
            "perfect_separation",
            a=[1, 2, 3, 4, 5, 6, 7, 8],
            b=[10, 20, 30, 40, 50, 60, 70, 80],
            churned=[1, 1, 1, 0, 0, 0, 0, 0],
            current=[9, 9, 9, 9],
        ),
        hand_made(
            "constant_a",
            a=[5] * 8,
            b=[3, 1, 4, 1, 5, 9, 2, 6],
            churned=[1, 0, 1, 0, 0, 1, 0, 0],
            current=[5, 5, 6],
        ),
        telco(),
    ]


# ---------------------------------------------------------------- reference statistics


def delong_direct(scores, churned):
    """AUC and structural components from the DeLong (1988) definition, O(m*n)."""
    x = scores[~churned][:, None]  # retained
    y = scores[churned][None, :]  # churned
    psi = (x > y).astype(float) + 0.5 * (x == y)
    return psi.mean(), psi.mean(axis=1), psi.mean(axis=0)


def delong_interval(scores, churned, confidence):
    auc, v10, v01 = delong_direct(scores, churned)
    var = np.var(v10, ddof=1) / len(v10) + np.var(v01, ddof=1) / len(v01)
    se = float(np.sqrt(var))
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    return {
        "auc": auc,
        "std_error": se,
        "ci_low": min(max(auc - z * se, 0.0), 1.0),
        "ci_high": min(max(auc + z * se, 0.0), 1.0),
    }


def delong_paired(a, b, churned):
    auc_a, v10a, v01a = delong_direct(a, churned)
    auc_b, v10b, v01b = delong_direct(b, churned)
    contrast = np.array([1.0, -1.0])
    s10 = np.cov(np.vstack([v10a, v10b]))  # ddof = 1
    s01 = np.cov(np.vstack([v01a, v01b]))
    var = contrast @ s10 @ contrast / len(v10a) + contrast @ s01 @ contrast / len(v01a)
    se = float(np.sqrt(max(var, 0.0)))
    diff = auc_a - auc_b
    if se == 0.0:  # documented convention: no variance, no evidence of a difference
        z, p = 0.0, 1.0
    else:
        z = diff / se
        p = 2 * stats.norm.sf(abs(z))
    return {"auc_a": auc_a, "auc_b": auc_b, "diff": diff, "std_error": se, "z": z, "p_value": p}


def thinned_indices(length, max_points):
    if length <= max_points:
        return list(range(length))
    steps = max_points - 1
    return [(k * (length - 1) + steps // 2) // steps for k in range(max_points)]


def roc_reference(scores, churned):
    # flag low scores: sklearn ranks by -score; drop nothing so every distinct score is a point
    fpr, tpr, thresholds = roc_curve(churned, -scores, drop_intermediate=False)
    # thresholds[0] is +inf (nobody flagged); the rest are -score of each distinct score
    points = [
        {"threshold": None if i == 0 else float(-thresholds[i]), "fpr": fpr[i], "tpr": tpr[i]}
        for i in range(len(fpr))
    ]
    curves = {str(m): [points[i] for i in thinned_indices(len(points), m)] for m in THINNED_POINTS}
    if len(scores) <= FULL_CURVE_MAX_N:
        curves["full"] = points
    return curves


def deciles(scores, churned, groups):
    n = len(scores)
    order = np.argsort(scores, kind="stable")
    sorted_scores, sorted_churned = scores[order], churned[order]
    tie_start = np.searchsorted(sorted_scores, sorted_scores, side="left")
    group = tie_start * groups // n + 1
    rows = []
    for g in np.unique(group):
        member = group == g
        s = sorted_scores[member]
        rows.append({
            "group": int(g),
            "accounts": int(member.sum()),
            "churned": int(sorted_churned[member].sum()),
            "churn_rate": float(sorted_churned[member].mean()),
            "min_score": float(s.min()),
            "max_score": float(s.max()),
            "mean_score": float(s.mean()),
        })
    return rows


def psi(base, current, bins):
    edges = np.unique(np.quantile(base, np.arange(1, bins) / bins))

    def shares(values):
        counts = np.bincount(np.searchsorted(edges, values, side="left"), minlength=len(edges) + 1)
        out = counts / len(values)
        out[counts == 0] = EMPTY_BIN_SHARE
        return out

    p_base, p_current = shares(base), shares(current)
    return edges, float(np.sum((p_current - p_base) * np.log(p_current / p_base)))


def optional(value):
    """None for the statistics scipy reports as NaN (undefined)."""
    value = float(value)
    return None if np.isnan(value) else value


def expected_for(d):
    scale = float(d["scale"])
    a, b, current = d["a"] / scale, d["b"] / scale, d["current"] / scale
    churned = d["churned"]
    psi_edges, psi_value = psi(a, current, PSI_BINS)
    return {
        "ranks_a": stats.rankdata(a, method="average").tolist(),
        "auc_a": roc_auc_score(churned, -a),
        "auc_b": roc_auc_score(churned, -b),
        "roc_a": roc_reference(a, churned),
        "ks_a": stats.ks_2samp(a[churned], a[~churned]).statistic,
        "average_precision_a": average_precision_score(churned, -a),
        "pearson_ab": optional(stats.pearsonr(a, b)[0]) if np.ptp(a) > 0 else None,
        "spearman_ab": optional(stats.spearmanr(a, b)[0]) if np.ptp(a) > 0 else None,
        "point_biserial_a": optional(stats.pointbiserialr(churned, a)[0]) if np.ptp(a) > 0 else None,
        "delong_a": delong_interval(a, churned, CONFIDENCE),
        "paired_ab": delong_paired(a, b, churned),
        "paired_aa": delong_paired(a, a, churned),
        "deciles_a": deciles(a, churned, DECILE_GROUPS),
        "psi_edges_a": psi_edges.tolist(),
        "psi_a_current": psi_value,
    }


def wilson_cases():
    cases = [(0, 10, 0.95), (10, 10, 0.95), (3, 17, 0.9), (50, 200, 0.95), (1, 1, 0.99),
             (123, 4567, 0.8), (0, 1, 0.95), (5, 20, 0.95), (999, 1000, 0.999)]
    out = []
    for successes, trials, confidence in cases:
        low, high = proportion_confint(successes, trials, alpha=1 - confidence, method="wilson")
        out.append({"successes": successes, "trials": trials, "confidence": confidence,
                    "low": float(low), "high": float(high)})
    return out


def normal_cases():
    xs = [-37.0, -12.0, -8.5, -3.0, -1.96, -0.5, 0.0, 0.3, 1.0, 2.5, 6.0]
    ps = [1e-300, 1e-50, 1e-12, 1e-6, 1e-3, 0.025, 0.1, 0.3, 0.5, 0.6, 0.9, 0.975, 0.999, 1 - 1e-10]
    return {
        "cdf": [{"x": x, "value": float(stats.norm.cdf(x))} for x in xs],
        "quantile": [{"p": p, "value": float(stats.norm.ppf(p))} for p in ps],
        "two_sided_p": [{"z": x, "value": float(2 * stats.norm.sf(abs(x)))} for x in xs],
    }


def main():
    if "--refresh-telco" in sys.argv[1:] or not TELCO_CSV.exists():
        extract_telco()
    fixture = {
        "about": "Generated by tests/reference/make_fixtures.py; do not edit by hand.",
        "versions": {
            "python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__, "statsmodels": statsmodels.__version__,
        },
        "seed": SEED,
        "confidence": CONFIDENCE,
        "decile_groups": DECILE_GROUPS,
        "psi_bins": PSI_BINS,
        "datasets": [
            {
                "name": d["name"],
                **({"source": d["source"]} if "source" in d else {}),
                "scale": d["scale"],
                "churned": d["churned"].tolist(),
                "a": d["a"].tolist(),
                "b": d["b"].tolist(),
                "current": d["current"].tolist(),
                "expected": expected_for(d),
            }
            for d in datasets()
        ],
        "wilson": wilson_cases(),
        "normal": normal_cases(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(fixture, allow_nan=False, separators=(",", ":"), default=float)
    OUT.write_text(text + "\n")
    print(f"wrote {OUT} ({len(text) // 1024} KiB, {len(fixture['datasets'])} datasets)")


if __name__ == "__main__":
    main()
