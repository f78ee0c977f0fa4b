"""Stance accuracy on the team's labelled pairs (tests/data/stance_pairs.jsonl).

Each side of a pair goes through the real pipeline (attribution, figures,
claim type, frames) and is placed in its labelled event; both are encoded
with the real model.  Printed for the rules (``workbench.stance.compare``)
and, in the same run, for a similarity-only baseline whose two cosine
thresholds are tuned on this very set (so the baseline is flattered, not
handicapped): accuracy, per-class precision/recall/F1, a confusion matrix,
and accuracy by language mix and by signal.

    python bench/stance.py [--pairs tests/data/stance_pairs.jsonl] [--no-events]
    python bench/stance.py --set tests/data/blind_stance [--k 10]   # end to end through similar (bench/end_to_end.py)
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.encode.embed import get_embedder  # noqa: E402
from workbench.ingest import analyse_sentence  # noqa: E402
from workbench.relate.stance import LABELS, compare  # noqa: E402


def load_pairs(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def side(record: dict, with_events: bool) -> dict:
    claim = analyse_sentence(record["text"], speaker_outlet=record["outlet"])
    claim.update(outlet=record["outlet"], published=record["published"], language=record["language"],
                 event_id=record["event"] if with_events else None)
    return claim


def similarities(pairs: list[dict], model: str | None) -> np.ndarray:
    embedder = get_embedder(model)
    a = embedder.encode([pair["a"]["text"] for pair in pairs])
    b = embedder.encode([pair["b"]["text"] for pair in pairs])
    return np.array([embedder.calibrate(float(cosine)) for cosine in np.einsum("ij,ij->i", a, b)])


def baseline(similarity: np.ndarray, gold: list[str]) -> tuple[list[str], tuple[float, float]]:
    """Best-accuracy thresholds: >= high corroborates, >= low related, else unrelated."""
    grid = np.round(np.arange(0.05, 1.0, 0.025), 3)
    best = (-1.0, (0.0, 0.0))
    for high in grid:
        for low in grid[grid < high]:
            predicted = np.where(similarity >= high, "corroborates", np.where(similarity >= low, "related", "unrelated"))
            accuracy = float(np.mean(predicted == np.array(gold)))
            best = max(best, (accuracy, (float(low), float(high))))
    low, high = best[1]
    labels = ["corroborates" if s >= high else "related" if s >= low else "unrelated" for s in similarity]
    return labels, (low, high)


def report(name: str, gold: list[str], predicted: list[str], groups: dict[str, list[int]]) -> None:
    total = len(gold)
    correct = sum(g == p for g, p in zip(gold, predicted))
    print(f"\n== {name}: accuracy {correct / total:.3f} ({correct}/{total})")
    print(f"{'class':<14}{'precision':>10}{'recall':>8}{'f1':>7}{'support':>9}")
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        predicted_n, support = predicted.count(label), gold.count(label)
        precision = tp / predicted_n if predicted_n else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{label:<14}{precision:>10.2f}{recall:>8.2f}{f1:>7.2f}{support:>9}")
    print("confusion (rows gold, columns predicted):")
    print(" " * 14 + "".join(f"{label[:11]:>13}" for label in LABELS))
    matrix = Counter(zip(gold, predicted))
    for label in LABELS:
        print(f"{label:<14}" + "".join(f"{matrix[(label, other)]:>13}" for other in LABELS))
    for title, members in groups.items():
        hits = sum(gold[i] == predicted[i] for i in members)
        print(f"  {title:<32} {hits:>3}/{len(members):<3} = {hits / len(members):.2f}" if members else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=ROOT / "tests" / "data" / "stance_pairs.jsonl")
    parser.add_argument("--no-events", action="store_true", help="hide the event labels from the rules")
    parser.add_argument("--show-errors", action="store_true", help="print every pair the rules get wrong")
    parser.add_argument("--model", help="embedding model for similarities (default: the workbench default); "
                                        "e.g. multilingual-e5-small")
    parser.add_argument("--set", type=Path, action="append", help="a folder of reports with pairs.jsonl: measure "
                        "end to end through Workbench.similar (repeatable)")
    parser.add_argument("--k", type=int, default=10, help="results asked of similar (end to end)")
    args = parser.parse_args()
    if args.set:
        from end_to_end import run

        for folder in args.set:
            run(folder, args.model, args.k, args.show_errors)
        return

    pairs = load_pairs(args.pairs)
    gold = [pair["label"] for pair in pairs]
    similarity = similarities(pairs, args.model)
    predicted, reasons = [], []
    for pair, cosine in zip(pairs, similarity):
        relation = compare(side(pair["a"], not args.no_events), side(pair["b"], not args.no_events), float(cosine))
        predicted.append(relation.label)
        reasons.append(relation.reasons)
    base, (low, high) = baseline(similarity, gold)

    groups = defaultdict(list)
    for i, pair in enumerate(pairs):
        mix = "-".join(sorted({pair["a"]["language"], pair["b"]["language"]}))
        groups[f"languages {mix}"].append(i)
        groups[f"signal {pair.get('signal', 'none')}"].append(i)
    groups = dict(sorted(groups.items()))
    print(f"{len(pairs)} labelled pairs: {dict(Counter(gold))}; similarities from {get_embedder(args.model).name}")
    report("rules (workbench.stance.compare)" + (" without events" if args.no_events else ""), gold, predicted,
           groups)
    report(f"baseline: cosine only (related ≥ {low:.3f}, corroborates ≥ {high:.3f}, tuned on this set)",
           gold, base, groups)
    if args.show_errors:
        for pair, guess, why in zip(pairs, predicted, reasons):
            if guess != pair["label"]:
                print(f"\n{pair['id']} gold {pair['label']} got {guess}: {pair.get('note', '')}\n  a: "
                      f"{pair['a']['text']}\n  b: {pair['b']['text']}\n  reasons: {list(why)}")


if __name__ == "__main__":
    main()
