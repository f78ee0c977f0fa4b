"""Stage 3 — detect claims: is a sentence checkable, and what kind of claim is it?

A fact-checker's queue must hold what can be checked — a toll, who holds the
airport, who claimed the attack, what an inquiry found, what happened where,
what state things are in — and not the headings, rhetoric and atmosphere that
fill the rest of a report.  Recall comes first: a non-claim shown with a low
check-worthiness costs a glance, a dropped claim is invisible forever.  So a
sentence is a claim unless it is a heading, a question or exclamation,
commentary or exhortation with nothing checkable in it, atmosphere, a remark
that an earlier claim could not be verified, or a verbless tagline; every
claim keeps an honest check-worthiness score in [0, 1] that ranks the queue.

Weights (added to a base of 0.20, then clipped):
  +0.30 a figure about people (killed, injured, missing…), +0.10 another figure
  +0.25 a casualty, control, responsibility or finding cue; +0.15 an event or speech-act cue
  +0.15 attributed to someone other than the outlet; +0.05 if hedged
  +0.05 per named entity (up to 0.15); +0.10 a date or time (a specific, checkable detail)
  -0.35 commentary ("highlight", "remains a … battle"); -0.10 first person ("we")
  -0.30 fewer than six words
Background (history, "since 2015") is checkable, so it stays a claim, but its
score is capped at 0.5: it is never as urgent as a toll or a control claim.
The cue words are data: ``lexicon/en/claims.py`` and ``lexicon/fr/claims.py``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import CLAIM_TYPES, Figure
from ..lexicon.en import claims as en_claims
from ..lexicon.fr import claims as fr_claims
from ..text.patterns import Caseless
from .attribution import Attribution
from .claim_types import READ_TYPES, read_type, signs

__all__ = ["CLAIM_TYPES", "Assessment", "assess", "type_reading"]

# kinds whose figures make a sentence a casualty claim (arrests are events)
_PEOPLE_KINDS = {"killed", "injured", "attackers_killed", "displaced", "missing", "abducted", "bodies_recovered", "buried",
                 "casualties", "cases"}


def _cue(*patterns: str) -> Caseless:
    """A case-insensitive cue family, searched over the lower-cased sentence (faster, same spans)."""
    return Caseless(r"(?:" + "|".join(patterns) + r")")


_CUES = {name: _cue(*en_claims.CUES[name], *fr_claims.CUES[name]) for name in en_claims.CUES}
_QUESTION = re.compile(r"\?\s*(?:[»”\"'’)]|$)")
_CAPITALISED = re.compile(r"[A-ZÀ-Ý][\w’'-]+")
_FEW_WORDS = 8  # a verbless line this short is a tagline or a caption, not a claim


def _entity_count(text: str) -> int:
    """Capitalised words after the first: a cheap stand-in for named entities."""
    return sum(1 for word in text.split()[1:40] if _CAPITALISED.match(word.lstrip("“\"'«(")))


@dataclass(frozen=True)
class Assessment:
    is_claim: bool
    claim_type: str
    checkworthiness: float


def _cues(text: str) -> dict[str, bool]:
    """Which cue families the sentence carries, each regex run once."""
    return {name: pattern.search(text) is not None for name, pattern in _CUES.items()}


def _claim_type(cues: dict, figures: list[Figure], attributed: bool, previous_type: str | None) -> str:
    """The first matching type wins: specific beats generic.

    A sentence about an earlier claim ("These assertions were denied") takes
    that claim's type, so what it says lands with its subject.
    """
    if any(figure.kind in _PEOPLE_KINDS for figure in figures) or cues["casualty"]:
        return "casualty"
    if cues["responsibility"]:
        return "responsibility"
    if cues["finding"]:
        return "finding"
    if previous_type and cues["refers_back"]:
        return previous_type
    if cues["coup"]:
        return "background"
    if cues["control"]:
        return "control"
    if cues["background"]:
        return "background"
    return _plain_type(cues, figures, attributed)


def _plain_type(cues: dict, figures: list[Figure], attributed: bool) -> str:
    """A sentence without a toll, control, responsibility or finding: a speech act, an event, or a state."""
    if cues["speech_act"]:
        return "statement"
    if cues["state"]:
        return "condition"
    if cues["event"] or figures:
        return "event"
    if cues["condition"]:
        return "condition"
    if attributed:
        return "statement"
    return "event" if cues["past_action"] else "condition"


def _score(text: str, cues: dict, figures: list[Figure], attribution: Attribution) -> float:
    score = 0.20
    if any(figure.kind in _PEOPLE_KINDS for figure in figures):
        score += 0.30
    elif figures:
        score += 0.10
    if cues["casualty"] or cues["control"] or cues["responsibility"] or cues["finding"]:
        score += 0.25
    elif cues["event"] or cues["speech_act"]:
        score += 0.15
    if attribution.speaker_kind != "outlet":
        score += 0.15
    if attribution.hedged:
        score += 0.05
    score += min(0.15, 0.05 * _entity_count(text))
    if cues["date"]:
        score += 0.10
    if cues["rhetoric"]:
        score -= 0.35
    if cues["first_person"]:
        score -= 0.10
    if len(text.split()) < 6:
        score -= 0.30
    return round(min(1.0, max(0.0, score)), 3)


def _not_a_claim(text: str, cues: dict, figures: list[Figure], attribution: Attribution) -> bool:
    """Nothing here to check: a question, commentary, exhortation, atmosphere, a remark that an
    earlier claim could not be verified, or a verbless tagline."""
    checkable = bool(figures) or any(cues[name] for name in ("casualty", "control", "responsibility", "finding"))
    if _QUESTION.search(text) or text.rstrip().endswith("!"):
        return True
    if (cues["rhetoric"] or cues["exhortation"] or cues["atmosphere"] or cues["generic"]) and not checkable:
        return True
    if cues["refers_back"] and attribution.hedged and not figures and len(text.split()) <= 12:
        return True  # "Their claims could not be independently verified."
    words = len(text.split())
    return words < 4 or (words < _FEW_WORDS and not checkable and not cues["verb"] and not cues["past_action"])


def type_reading(text: str, figures: list[Figure], attribution: Attribution,
                 previous_type: str | None = None) -> tuple[str, set[str]]:
    """The rules' type of a claim sentence and the signs the fitted reading weighs: what
    ``bench/fit_types.py`` fits the reading on."""
    text = text[:5000]
    cues = _cues(text)
    rule_type = _claim_type(cues, figures, attribution.speaker_kind != "outlet", previous_type)
    return rule_type, signs(text, rule_type, cues, {figure.kind for figure in figures}, attribution)


def assess(text: str, figures: list[Figure], attribution: Attribution, is_heading: bool = False,
           previous_type: str | None = None) -> Assessment:
    """Check-worthiness and type of one sentence, given its figures, attribution and the type
    of the claim before it in the article."""
    if is_heading:
        return Assessment(False, "other", 0.0)
    text = text[:5000]  # cues sit near the start; bound the work on pathological input
    cues = _cues(text)
    score = _score(text, cues, figures, attribution)
    claim_type = _claim_type(cues, figures, attribution.speaker_kind != "outlet", previous_type)
    if claim_type in READ_TYPES:  # which of the everyday five: what is reported, read by the fitted weights
        claim_type = read_type(signs(text, claim_type, cues, {figure.kind for figure in figures}, attribution))
    if claim_type == "background":
        score = min(score, 0.5)  # history is checkable, but never urgent
    if _not_a_claim(text, cues, figures, attribution):
        return Assessment(False, "other", score)
    return Assessment(True, claim_type, score)
