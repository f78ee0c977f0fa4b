"""Where a published fact-check "matches" a new claim: the cosine threshold, on the team's pairs.

Each pair in tests/data/factcheck_pairs.jsonl is a fact-checked claim and a
sentence from a new report: ``match`` true when the sentence makes the same
claim in other words, false when it is another claim about the same event
(the hard case: same names, same place, another aspect or another figure).
Both sides are encoded with the real model.  Printed: the cosine of every
pair by label, then precision and recall of "already fact-checked" at a
range of thresholds, for cosine alone (the baseline) and for cosine plus the
stance rules as ``workbench.factchecks.match_kind`` applies them (a conflict
is never the same claim; a merely related pair must also score at least
``SAME_CLAIM_RELATED``), and the threshold ``workbench.factchecks`` uses.

    python bench/factchecks.py [--pairs tests/data/factcheck_pairs.jsonl] [--model NAME]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.encode.embed import get_embedder  # noqa: E402
from workbench.exchange.factchecks import MATCH_THRESHOLD, match_kind  # noqa: E402
from workbench.ingest import analyse_sentence  # noqa: E402
from workbench.relate.stance import compare  # noqa: E402


def load_pairs(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def cosines(pairs: list[dict], model: str | None) -> np.ndarray:
    embedder = get_embedder(model)
    checked = embedder.encode([pair["factcheck"] for pair in pairs])
    new = embedder.encode([pair["claim"] for pair in pairs])
    return np.array([embedder.calibrate(float(c)) for c in np.einsum("ij,ij->i", checked, new)])


def relations(pairs: list[dict], scores: np.ndarray) -> list[str]:
    """The stance rules' label of each pair (the fact-checked claim read against the new one)."""
    return [compare(analyse_sentence(pair["claim"]), analyse_sentence(pair["factcheck"]), float(score)).label
            for pair, score in zip(pairs, scores)]


def precision_recall(predicted: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    true_positives = int(np.sum(predicted & gold))
    precision = true_positives / max(1, int(np.sum(predicted)))
    return precision, true_positives / max(1, int(np.sum(gold)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=ROOT / "tests/data/factcheck_pairs.jsonl")
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    pairs = load_pairs(args.pairs)
    gold = np.array([bool(pair["match"]) for pair in pairs])
    scores = cosines(pairs, args.model)
    labels = relations(pairs, scores)
    same = np.array([match_kind(label, float(score)) == "same" for label, score in zip(labels, scores)])
    print(f"{len(pairs)} pairs: {int(gold.sum())} paraphrases of a fact-checked claim, {int((~gold).sum())} other "
          f"claims about the same events\n")
    for label, mask in (("paraphrases", gold), ("other claims", ~gold)):
        values = np.sort(scores[mask])
        print(f"{label:<13} cosine min {values.min():.3f}  median {np.median(values):.3f}  max {values.max():.3f}")
    print("\n\"already fact-checked\" at each threshold: precision and recall")
    print("threshold   cosine only      cosine + stance (workbench.factchecks.match_kind)")
    for threshold in np.round(np.arange(0.40, 0.81, 0.05), 2):
        base = precision_recall(scores >= threshold, gold)
        ruled = precision_recall((scores >= threshold) & same, gold)
        mark = "  <- MATCH_THRESHOLD" if abs(threshold - MATCH_THRESHOLD) < 1e-9 else ""
        print(f"  {threshold:.2f}      {base[0]:.2f}  {base[1]:.2f}       {ruled[0]:.2f}  {ruled[1]:.2f}{mark}")
    print("\nmisjudged at MATCH_THRESHOLD (cosine + stance):")
    predicted = (scores >= MATCH_THRESHOLD) & same
    for pair, score, guess, label in zip(pairs, scores, predicted, labels):
        if guess != pair["match"]:
            print(f"  [{score:.3f}] {'missed' if pair['match'] else 'false match'} (stance: {label}): "
                  f"{pair['claim'][:90]}")

if __name__ == "__main__":
    main()
