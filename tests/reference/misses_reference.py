#!/usr/bin/env python3
"""Reference values for issue 15 ("Misses"), written to `tests/fixtures/misses_reference.json`.

`tests/misses_reference.rs` loads the JSON and checks the Rust code against it:

  * the per-account explanation of `score` (`lost_<measure>`, `reasons`, `to_next_band`)
    of scorecard A on a small simulated history, scored here from the scorecard's
    definition (linear and threshold points, groups, a measure skipped when missing and one
    given fixed points when missing);
  * `misses` (blindsided churners, false alarms, mean points per measure) of A and B;
  * review `capacity` of A on the history (with values), and on a hand-made set of scores
    with many ties;
  * each comparison's `detectable_difference` ((z_0.975 + z_0.80) x the DeLong standard
    error of the AUC difference, from a direct O(m n) DeLong written from the 1988
    definition with numpy, as in make_fixtures.py) and `reclassification` (moves and NRI,
    Pencina et al. 2008), and its absence between scorecards with different band counts.

How to run (from the repository root; takes a second):

    pip install numpy pandas scipy
    python3 tests/reference/misses_reference.py

It writes the history (`tests/fixtures/misses/history.csv`) and the three scorecards
(`tests/fixtures/misses/{a,b,c}.toml`) from the definitions below, then the JSON. The output
is deterministic (fixed numpy seed).
"""

import json
import math
import pathlib

import numpy as np
import pandas as pd
from scipy import stats

SEED = 20261204
ROWS = 240
ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
FOLDER = FIXTURES / "misses"
SHARES = [0.05, 0.1, 0.2]
MINUS = "\u2212"

# name, column, weight, group, missing ("skip" or points), scoring
LINEAR_USAGE = ("linear", 0.2, 0.9, "higher_is_better")
LINEAR_ADOPTION = ("linear", 0.1, 0.7, "higher_is_better")
TICKETS = ("thresholds", [(0, 100), (2, 60), (4, 30)], 0)
LINEAR_NPS = ("linear", 0, 10, "higher_is_better")
LINEAR_SENTIMENT = ("linear", 1, 5, "higher_is_better")

CARDS = {
    "a": {
        "name": "A grouped",
        "bands": [("red", 50), ("yellow", 70), ("green", None)],
        "groups": [("Usage", 60), ("Support", 20), ("Relationship", 20)],
        "measures": [
            ("Seat utilization", "usage", 40, "Usage", "skip", LINEAR_USAGE),
            ("Feature adoption", "adoption", 35, "Usage", "skip", LINEAR_ADOPTION),
            ("Open tickets", "tickets", 60, "Support", "skip", TICKETS),
            ("CSM sentiment", "sentiment", 40, "Support", 50, LINEAR_SENTIMENT),
            ("NPS", "nps", 1, "Relationship", "skip", LINEAR_NPS),
        ],
    },
    "b": {
        "name": "B flat",
        "bands": [("red", 45), ("yellow", 65), ("green", None)],
        "groups": [],
        "measures": [
            ("Seat utilization", "usage", 30, None, "skip", LINEAR_USAGE),
            ("Feature adoption", "adoption", 10, None, "skip", LINEAR_ADOPTION),
            ("Open tickets", "tickets", 20, None, "skip", TICKETS),
            ("NPS", "nps", 20, None, "skip", LINEAR_NPS),
            ("CSM sentiment", "sentiment", 20, None, 50, LINEAR_SENTIMENT),
        ],
    },
    "c": {
        "name": "C two bands",
        "bands": [("at risk", 55), ("healthy", None)],
        "groups": [],
        "measures": [
            ("Seat utilization", "usage", 1, None, "skip", LINEAR_USAGE),
            ("NPS", "nps", 1, None, "skip", LINEAR_NPS),
        ],
    },
}


def simulate():
    rng = np.random.default_rng(SEED)
    usage = np.round(rng.uniform(0.05, 1.0, ROWS), 2)
    adoption = np.round(rng.beta(2, 2, ROWS), 2)
    tickets = rng.poisson(1.8, ROWS)
    nps = rng.integers(0, 11, ROWS).astype(float)
    nps[rng.random(ROWS) < 0.3] = np.nan
    sentiment = rng.integers(1, 6, ROWS).astype(float)
    sentiment[rng.random(ROWS) < 0.1] = np.nan
    arr = rng.integers(10, 500, ROWS) * 100
    logit = -1.0 - 3.0 * (usage - 0.5) - 2.0 * (adoption - 0.5) + 0.3 * (tickets - 1.8)
    churned = rng.random(ROWS) < 1 / (1 + np.exp(-logit))
    return pd.DataFrame(
        {
            "account_id": [f"ACC-{i:04d}" for i in range(ROWS)],
            "churned": churned.astype(int),
            "arr": arr,
            "usage": usage,
            "adoption": adoption,
            "tickets": tickets,
            "nps": nps,
            "sentiment": sentiment,
        }
    )


def toml_of(card):
    lines = [f'name = "{card["name"]}"', ""]
    for name, below in card["bands"]:
        lines += ["[[bands]]", f'name = "{name}"'] + ([f"below = {below}"] if below is not None else []) + [""]
    for name, weight in card["groups"]:
        lines += ["[[groups]]", f'name = "{name}"', f"weight = {weight}", ""]
    for name, column, weight, group, missing, scoring in card["measures"]:
        lines += ["[[measures]]", f'name = "{name}"', f'column = "{column}"', f"weight = {weight}"]
        if group is not None:
            lines.append(f'group = "{group}"')
        lines.append(f'missing = "skip"' if missing == "skip" else f"missing = {missing}")
        lines.append("[measures.scoring]")
        if scoring[0] == "linear":
            _, low, high, direction = scoring
            lines += ['method = "linear"', f"min = {low}", f"max = {high}", f'direction = "{direction}"']
        else:
            _, steps, otherwise = scoring
            rules = ", ".join(f"{{ upto = {bound}, points = {points} }}" for bound, points in steps)
            lines += ['method = "thresholds"', 'direction = "lower_is_better"', f"steps = [ {rules} ]",
                      f"otherwise = {otherwise}"]
        lines.append("")
    return "\n".join(lines)


def points_of(value, scoring):
    if scoring[0] == "linear":
        _, low, high, direction = scoring
        share = min(max((value - low) / (high - low), 0.0), 1.0)
        return 100.0 * share if direction == "higher_is_better" else 100.0 * (1.0 - share)
    _, steps, otherwise = scoring
    for bound, points in steps:
        if value <= bound:
            return float(points)
    return float(otherwise)


def score_card(card, data):
    """Points per measure (NaN where skipped), score, band index, lost per measure."""
    measures = card["measures"]
    group_weight = dict(card["groups"])
    points = np.full((len(data), len(measures)), np.nan)
    for k, (_, column, _, _, missing, scoring) in enumerate(measures):
        for row, value in enumerate(data[column]):
            if np.isnan(value):
                points[row, k] = np.nan if missing == "skip" else float(missing)
            else:
                points[row, k] = points_of(float(value), scoring)
    effective = np.zeros_like(points)
    for row in range(len(data)):
        present = ~np.isnan(points[row])
        groups = {}
        for k, (_, _, weight, group, _, _) in enumerate(measures):
            if present[k]:
                groups.setdefault(group, 0.0)
                groups[group] += weight
        total_group = sum(group_weight.get(g, 1.0) for g in groups)
        for k, (_, _, weight, group, _, _) in enumerate(measures):
            if present[k]:
                effective[row, k] = group_weight.get(group, 1.0) / total_group * weight / groups[group]
    filled = np.where(np.isnan(points), 0.0, points)
    raw = (effective * filled).sum(axis=1)
    # scores are rounded to 1e-9 points (half away from zero), as documented for the scorecard
    scores = np.floor(np.clip(raw, 0, 100) * 1e9 + 0.5) / 1e9
    lost = np.where(np.isnan(points), np.nan, effective * (100.0 - filled))
    cutoffs = [below for _, below in card["bands"] if below is not None]
    bands = np.array([sum(s >= c for c in cutoffs) for s in scores])
    return points, scores, bands, lost


def reasons_of(card, lost_row):
    named = [(-lost, k) for k, lost in enumerate(lost_row) if not np.isnan(lost) and lost >= 0.05]
    named.sort()
    return "; ".join(f"{card['measures'][k][0]} {MINUS}{-neg:.1f}" for neg, k in named[:3])


def explanation(card, scores, bands, lost):
    cutoffs = [below for _, below in card["bands"]]
    rows = []
    for row in range(len(scores)):
        below = cutoffs[bands[row]]
        rows.append(
            {
                "score": scores[row],
                "lost": [None if np.isnan(v) else v for v in lost[row]],
                "reasons": reasons_of(card, lost[row]),
                "to_next_band": None if below is None else below - scores[row],
            }
        )
    return rows


def mean_or_none(values):
    values = values[~np.isnan(values)]
    return float(values.mean()) if len(values) else None


def misses(card, points, bands, churned, value):
    healthiest, worst = len(card["bands"]) - 1, 0
    blind = churned & (bands == healthiest)
    caught = churned & (bands == worst)
    retained = ~churned
    alarms = retained & (bands == worst)
    return {
        "blindsided": {
            "band": card["bands"][healthiest][0],
            "accounts": int(blind.sum()),
            "share_of_churned": blind.sum() / churned.sum() if churned.sum() else None,
            "value": float(value[blind].sum()),
        },
        "false_alarms": {
            "band": card["bands"][worst][0],
            "accounts": int(alarms.sum()),
            "share_of_retained": alarms.sum() / retained.sum() if retained.sum() else None,
        },
        "measures": [
            {
                "name": m[0],
                "mean_points_blindsided": mean_or_none(points[blind, k]),
                "mean_points_caught": mean_or_none(points[caught, k]),
                "mean_points_retained": mean_or_none(points[retained, k]),
            }
            for k, m in enumerate(card["measures"])
        ],
    }


def capacity(scores, churned, value, shares):
    """Straight from the definition: for each share, try every distinct score from the lowest."""
    n = len(scores)
    rows = []
    for share in shares:
        wanted = max(1, math.ceil(share * n - 1e-9))
        cutoff = next(s for s in np.unique(scores) if (scores <= s).sum() >= wanted)
        reviewed = scores <= cutoff
        caught = reviewed & churned
        rows.append(
            {
                "share": share,
                "cutoff": float(cutoff),
                "accounts": int(reviewed.sum()),
                "churned": int(caught.sum()),
                "share_of_churned": caught.sum() / churned.sum() if churned.sum() else None,
                "lift": (caught.sum() / reviewed.sum()) / (churned.sum() / n) if churned.sum() else None,
                "value_churned": None if value is None else float(value[caught].sum()),
            }
        )
    return rows


def delong_direct(scores, churned):
    x = scores[~churned][:, None]
    y = scores[churned][None, :]
    psi = (x > y).astype(float) + 0.5 * (x == y)
    return psi.mean(), psi.mean(axis=1), psi.mean(axis=0)


def delong_paired_se(a, b, churned):
    _, v10a, v01a = delong_direct(a, churned)
    _, v10b, v01b = delong_direct(b, churned)
    contrast = np.array([1.0, -1.0])
    s10 = np.cov(np.vstack([v10a, v10b]))
    s01 = np.cov(np.vstack([v01a, v01b]))
    var = contrast @ s10 @ contrast / len(v10a) + contrast @ s01 @ contrast / len(v01a)
    return float(np.sqrt(max(var, 0.0)))


def reclassification(card_a, bands_a, card_b, bands_b, churned):
    if len(card_a["bands"]) != len(card_b["bands"]):
        return None
    k = len(card_a["bands"])
    moves = []
    for i in range(k):
        for j in range(k):
            cell = (bands_a == i) & (bands_b == j)
            moves.append(
                {
                    "band_a": card_a["bands"][i][0],
                    "band_b": card_b["bands"][j][0],
                    "accounts": int(cell.sum()),
                    "churned": int((cell & churned).sum()),
                }
            )
    worse, healthier = bands_b < bands_a, bands_b > bands_a
    nri_churned = ((worse & churned).sum() - (healthier & churned).sum()) / churned.sum()
    nri_retained = ((healthier & ~churned).sum() - (worse & ~churned).sum()) / (~churned).sum()
    return {
        "moves": moves,
        "nri_churned": float(nri_churned),
        "nri_retained": float(nri_retained),
        "nri": float(nri_churned + nri_retained),
    }


def tied_case():
    rng = np.random.default_rng(SEED + 1)
    scores = rng.integers(0, 8, 203).astype(float) * 12.5
    churned = rng.random(203) < np.where(scores < 40, 0.4, 0.1)
    value = rng.integers(1, 100, 203).astype(float)
    shares = [0.01, 0.05, 0.1, 0.2, 0.25, 0.33, 0.5, 0.75, 0.99]
    return {
        "scores": scores.tolist(),
        "churned": churned.tolist(),
        "values": value.tolist(),
        "shares": shares,
        "expected": capacity(scores, churned, value, shares),
    }


def main():
    FOLDER.mkdir(parents=True, exist_ok=True)
    data = simulate()
    data.to_csv(FOLDER / "history.csv", index=False)
    for key, card in CARDS.items():
        (FOLDER / f"{key}.toml").write_text(toml_of(card))
    churned = data["churned"].to_numpy().astype(bool)
    value = data["arr"].to_numpy().astype(float)
    scored = {key: score_card(card, data) for key, card in CARDS.items()}
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.80)
    comparisons = []
    keys = list(CARDS)
    for i, ka in enumerate(keys):
        for kb in keys[i + 1:]:
            se = delong_paired_se(scored[ka][1], scored[kb][1], churned)
            comparisons.append(
                {
                    "a": CARDS[ka]["name"],
                    "b": CARDS[kb]["name"],
                    "std_error": se,
                    "detectable_difference": z * se,
                    "reclassification": reclassification(
                        CARDS[ka], scored[ka][2], CARDS[kb], scored[kb][2], churned
                    ),
                }
            )
    out = {
        "data": "tests/fixtures/misses/history.csv",
        "scorecards": [f"tests/fixtures/misses/{key}.toml" for key in keys],
        "value_column": "arr",
        "rows": ROWS,
        "churned": int(churned.sum()),
        "explanation": {
            "measures": [m[0] for m in CARDS["a"]["measures"]],
            "rows": explanation(CARDS["a"], *scored["a"][1:]),
        },
        "misses": [misses(CARDS[k], scored[k][0], scored[k][2], churned, value) for k in keys],
        "capacity": {"shares": SHARES, "expected": capacity(scored["a"][1], churned, value, SHARES)},
        "capacity_ties": tied_case(),
        "comparisons": comparisons,
        "versions": {"numpy": np.__version__, "pandas": pd.__version__},
    }
    path = FIXTURES / "misses_reference.json"
    path.write_text(json.dumps(out, indent=1, default=float) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
