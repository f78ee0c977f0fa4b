"""Fit the claim-type reading's weights (``workbench/analyse/data/claim_types.json``) on the gold
sentences of the development sets, and report it with cross-validation by set.

Every gold claim sentence whose rules' type is one of the five the reading chooses between
(``analyse.claim_types.READ_TYPES``) is a row: its signs (``analyse.claims.type_reading``: the
rules' type, cue families, figure kinds, attribution, words) and its gold type.  A word counts as
a sign only when it occurs in at least MIN_SENTENCES training sentences, so no story's own names
are learnt.  Leaving one set out at a time, the weights fitted on the others type the held-out
set; printed per set and overall, the rules' accuracy beside the reading's (over all gold claims,
the rules' control/responsibility/background kept as the bench scores them).  Then the weights
fitted on every development set are written with the cross-validated figures beside them.

    python bench/fit_types.py [--write]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from extraction import TYPE_MATCHES, load_jsonl  # noqa: E402
from workbench.analyse.attribution import attribute  # noqa: E402
from workbench.analyse.claim_types import READ_TYPES, TYPES_PATH  # noqa: E402
from workbench.analyse.claims import type_reading  # noqa: E402
from workbench.analyse.figures import extract_figures  # noqa: E402

DATA = ROOT / "tests" / "data"
DEVELOPMENT = ("blind_extraction", "blind_extraction_2", "blind_extraction_3", "blind_extraction_4",
               "blind_extraction_5", "blind_extraction_6", "blind_extraction_7", "blind_extraction_8",
               "blind_extraction_9", "blind_extraction_10", "blind_extraction_11", "blind_extraction_12",
               "blind_extraction_13", "blind_extraction_14", "blind_extraction_15", "blind_extraction_16")
MIN_SENTENCES = 5   # a word seen in fewer training sentences is no sign
C = 0.3             # inverse regularisation: many sparse signs, a few thousand sentences


def rows(name: str) -> list[dict]:
    """The set's gold claims: gold type, the rules' type and the signs."""
    out = []
    for gold in load_jsonl(DATA / name / "gold_sentences.jsonl"):
        if not gold.get("is_claim"):
            continue
        text = gold["sentence"]
        rule_type, shown = type_reading(text, extract_figures(text), attribute(text, "Outlet"))
        out.append({"gold": gold["type"], "rule": rule_type, "signs": shown})
    return out


def fit(train: list[dict]) -> dict:
    from sklearn.linear_model import LogisticRegression  # a bench dependency only: run time adds weights
    read = [row for row in train if row["rule"] in READ_TYPES]
    seen = Counter(sign for row in read for sign in row["signs"])
    names = sorted(sign for sign, count in seen.items() if not sign.startswith("word:") or count >= MIN_SENTENCES)
    column = {name: i for i, name in enumerate(names)}
    x = np.zeros((len(read), len(names)))
    for i, row in enumerate(read):
        for sign in row["signs"]:
            if sign in column:
                x[i, column[sign]] = 1.0
    model = LogisticRegression(max_iter=5000, C=C).fit(x, [row["gold"] for row in read])
    order = [model.classes_.tolist().index(label) for label in READ_TYPES if label in model.classes_]
    classes = [model.classes_[i] for i in order]
    coef = model.coef_[order]
    return {"classes": classes, "intercept": np.round(model.intercept_[order], 4).tolist(),
            "signs": {name: np.round(coef[:, j], 4).tolist() for j, name in enumerate(names)
                      if np.abs(coef[:, j]).max() >= 1e-3}}


def accuracy(test: list[dict], fitted: dict | None) -> tuple[int, int]:
    from workbench.analyse.claim_types import read_type
    right = 0
    for row in test:
        label = read_type(row["signs"], fitted) if fitted and row["rule"] in READ_TYPES else row["rule"]
        right += row["gold"] in TYPE_MATCHES.get(label, {label})
    return right, len(test)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write the weights to {TYPES_PATH}")
    args = parser.parse_args()
    sets = {name: rows(name) for name in DEVELOPMENT}
    totals = Counter()
    print("leave-one-set-out: type accuracy, rules -> the reading fitted on the other sets")
    for held in DEVELOPMENT:
        fitted = fit([row for name in DEVELOPMENT if name != held for row in sets[name]])
        (rules, n), (read, _) = accuracy(sets[held], None), accuracy(sets[held], fitted)
        totals.update(rules=rules, read=read, n=n)
        print(f"  {held:20} {rules / n:.3f} -> {read / n:.3f}  ({n} gold claims)")
    summary = f"type accuracy {totals['rules'] / totals['n']:.3f} -> {totals['read'] / totals['n']:.3f} ({totals['n']} gold claims)"
    print(f"  all                  {summary}")
    fitted = fit([row for name in DEVELOPMENT for row in sets[name]])
    fitted.update(fitted_on=list(DEVELOPMENT), cross_validated=summary)
    print(f"{len(fitted['signs'])} signs")
    if args.write:
        TYPES_PATH.parent.mkdir(exist_ok=True)
        TYPES_PATH.write_text(json.dumps(fitted, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written: {TYPES_PATH}")


if __name__ == "__main__":
    main()
