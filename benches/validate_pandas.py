#!/usr/bin/env python3
"""`healthscore validate`, the pandas + scikit-learn + scipy way, for the side-by-side benchmark.

Does the work `validate` does for the candidate scorecards given (by default the three in
configs/): reads the history with pandas, applies each scorecard with pandas/numpy (TOML
read with tomllib: profiles, groups, linear/thresholds/categories/percentile scoring,
missing policies, bands), then for each candidate the AUC (scikit-learn roc_auc_score) with
its DeLong interval (the fast midrank algorithm of Sun & Xu 2014, numpy + scipy rankdata),
Gini, KS (scipy ks_2samp), average precision (scikit-learn), Pearson and Spearman with the
churn indicator (scipy), churn per band with Wilson intervals, churn per decile (ties kept
together), the thinned ROC curve (scikit-learn roc_curve), per-measure AUC/interval/Pearson/
missing rate, the measure correlation matrix (pandas, pairwise complete), per-segment and
per-profile views, profile checks (DeLong against the default profile) and the paired DeLong
test of every pair of candidates.

    pip install pandas numpy scipy scikit-learn
    python3 benches/validate_pandas.py --data HISTORY.csv --segment segment \\
        [--scorecard A.toml ...] [--check healthscore-validate.json]

With --check, the headline numbers are compared with healthscore's JSON for the same run, to
show that both did the same work. Prints the wall time of each phase and the total.
"""

import argparse
import json
import pathlib
import sys
import time
import tomllib

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_CARDS = [ROOT / "configs" / n for n in ("current.toml", "usage-heavy.toml", "lifecycle-profiles.toml")]
DEFAULT_BANDS = [{"name": "red", "below": 40}, {"name": "yellow", "below": 70}, {"name": "green"}]
CONFIDENCE = 0.95
Z = stats.norm.ppf(1 - (1 - CONFIDENCE) / 2)
ROC_POINTS = 200
MIN_CLASS = 30


# ---------------------------------------------------------------- scorecards


def load_card(path):
    raw = tomllib.loads(pathlib.Path(path).read_text())
    default = {"name": raw.get("default_profile", "default"), "column": None, "values": [],
               "measures": raw["measures"], "groups": raw.get("groups", [])}
    profiles = [default] + [
        {"name": p["name"], "column": p["column"], "values": p["values"],
         "measures": p["measures"], "groups": p.get("groups", [])}
        for p in raw.get("profiles", [])
    ]
    names = []
    for profile in profiles:
        names += [m["name"] for m in profile["measures"] if m["name"] not in names]
    return {"name": raw["name"], "bands": raw.get("bands", DEFAULT_BANDS), "profiles": profiles,
            "measure_names": names}


def measure_points(measure, values):
    """0-100 points of one measure for the rows in `values` (NaN where missing and skipped)."""
    scoring = measure["scoring"]
    method = scoring["method"]
    if method == "categories":
        table = scoring["points"]
        mapped = values.map(table)
        unlisted = values.notna() & mapped.isna()
        if unlisted.any():
            if "default" not in scoring:
                raise ValueError(f"{measure['name']}: unlisted category {values[unlisted].iloc[0]!r}")
            mapped[unlisted] = scoring["default"]
        raw = mapped.to_numpy(dtype=float)
    else:
        v = pd.to_numeric(values).to_numpy(dtype=float)
        lower = scoring.get("direction") == "lower_is_better"
        if method == "linear":
            share = np.clip((v - scoring["min"]) / (scoring["max"] - scoring["min"]), 0.0, 1.0)
            raw = 100.0 * (1.0 - share) if lower else 100.0 * share
        elif method == "thresholds":
            conditions, choices = [], []
            for step in scoring["steps"]:
                if "upto" in step:
                    conditions.append(v <= step["upto"])
                else:
                    conditions.append(v >= step["atleast"])
                choices.append(step["points"])
            raw = np.select(conditions, choices, default=scoring.get("otherwise", 0.0)).astype(float)
            raw[np.isnan(v)] = np.nan
        elif method == "percentile":
            present = ~np.isnan(v)
            ranks = stats.rankdata(v[present], method="average")
            count = present.sum()
            share = (ranks - 1) / (count - 1) if count > 1 else np.full(count, 0.5)
            raw = np.full(len(v), np.nan)
            raw[present] = 100.0 * (1.0 - share) if lower else 100.0 * share
        else:
            raise ValueError(f"unknown method {method}")
    missing = measure.get("missing", "skip")
    if missing != "skip":
        raw = np.where(np.isnan(raw), float(missing), raw)
    return raw


def apply_card(card, df):
    """Profile index, score (rounded to 1e-9), band index and points per measure name."""
    n = len(df)
    profile = np.zeros(n, dtype=np.int64)
    for index in range(len(card["profiles"]) - 1, 0, -1):
        p = card["profiles"][index]
        profile[df[p["column"]].isin(p["values"]).to_numpy()] = index
    points = {name: np.full(n, np.nan) for name in card["measure_names"]}
    score = np.full(n, np.nan)
    for index, p in enumerate(card["profiles"]):
        rows = np.flatnonzero(profile == index)
        if len(rows) == 0:
            continue
        group_names = [g["name"] for g in p["groups"]] or [None]
        weighted = {g: np.zeros(len(rows)) for g in group_names}
        weights = {g: np.zeros(len(rows)) for g in group_names}
        for m in p["measures"]:
            pts = measure_points(m, df[m["column"]].iloc[rows])
            points[m["name"]][rows] = pts
            g = m.get("group")
            present = ~np.isnan(pts)
            weighted[g] += np.where(present, m["weight"] * np.nan_to_num(pts), 0.0)
            weights[g] += np.where(present, m["weight"], 0.0)
        group_weight = {g["name"]: g["weight"] for g in p["groups"]} or {None: 1.0}
        total, weight = np.zeros(len(rows)), np.zeros(len(rows))
        for g in group_names:
            has = weights[g] > 0
            total += np.where(has, group_weight[g] * weighted[g] / np.where(has, weights[g], 1.0), 0.0)
            weight += np.where(has, group_weight[g], 0.0)
        score[rows] = np.clip(total / weight, 0.0, 100.0)
    score = np.floor(score * 1e9 + 0.5) / 1e9
    cutoffs = [b["below"] for b in card["bands"] if "below" in b]
    band = np.searchsorted(np.array(cutoffs, dtype=float), score, side="right")
    return {"profile": profile, "score": score, "band": band, "points": points}


# ---------------------------------------------------------------- statistics


def delong(scores, churned):
    """Fast DeLong (Sun & Xu 2014) for one or more score rows: AUCs and covariance.

    Positive class = retained (a health score is good when high)."""
    scores = np.atleast_2d(scores)
    retained, lost = scores[:, ~churned], scores[:, churned]
    m, n = retained.shape[1], lost.shape[1]
    tx = stats.rankdata(retained, axis=1)
    ty = stats.rankdata(lost, axis=1)
    tz = stats.rankdata(np.hstack([retained, lost]), axis=1)
    aucs = (tz[:, :m].sum(axis=1) - m * (m + 1) / 2) / (m * n)
    v10 = (tz[:, :m] - tx) / n
    v01 = 1.0 - (tz[:, m:] - ty) / m
    cov = np.atleast_2d(np.cov(v10)) / m + np.atleast_2d(np.cov(v01)) / n
    return aucs, cov


def auc_interval(score, churned):
    aucs, cov = delong(score, churned)
    auc, se = aucs[0], float(np.sqrt(cov[0, 0]))
    return auc, se, [max(auc - Z * se, 0.0), min(auc + Z * se, 1.0)]


def paired(a, b, churned):
    aucs, cov = delong(np.vstack([a, b]), churned)
    var = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    diff = aucs[0] - aucs[1]
    if var <= 0:
        return {"auc_a": aucs[0], "auc_b": aucs[1], "auc_diff": diff, "z": 0.0, "p_value": 1.0}
    z = diff / np.sqrt(var)
    return {"auc_a": aucs[0], "auc_b": aucs[1], "auc_diff": diff, "z": z, "p_value": 2 * stats.norm.sf(abs(z))}


def wilson(k, n):
    p = k / n
    denominator = 1 + Z**2 / n
    centre = (p + Z**2 / (2 * n)) / denominator
    half = Z * np.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / denominator
    return [centre - half, centre + half]


def discrimination(score, churned):
    out = {"accounts": len(score), "churned": int(churned.sum())}
    both = 0 < out["churned"] < len(score)
    if both:
        out["auc"] = roc_auc_score(churned, -score)
        _, out["auc_se"], out["auc_ci"] = auc_interval(score, churned)
        out["gini"] = 2 * out["auc"] - 1
        out["ks"] = stats.ks_2samp(score[churned], score[~churned]).statistic
        out["average_precision"] = average_precision_score(churned, -score)
        out["pearson"] = stats.pearsonr(score, churned.astype(float))[0]
        out["spearman"] = stats.spearmanr(score, churned.astype(float))[0]
    return out


def bands(card, band, churned):
    frame = pd.DataFrame({"band": band, "churned": churned})
    counts = frame.groupby("band")["churned"].agg(["size", "sum"])
    overall = churned.mean()
    rows = []
    for i, b in enumerate(card["bands"]):
        accounts = int(counts["size"].get(i, 0))
        lost = int(counts["sum"].get(i, 0))
        row = {"name": b["name"], "accounts": accounts, "churned": lost}
        if accounts:
            row["churn_rate"] = lost / accounts
            row["churn_rate_ci"] = wilson(lost, accounts)
            row["lift"] = row["churn_rate"] / overall if overall > 0 else None
        row["share_of_churned"] = lost / churned.sum() if churned.sum() else None
        rows.append(row)
    return rows


def deciles(score, churned, groups=10):
    order = np.argsort(score, kind="stable")
    s, c = score[order], churned[order]
    start = np.searchsorted(s, s, side="left")
    group = start * groups // len(s) + 1
    frame = pd.DataFrame({"group": group, "score": s, "churned": c})
    return frame.groupby("group").agg(accounts=("score", "size"), churned=("churned", "sum"),
                                      churn_rate=("churned", "mean"), min_score=("score", "min"),
                                      max_score=("score", "max"), mean_score=("score", "mean"))


def roc(score, churned):
    fpr, tpr, thresholds = roc_curve(churned, -score, drop_intermediate=False)
    if len(fpr) > ROC_POINTS:
        steps = ROC_POINTS - 1
        keep = [(k * (len(fpr) - 1) + steps // 2) // steps for k in range(ROC_POINTS)]
        fpr, tpr, thresholds = fpr[keep], tpr[keep], thresholds[keep]
    return fpr, tpr, -thresholds


def measures(card, scored, df, churned):
    rows = []
    for name in card["measure_names"]:
        raw_missing = np.zeros(len(df), dtype=bool)
        applies = np.zeros(len(df), dtype=bool)
        for index, p in enumerate(card["profiles"]):
            measure = next((m for m in p["measures"] if m["name"] == name), None)
            if measure is None:
                continue
            mine = scored["profile"] == index
            applies |= mine
            raw_missing |= mine & df[measure["column"]].isna().to_numpy()
        pts = scored["points"][name]
        use = ~np.isnan(pts) & ~raw_missing
        row = {"name": name, "missing_rate": (raw_missing & applies).sum() / max(applies.sum(), 1)}
        c = churned[use]
        if 2 <= c.sum() <= len(c) - 2:
            row["auc"], _, row["auc_ci"] = auc_interval(pts[use], c)
            row["pearson"] = stats.pearsonr(pts[use], c.astype(float))[0]
        rows.append(row)
    matrix = pd.DataFrame(scored["points"]).corr()
    return rows, matrix


def group_report(card, scored, churned, mask, name):
    report = discrimination(scored["score"][mask], churned[mask])
    report["name"] = name
    report["bands"] = bands(card, scored["band"][mask], churned[mask])
    report["too_small"] = min(report["churned"], report["accounts"] - report["churned"]) < MIN_CLASS
    return report


def candidate(card, scored, df, churned, segment):
    report = {"name": card["name"], **discrimination(scored["score"], churned)}
    report["bands"] = bands(card, scored["band"], churned)
    report["deciles"] = deciles(scored["score"], churned)
    report["roc"] = roc(scored["score"], churned)
    report["measures"], report["measure_correlations"] = measures(card, scored, df, churned)
    if segment:
        values = df[segment]
        report["segments"] = [group_report(card, scored, churned, (values == v).to_numpy(), f"segment {v}")
                              for v in values.dropna().unique()]
    if len(card["profiles"]) > 1:
        report["profiles"] = [group_report(card, scored, churned, scored["profile"] == i, f"profile {p['name']}")
                              for i, p in enumerate(card["profiles"])]
        default_only = dict(card, profiles=card["profiles"][:1])
        by_default = apply_card(default_only, df)
        report["profile_checks"] = []
        for i, p in enumerate(card["profiles"][1:], start=1):
            mask = scored["profile"] == i
            check = paired(scored["score"][mask], by_default["score"][mask], churned[mask])
            report["profile_checks"].append({"profile": p["name"], **check})
    return report


# ---------------------------------------------------------------- run


def parse_churn(series):
    text = series.astype(str).str.strip().str.lower()
    mapping = {"1": True, "1.0": True, "true": True, "yes": True, "churned": True,
               "0": False, "0.0": False, "false": False, "no": False, "retained": False}
    return text.map(mapping).to_numpy(dtype=bool)


def check(results, comparisons, path):
    """Compares headline numbers with healthscore's JSON for the same run."""
    theirs = json.loads(pathlib.Path(path).read_text())
    worst, compared = 0.0, 0
    for mine, other in zip(results, theirs["scorecards"]):
        for key in ("auc", "auc_se", "ks", "average_precision", "pearson", "spearman"):
            worst = max(worst, abs(mine[key] - other[key]))
            compared += 1
        pairs = [(a["auc"], b["auc"]) for a, b in zip(mine.get("segments", []), other["segments"])]
        pairs += [(a["auc"], b["auc"]) for a, b in zip(mine.get("profiles", []), other["profiles"])]
        pairs += [(a.get("auc"), b["auc"]) for a, b in zip(mine["measures"], other["measures"])]
        pairs += [(a.get("churn_rate"), b["churn_rate"]) for a, b in zip(mine["bands"], other["bands"])]
        pairs += [(mine["deciles"].loc[d["group"], "churn_rate"], d["churn_rate"]) for d in other["deciles"]]
        pairs += [(a["auc_diff"], b["auc_diff"]) for a, b in zip(mine.get("profile_checks", []), other["profile_checks"])]
        for a, b in pairs:
            if (a is None) != (b is None):
                return False
            if a is not None:
                worst = max(worst, abs(a - b))
                compared += 1
    for mine, other in zip(comparisons, theirs["comparisons"]):
        for key in ("auc_diff", "z"):
            worst = max(worst, abs(mine[key] - other[key]))
            compared += 1
    print(f"check: {compared} numbers compared with {path}, largest difference {worst:.2e}")
    return worst < 1e-6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--segment")
    parser.add_argument("--scorecard", action="append", default=None)
    parser.add_argument("--check", help="healthscore validate --json output to compare with")
    args = parser.parse_args()
    started = time.perf_counter()
    lap = started

    def phase(label):
        nonlocal lap
        now = time.perf_counter()
        print(f"{label:<28} {now - lap:7.2f} s")
        lap = now

    cards = [load_card(p) for p in (args.scorecard or DEFAULT_CARDS)]
    columns = {"account_id", "churned"} | ({args.segment} if args.segment else set())
    for card in cards:
        for p in card["profiles"]:
            columns |= {m["column"] for m in p["measures"]} | ({p["column"]} if p["column"] else set())
    df = pd.read_csv(args.data, usecols=sorted(columns), dtype={"account_id": str})
    if df["account_id"].duplicated().any():
        sys.exit("duplicate account ids")
    churned = parse_churn(df["churned"])
    phase("read CSV (pandas)")
    scored = [apply_card(card, df) for card in cards]
    phase("apply scorecards")
    results = [candidate(card, s, df, churned, args.segment) for card, s in zip(cards, scored)]
    phase("statistics per candidate")
    comparisons = [paired(scored[i]["score"], scored[j]["score"], churned)
                   for i in range(len(cards)) for j in range(i + 1, len(cards))]
    phase("paired DeLong comparisons")
    total = time.perf_counter() - started
    for r in results:
        print(f"  {r['name']:<22} AUC {r['auc']:.4f} [{r['auc_ci'][0]:.4f}, {r['auc_ci'][1]:.4f}]  "
              f"KS {r['ks']:.4f}  AP {r['average_precision']:.4f}")
    print(f"total                        {total:7.2f} s")
    if args.check and not check(results, comparisons, args.check):
        sys.exit("the pandas results differ from healthscore's")


if __name__ == "__main__":
    main()
