"""Weighing the soft signs when no rule decides: a small logistic regression over named features.

The rules of ``relate.stance`` decide a pair only when they find something definite — two figures
of one kind, two holders of one place, one proposition on two sides.  Most conflicts and
corroborations on real coverage carry none of that: a minister says no inspection report flagged a
risk and a commission found the notice was received; a French report tells what an English one
told in other words.  For those pairs the rules said "related", and a fact-checker never saw the
conflict.  What remains are soft signs — how close the meanings are, whether one side negates or
denies and the other does not, whether an inquiry's finding meets a statement, whether an
official source meets another — none decisive alone.  This module weighs them together.

The weights are data (``data/combiner.json``), fitted by ``bench/fit_stance.py`` on the team's
development pairs with scikit-learn and reported there with cross-validation by set; at run time
they are a dot product.  Each feature has a code, and a promoted relation names the features that
weighed most for it, so the reason stays readable ("weighed: one side negates what the other
says; an inquiry's finding against a statement").  The thresholds are high on purpose: a
"related" pair costs a fact-checker a glance, a false conflict their trust.
"""
from __future__ import annotations

import functools
import math
import operator
import re
from datetime import date
from pathlib import Path

from ..analyse.frames import denies, not_confirmed, shared_names
from ..analyse.propositions import absolute, negated
from ..fitted import load as load_fitted
from ..model import Signal
from ..text.patterns import strip_accents

__all__ = ["FEATURES", "features", "probabilities", "verdict", "weigh", "weights", "WEIGHTS_PATH"]

WEIGHTS_PATH = Path(__file__).with_name("data") / "combiner.json"

# code -> what it means when it weighs for a verdict, as a fact-checker reads it
FEATURES = {
    "similarity": "close in meaning",
    "cross_language": "one report in each language",
    "denial_one_side": "one side denies and the other does not",
    "negation_one_side": "one side negates what the other says",
    "negation_close": "a negation against close wording",
    "not_confirmed_one_side": "one side says it is not confirmed",
    "shared_words": "many words in common",
    "shared_names": "the same names",
    "shared_frame": "the same frame",
    "same_type": "the same type of claim",
    "same_figure_kind": "figures of one kind",
    "figure_one_side": "a figure on one side only",
    "same_speaker": "the same speaker",
    "official_against_other": "an official source against another",
    "months_apart": "reported months apart",
    "finding_against_other": "an inquiry's or court's finding against another claim",
    "a_statement": "a statement",
    "figure_note": "figures of other scopes, groups or dates",
    "contested_verb": "a denial, rejection, accusation or insistence",
    "denial_close": "a denial against close wording",
    "absolute_one_side": "one side speaks in absolutes",
    "cross_language_close": "close in meaning across languages",
    "other_speakers": "two different named sources",
    "negation_both": "both sides negate",
    "denial_both": "both sides deny",
    "speakers_alike": "sources of like names",
    "same_verb": "the same verb of saying",
}
CONTESTING = frozenset({"denied", "disputed", "insisted", "rejected", "accused", "blamed", "alleged", "claimed", "asserted",
                        "refused", "condemned"})
SHORT_WORD = 4   # letters up to which a word is left out of the shared words (the, that, dans, avec)
STEM = 6         # letters a word is cut to, so "investigators" meets "investigation"
YEAR = 365


@functools.lru_cache(maxsize=1)
def weights() -> dict:
    """The fitted weights: {"features", "classes", "coef", "intercept", "thresholds", "cross_validated"}."""
    return load_fitted(WEIGHTS_PATH, "stance weights", "bench/fit_stance.py", list(FEATURES))


@functools.lru_cache(maxsize=65536)
def _stems(text: str) -> frozenset[str]:
    return frozenset(strip_accents(word.lower())[:STEM] for word in re.findall(r"\w+", text) if len(word) > SHORT_WORD)


@functools.lru_cache(maxsize=4096)
def _day(published: str) -> date | None:
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _months_apart(a: dict, b: dict) -> float:
    day_a, day_b = _day(str(a.get("published") or "")), _day(str(b.get("published") or ""))
    return min(abs((day_a - day_b).days), YEAR) / YEAR if day_a and day_b else 0.0


def _one_side(a: bool, b: bool) -> float:
    return float(a != b)


def features(a: dict, b: dict, similarity: float, codes: tuple[str, ...] = ()) -> dict[str, float]:
    """The pair's value for each code of FEATURES (0 to 1); ``codes``: the rules' signal codes."""
    ta, tb = a["text"], b["text"]
    stems_a, stems_b = _stems(ta), _stems(tb)
    kinds_a = {f["kind"] for f in a.get("figures") or []}
    kinds_b = {f["kind"] for f in b.get("figures") or []}
    negation = _one_side(negated(ta), negated(tb))
    denial_a, denial_b = denies(ta, a.get("attribution_verb")), denies(tb, b.get("attribution_verb"))
    denial = _one_side(denial_a, denial_b)
    cross_language = float(bool(a.get("language") and b.get("language")) and a.get("language") != b.get("language"))
    return {
        "similarity": similarity,
        "cross_language": cross_language,
        "denial_one_side": denial,
        "negation_one_side": negation,
        "negation_close": negation * similarity,
        "not_confirmed_one_side": _one_side(not_confirmed(ta), not_confirmed(tb)),
        "shared_words": len(stems_a & stems_b) / max(1, len(stems_a | stems_b)),
        "shared_names": min(len(shared_names(ta, tb)), 3) / 3,
        "shared_frame": float(bool(set(a.get("frames") or []) & set(b.get("frames") or []))),
        "same_type": float(a.get("claim_type") == b.get("claim_type")),
        "same_figure_kind": float(bool(kinds_a & kinds_b)),
        "figure_one_side": _one_side(bool(kinds_a), bool(kinds_b)),
        "same_speaker": float(bool(a.get("speaker")) and a.get("speaker") == b.get("speaker")),
        "official_against_other": _one_side(a.get("speaker_kind") == "official", b.get("speaker_kind") == "official"),
        "months_apart": _months_apart(a, b),
        "finding_against_other": _one_side(a.get("claim_type") == "finding", b.get("claim_type") == "finding"),
        "a_statement": float("statement" in (a.get("claim_type"), b.get("claim_type"))),
        "figure_note": float(any(code.startswith("figures_") for code in codes)),
        "contested_verb": float(bool(CONTESTING & {a.get("attribution_verb"), b.get("attribution_verb")})),
        "denial_close": denial * similarity,
        "absolute_one_side": _one_side(absolute(ta), absolute(tb)),
        "cross_language_close": cross_language * similarity,
        "other_speakers": float(_named(a) and _named(b) and a.get("speaker") != b.get("speaker")),
        "negation_both": float(negated(ta) and negated(tb)),
        "denial_both": float(denial_a and denial_b),
        "speakers_alike": float(_named(a) and _named(b) and bool(_stems(a["speaker"]) & _stems(b["speaker"]))),
        "same_verb": float(bool(a.get("attribution_verb")) and a.get("attribution_verb") == b.get("attribution_verb")),
    }


def _named(claim: dict) -> bool:
    return bool(claim.get("speaker")) and claim.get("speaker_kind") not in (None, "outlet")


def probabilities(values: dict[str, float], fitted: dict | None = None) -> dict[str, float]:
    """Softmax of the fitted linear scores (the shipped weights unless ``fitted`` is given).  Plain
    Python: numpy costs more than it saves on 18 numbers, and this runs for every pair compared at ingest."""
    fitted = fitted or weights()
    vector = [values[name] for name in fitted["features"]]
    scores = [intercept + sum(map(operator.mul, row, vector))
              for row, intercept in zip(fitted["coef"], fitted["intercept"])]
    top = max(scores)
    exps = [math.exp(score - top) for score in scores]
    return {label: e / sum(exps) for label, e in zip(fitted["classes"], exps)}


def verdict(probability: dict[str, float], thresholds: dict[str, float],
            values: dict[str, float] | None = None) -> str | None:
    """"conflicts" or "corroborates" when its probability clears its threshold, else None (related).

    Never a weighed conflict between two negations (``values``' negation_both): "no data left our
    servers" and « aucune donnée n'a été exfiltrée » deny one thing; soft signs cannot tell two
    denials that agree from two that differ, and a false conflict costs the desk's trust."""
    conflict, support = probability.get("conflicts", 0.0), probability.get("corroborates", 0.0)
    both_negate = bool(values and values.get("negation_both"))
    if conflict >= thresholds["conflicts"] and conflict >= support and not both_negate:
        return "conflicts"
    return "corroborates" if support >= thresholds["corroborates"] else None


def _reason(label: str, values: dict[str, float], probability: float) -> str:
    """The features that weighed most for the label, in words."""
    fitted = weights()
    row = fitted["coef"][fitted["classes"].index(label)]
    pull = sorted(((w * values[name], name) for w, name in zip(row, fitted["features"])), reverse=True)
    named = [FEATURES[name] for contribution, name in pull[:3] if contribution > 0]
    verdict = "conflict" if label == "conflicts" else "corroboration"
    return f"weighed as a {verdict} ({probability:.0%}): {'; '.join(named)}"


def weigh(a: dict, b: dict, similarity: float, codes: tuple[str, ...] = ()) -> Signal | None:
    """A conflict or support Signal when the soft signs weigh clearly for one (above its fitted
    threshold); None when the pair stays "related"."""
    values = features(a, b, similarity, codes)
    probability = probabilities(values)
    label = verdict(probability, weights()["thresholds"], values)
    if label is None:
        return None
    kind, code = ("conflict", "weighed_conflict") if label == "conflicts" else ("support", "weighed_support")
    return Signal(kind, code, round(probability[label], 2), _reason(label, values, probability[label]))
