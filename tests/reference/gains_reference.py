"""Reference for the cumulative gains curve (src/metrics/gains.rs): review the lowest scores
first; after each run of tied scores, the share of accounts reviewed and the share of churned
accounts caught. Counted directly with numpy from sorted scores, not from the ROC curve.

Writes tests/fixtures/gains_reference.json:  python3 tests/reference/gains_reference.py
"""

import json
import pathlib

import numpy as np


def gains(scores, churned):
    scores = np.asarray(scores, dtype=float)
    churned = np.asarray(churned, dtype=bool)
    order = np.argsort(scores, kind="stable")
    s, c = scores[order], churned[order]
    # the last index of each tie run
    ends = np.flatnonzero(np.append(s[1:] != s[:-1], True))
    reviewed = (ends + 1) / len(s)
    caught = np.cumsum(c)[ends] / c.sum()
    return [[0.0, 0.0]] + [[float(x), float(y)] for x, y in zip(reviewed, caught)]


def main():
    rng = np.random.default_rng(15)
    cases = []
    for n, levels in [(12, 5), (60, 20), (300, 1000), (500, 7)]:
        scores = rng.integers(0, levels, n).astype(float)
        churned = rng.random(n) < 0.3 - scores / (levels * 5)
        churned[0], churned[1] = True, False
        cases.append(
            {
                "scores": scores.tolist(),
                "churned": churned.tolist(),
                "gains": gains(scores, churned),
            }
        )
    out = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "gains_reference.json"
    out.write_text(json.dumps({"cases": cases}, indent=1) + "\n")


if __name__ == "__main__":
    main()
