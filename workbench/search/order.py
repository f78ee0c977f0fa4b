"""Which of a claim's candidates a fact-checker should see first: a fitted counterpart ranker.

``rank`` brings in every claim of the anchor's story, and within a relation most of them are no
counterpart at all: the fused rank of vectors and keywords alone put a story's true counterparts
11th to 26th behind frame-mates that merely share words.  This orders the candidates of one
relation by how likely each is to be a counterpart someone would pair with the anchor, from the
combiner's features (``relate.combine``: close meaning, shared names, a negation against close
wording, an inquiry's finding against a statement …) and from where the candidate stands among the
anchor's candidates by closeness — rank-based, so it holds for a model whose cosines are squeezed.

The weights are data (``data/order.json``), fitted by ``bench/fit_stance.py`` on the development
pairs with leave-one-set-out figures beside them; at run time a dot product.  Ordering decides
what ``k`` shows, never a relation: the labels and their reasons come from ``relate``.
"""
from __future__ import annotations

import functools
import operator
from pathlib import Path

from ..relate import combine

__all__ = ["FEATURES", "ORDER_PATH", "closeness", "score", "weights"]

ORDER_PATH = Path(__file__).with_name("data") / "order.json"

CLOSENESS = {
    "closest_3": "among the three closest candidates",
    "closest_10": "among the ten closest candidates",
    "closeness": "how near the top by closeness (1 at the top, 0.5 at the tenth place after it)",
}
FEATURES = {**combine.FEATURES, **CLOSENESS}


@functools.lru_cache(maxsize=1)
def weights() -> dict:
    """The fitted ranker {"features", "coef", "intercept", "cross_validated"}, shipped inside the package."""
    return combine.load_fitted(ORDER_PATH, FEATURES, "ranking weights")


def closeness(cosines: list[float]) -> list[dict[str, float]]:
    """Per candidate (in the order given), its place by cosine among all of them.  Places, not shares:
    the nearest candidates are the same whether ``k`` asked for ten or for all, the pool's tail is not."""
    by_cosine = sorted(range(len(cosines)), key=lambda i: -cosines[i])
    place = {i: position for position, i in enumerate(by_cosine)}
    return [{"closest_3": float(place[i] < 3), "closest_10": float(place[i] < 10),
             "closeness": 1.0 / (1.0 + place[i] / 10)} for i in range(len(cosines))]


def score(values: dict[str, float], fitted: dict | None = None) -> float:
    """The ranker's linear score (higher: more likely a counterpart); only its order matters."""
    fitted = fitted or weights()
    return fitted["intercept"] + sum(map(operator.mul, fitted["coef"], (values[name] for name in fitted["features"])))
