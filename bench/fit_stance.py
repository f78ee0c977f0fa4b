"""Fit the stance combiner's weights (``workbench/relate/data/combiner.json``) on development pairs,
and report it end to end with cross-validation by set.

For every development set (never a blind set kept for measuring), the reports are ingested into a
fresh workbench and every anchor of a labelled pair is asked ``similar(a, k=0)``: all its
candidates, as the search route sees them, with the rules alone (the combiner switched off, so the
fit never depends on earlier weights).  Each candidate the rules leave "related" within one
incident is a training row: its ``relate.combine.features``, and its gold label when it is the
other side of a labelled pair (an unrelated pair counts as related), or "related" at a small
weight when nobody labelled it — most candidates are no counterpart, and the weights must stay
conservative over a whole candidate list, not only over labelled pairs.

Cross-validation leaves one set out: the weights fitted on the others relabel the held-out set's
candidate lists, which are then ordered as ``rank`` orders them (conflicts, corroborations,
related; fused rank within each) and cut at k; printed per set and overall, before (rules alone)
and after: end to end (counterpart in the top k and labelled right), conflicts and corroborations
caught, and unrelated pairs shown as corroborating or conflicting.  Then the weights fitted on all
the sets are written, with the cross-validated figures beside them.

    python bench/fit_stance.py [--cache DIR] [--write]
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from end_to_end import ingest_set  # noqa: E402
from extraction import load_jsonl, stored_claim  # noqa: E402
from workbench import Workbench  # noqa: E402
from workbench.encode.embed import DEFAULT_MODEL, calibration  # noqa: E402
from workbench.relate import combine, stance  # noqa: E402

DATA = ROOT / "tests" / "data"
DEVELOPMENT = ("blind_extraction", "blind_extraction_2", "blind_extraction_3", "blind_extraction_4",
               "blind_extraction_5", "blind_extraction_6", "blind_extraction_7", "blind_extraction_8",
               "blind_extraction_9", "blind_stance", "blind_stance_2")
UNLABELLED_WEIGHT = 0.02  # a candidate nobody paired: most are no counterpart, some are unlabelled ones
THRESHOLDS = {"conflicts": 0.40, "corroborates": 0.40}
K = 10
ORDER = {"conflicts": 0, "corroborates": 1, "related": 2, "unrelated": 3}


def candidates(folder: Path) -> dict:
    """{"anchors": anchor id -> (anchor claim, [(candidate claim, cosine, duplicate ids)]), "pairs": [(a id, b id, label)]}"""
    pairs = load_jsonl(folder / "pairs.jsonl")
    found = {"anchors": {}, "pairs": []}
    with tempfile.TemporaryDirectory() as tmp, Workbench(Path(tmp) / "claims.db", Path(tmp) / "index") as wb:
        wb.init()
        claims, _ = ingest_set(wb, folder)
        for pair in pairs:
            a = stored_claim(pair["a"]["text"], claims[pair["a"]["file"]])
            b = stored_claim(pair["b"]["text"], claims[pair["b"]["file"]])
            if a is None or b is None:
                found["pairs"].append((None, None, pair["label"]))
                continue
            if a["id"] not in found["anchors"]:
                found["anchors"][a["id"]] = (wb.claim(a["id"]), [(r["claim"], r["score"], r["duplicates"])
                                                                 for r in wb.similar(a["id"], k=0)])
            found["pairs"].append((a["id"], b["id"], pair["label"]))
    return found


def load(name: str, cache: Path | None) -> dict:
    path = cache / f"{name}.pkl" if cache else None
    if path and path.exists():
        return pickle.loads(path.read_bytes())
    found = candidates(DATA / name)
    if path:
        path.write_bytes(pickle.dumps(found))
    return found


def rows(found: dict) -> list[dict]:
    """Per anchor, each candidate with its rules' relation, its features and its gold label (or None)."""
    calibrate = calibration(DEFAULT_MODEL)
    gold = {(a, b): label for a, b, label in found["pairs"] if a is not None}
    out = {}
    for anchor_id, (anchor, listed) in found["anchors"].items():
        items = []
        for position, (claim, cosine, duplicates) in enumerate(listed):
            similarity = calibrate(cosine)
            relation = stance.compare(anchor, claim, similarity, weighed=False)
            label = next((gold[(anchor_id, i)] for i in [claim["id"], *duplicates] if (anchor_id, i) in gold), None)
            open_pair = relation.label == "related" and anchor.get("event_id") == claim.get("event_id")
            items.append({"ids": [claim["id"], *duplicates], "position": position, "relation": relation,
                          "gold": label, "open": open_pair,
                          "features": combine.features(anchor, claim, similarity, relation.codes)})
        out[anchor_id] = items
    return out


def table(sets: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, y, w = [], [], []
    for anchors in sets:
        for items in anchors.values():
            for item in items:
                if not item["open"]:
                    continue
                x.append([item["features"][name] for name in combine.FEATURES])
                y.append("related" if item["gold"] in (None, "unrelated") else item["gold"])
                w.append(UNLABELLED_WEIGHT if item["gold"] is None else 1.0)
    return np.array(x), np.array(y), np.array(w)


def fit(sets: list[dict]) -> dict:
    from sklearn.linear_model import LogisticRegression  # a bench dependency only: run time is a dot product
    x, y, w = table(sets)
    model = LogisticRegression(max_iter=5000).fit(x, y, sample_weight=w)
    return {"features": list(combine.FEATURES), "classes": model.classes_.tolist(),
            "coef": np.round(model.coef_, 4).tolist(), "intercept": np.round(model.intercept_, 4).tolist(),
            "thresholds": THRESHOLDS}


def _label(item: dict, fitted: dict | None) -> str:
    if fitted is None or not item["open"]:
        return item["relation"].label
    return combine.verdict(combine.probabilities(item["features"], fitted), fitted["thresholds"], item["features"]) or "related"


def end_to_end(found: dict, anchors: dict, fitted: dict | None) -> Counter:
    shown = {}
    for anchor_id, items in anchors.items():
        labelled = sorted(((_label(item, fitted), item) for item in items),  # as rank orders: the rules' verdicts first
                          key=lambda pair: (ORDER[pair[0]], pair[0] != pair[1]["relation"].label, pair[1]["position"]))
        shown[anchor_id] = {i: (rank, label) for rank, (label, item) in enumerate(labelled) for i in item["ids"]}
    counts = Counter()
    for a, b, gold in found["pairs"]:
        rank, label = shown.get(a, {}).get(b, (None, None))
        in_view = rank is not None and rank < K
        if gold == "unrelated":
            counts["unrelated"] += 1
            counts["unrelated shown corroborating or conflicting"] += in_view and label in ("conflicts", "corroborates")
            continue
        counts["pairs"] += 1
        counts[gold] += 1
        counts["found"] += in_view
        counts["right"] += in_view and label == gold
        counts[f"{gold} right"] += in_view and label == gold
    return counts


def line(counts: Counter) -> str:
    return (f"end to end {counts['right']}/{counts['pairs']} = {counts['right'] / max(1, counts['pairs']):.3f}  "
            f"recall@{K} {counts['found'] / max(1, counts['pairs']):.2f}  "
            f"conflicts {counts['conflicts right']}/{counts['conflicts']}  "
            f"corroborates {counts['corroborates right']}/{counts['corroborates']}  "
            f"related {counts['related right']}/{counts['related']}  "
            f"unrelated shown as a verdict {counts['unrelated shown corroborating or conflicting']}/{counts['unrelated']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="keep each set's candidate lists here between runs")
    parser.add_argument("--write", action="store_true", help=f"write the weights to {combine.WEIGHTS_PATH}")
    args = parser.parse_args()
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    stance.weigh = lambda *args, **kwargs: None  # candidate lists as the rules alone see them
    found = {name: load(name, args.cache) for name in DEVELOPMENT}
    anchors = {name: rows(found[name]) for name in DEVELOPMENT}
    before, after = Counter(), Counter()
    print(f"leave-one-set-out, k = {K}: rules alone -> rules and the combiner fitted on the other sets")
    for held in DEVELOPMENT:
        fitted = fit([anchors[name] for name in DEVELOPMENT if name != held])
        rules, weighed = end_to_end(found[held], anchors[held], None), end_to_end(found[held], anchors[held], fitted)
        before.update(rules)
        after.update(weighed)
        print(f"{held}\n  before {line(rules)}\n  after  {line(weighed)}")
    print(f"all development sets\n  before {line(before)}\n  after  {line(after)}")
    fitted = fit(list(anchors.values()))
    fitted["fitted_on"] = list(DEVELOPMENT)
    fitted["cross_validated"] = {"before": line(before), "after": line(after)}
    for label, row in zip(fitted["classes"], fitted["coef"]):
        print(label.ljust(13), "  ".join(f"{name} {value:+.2f}" for name, value in zip(fitted["features"], row)))
    if args.write:
        combine.WEIGHTS_PATH.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
        print(f"written: {combine.WEIGHTS_PATH}")


if __name__ == "__main__":
    main()
