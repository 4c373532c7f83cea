#!/usr/bin/env python3
"""Reference values for issue 17 (expansion as a second outcome, value per band), written
to `tests/fixtures/outcomes_reference.json`.

`tests/outcomes_reference.rs` runs `validate --expansion expanded --value arr` on the same
history and scorecards and checks, per scorecard:

  * `expansion`: accounts, expanded, rate; the AUC P(an account that expanded scores higher
    than one that did not, ties 1/2) with its DeLong standard error and normal interval,
    from a direct O(m n) computation written from the 1988 definition with numpy (every
    expanded/not-expanded pair compared, no ranks); per band accounts, expanded, rate and
    the Wilson interval (statsmodels `proportion_confint(method="wilson")`);
  * per band `value`, `value_churned`, `share_of_value`; `value_at_risk` (the worst band's
    value) and `worst_band_value_capture` (value churned in the worst band / all value
    churned);

and per comparison the DeLong test of the two AUCs on expansion (difference, z, p), from
the same direct structural components.

The history has ties (threshold points), missing measure values (skipped by the scorecard),
expansion written in several spellings, and empty expansion cells on churned accounts only,
which count as not expanded.

How to run (from the repository root; takes a second):

    pip install numpy pandas scipy statsmodels
    python3 tests/reference/outcomes_reference.py

It writes the history (`tests/fixtures/outcomes/history.csv`) and the two scorecards
(`tests/fixtures/outcomes/{a,b}.toml`) from the definitions below, then the JSON. The
output is deterministic (fixed numpy seed).
"""

import json
import pathlib

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

SEED = 20261217
ROWS = 160
CONFIDENCE = 0.95
ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
FOLDER = FIXTURES / "outcomes"

# name, column, weight, scoring; every measure is skipped when missing
CARDS = {
    "a": {
        "name": "A usage",
        "bands": [("red", 40), ("yellow", 70), ("green", None)],
        "measures": [
            ("Seat utilization", "usage", 60, ("linear", 0.2, 0.9, "higher_is_better")),
            ("Open tickets", "tickets", 40, ("thresholds", [(0, 100), (2, 60), (4, 30)], 0)),
        ],
    },
    "b": {
        "name": "B tickets",
        "bands": [("at risk", 50), ("healthy", None)],
        "measures": [
            ("Open tickets", "tickets", 70, ("thresholds", [(1, 100), (3, 50)], 0)),
            ("NPS", "nps", 30, ("linear", 0, 10, "higher_is_better")),
        ],
    },
}

YES = ["1", "yes", "true", "1"]
NO = ["0", "no", "false", "0"]


def simulate():
    rng = np.random.default_rng(SEED)
    usage = np.round(rng.uniform(0.0, 1.0, ROWS), 2)
    tickets = rng.integers(0, 7, ROWS).astype(float)
    nps = rng.integers(0, 11, ROWS).astype(float)
    usage[rng.random(ROWS) < 0.1] = np.nan
    nps[rng.random(ROWS) < 0.15] = np.nan
    health = np.nan_to_num(usage, nan=0.5) - 0.1 * tickets
    churned = rng.random(ROWS) < 1 / (1 + np.exp(3 * health + 0.5))
    expanded = rng.random(ROWS) < 1 / (1 + np.exp(-3 * health + 1.5))
    expanded &= ~churned | (rng.random(ROWS) < 0.2)
    words = []
    for row in range(ROWS):
        if churned[row] and not expanded[row] and rng.random() < 0.6:
            words.append("")
        else:
            choices = YES if expanded[row] else NO
            words.append(choices[rng.integers(0, len(choices))])
    arr = rng.choice([1200, 5000, 5000, 18000, 60000], ROWS).astype(int)
    return pd.DataFrame(
        {
            "account_id": [f"ACC-{i:04d}" for i in range(ROWS)],
            "churned": churned.astype(int),
            "expanded": words,
            "arr": arr,
            "usage": usage,
            "tickets": tickets.astype(int),
            "nps": nps,
        }
    )


def toml_of(card):
    lines = [f'name = "{card["name"]}"', ""]
    for name, below in card["bands"]:
        lines += ["[[bands]]", f'name = "{name}"']
        if below is not None:
            lines.append(f"below = {below}")
        lines.append("")
    for name, column, weight, scoring in card["measures"]:
        lines += [
            "[[measures]]",
            f'name = "{name}"',
            f'column = "{column}"',
            f"weight = {weight}",
            'missing = "skip"',
            "[measures.scoring]",
        ]
        if scoring[0] == "linear":
            _, low, high, direction = scoring
            lines += ['method = "linear"', f"min = {low}", f"max = {high}", f'direction = "{direction}"']
        else:
            _, steps, otherwise = scoring
            cells = ", ".join(f"{{ upto = {bound}, points = {points} }}" for bound, points in steps)
            lines += ['method = "thresholds"', 'direction = "lower_is_better"', f"steps = [ {cells} ]"]
            lines.append(f"otherwise = {otherwise}")
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
    """Score (weighted mean of the points of the measures present) and band index."""
    scores = []
    for _, row in data.iterrows():
        total, weights = 0.0, 0.0
        for _, column, weight, scoring in card["measures"]:
            value = row[column]
            if pd.isna(value):
                continue
            total += weight * points_of(float(value), scoring)
            weights += weight
        scores.append(total / weights)
    scores = np.floor(np.clip(np.array(scores), 0, 100) * 1e9 + 0.5) / 1e9
    cutoffs = [below for _, below in card["bands"] if below is not None]
    bands = np.array([sum(s >= c for c in cutoffs) for s in scores])
    return scores, bands


def components(scores, expanded):
    """DeLong structural components from every (expanded, not expanded) pair."""
    x, y = scores[expanded], scores[~expanded]
    psi = (x[:, None] > y[None, :]) + 0.5 * (x[:, None] == y[None, :])
    return psi.mean(axis=1), psi.mean(axis=0), psi.mean()


def delong_direct(scores, expanded):
    v10, v01, auc = components(scores, expanded)
    se = np.sqrt(v10.var(ddof=1) / len(v10) + v01.var(ddof=1) / len(v01))
    z = stats.norm.ppf(1 - (1 - CONFIDENCE) / 2)
    return auc, se, [max(0.0, auc - z * se), min(1.0, auc + z * se)]


def delong_paired(a, b, expanded):
    v10a, v01a, auc_a = components(a, expanded)
    v10b, v01b, auc_b = components(b, expanded)
    se = np.sqrt((v10a - v10b).var(ddof=1) / len(v10a) + (v01a - v01b).var(ddof=1) / len(v01a))
    diff = auc_a - auc_b
    z = diff / se
    return {"auc_a": auc_a, "auc_b": auc_b, "auc_diff": diff, "z": z, "p_value": 2 * stats.norm.sf(abs(z))}


def wilson(successes, trials):
    low, high = proportion_confint(successes, trials, alpha=1 - CONFIDENCE, method="wilson")
    return [float(low), float(high)]


def expansion_of(card, scores, bands, expanded):
    auc, se, ci = delong_direct(scores, expanded)
    rows = []
    for k, (name, _) in enumerate(card["bands"]):
        inside = bands == k
        n, e = int(inside.sum()), int((expanded & inside).sum())
        rows.append(
            {
                "name": name,
                "accounts": n,
                "expanded": e,
                "rate": e / n if n else None,
                "rate_ci": wilson(e, n) if n else None,
            }
        )
    return {
        "column": "expanded",
        "accounts": len(scores),
        "expanded": int(expanded.sum()),
        "rate": float(expanded.mean()),
        "auc": auc,
        "auc_se": se,
        "auc_ci": ci,
        "bands": rows,
    }


def value_of(card, bands, churned, arr):
    total, lost = arr.sum(), arr[churned].sum()
    rows = []
    for k, (name, _) in enumerate(card["bands"]):
        inside = bands == k
        rows.append(
            {
                "name": name,
                "value": float(arr[inside].sum()),
                "value_churned": float(arr[inside & churned].sum()),
                "share_of_value": float(arr[inside].sum() / total),
            }
        )
    return {
        "bands": rows,
        "value_at_risk": rows[0]["value"],
        "worst_band_value_capture": rows[0]["value_churned"] / lost,
    }


def main():
    FOLDER.mkdir(parents=True, exist_ok=True)
    data = simulate()
    data.to_csv(FOLDER / "history.csv", index=False, na_rep="")
    for key, card in CARDS.items():
        (FOLDER / f"{key}.toml").write_text(toml_of(card))
    data = pd.read_csv(FOLDER / "history.csv", dtype={"expanded": str}, keep_default_na=False, na_values={"usage": [""], "nps": [""]})
    churned = data["churned"].to_numpy() == 1
    words = data["expanded"].str.strip().str.lower()
    expanded = words.isin(["1", "yes", "true"]).to_numpy()
    assert (words[words == ""].index.isin(np.flatnonzero(churned))).all()
    arr = data["arr"].to_numpy(dtype=float)
    out = {"scorecards": [], "comparisons": []}
    scored = {}
    for key, card in CARDS.items():
        scores, bands = score_card(card, data)
        scored[key] = scores
        out["scorecards"].append(
            {
                "name": card["name"],
                "expansion": expansion_of(card, scores, bands, expanded),
                "value": value_of(card, bands, churned, arr),
            }
        )
    out["comparisons"].append({"a": CARDS["a"]["name"], "b": CARDS["b"]["name"], **delong_paired(scored["a"], scored["b"], expanded)})
    text = json.dumps(out, indent=1, default=float)
    (FIXTURES / "outcomes_reference.json").write_text(text + "\n")


if __name__ == "__main__":
    main()
