"""Stage 3 — detect claims: is a sentence checkable, and what kind of claim is it?

A fact-checker's queue must hold what can be checked — a toll, who holds the
airport, who claimed the attack, what happened where — and not the headings,
rhetoric and history that fill the rest of a report.  Each sentence gets a
check-worthiness score in [0, 1] from transparent cues (figures, claim
keywords, an attributed speaker, named entities; minus background and
rhetoric), and a claim type that routes it to the right comparison later.

Weights (added to a base of 0.20, then clipped):
  +0.30 a figure about people (killed, injured, arrested…), +0.10 another figure
  +0.25 a casualty, control or responsibility cue; +0.15 an event cue
  +0.15 attributed to someone other than the outlet; +0.05 if hedged
  +0.05 per named entity (up to 0.15); +0.10 a date or year (a specific, checkable detail)
  -0.35 rhetorical or opinion cue ("highlight", "remains a … battle", a question)
  -0.30 fewer than six words
A sentence is a claim at 0.35 or more.  Background (history, "since 2015")
is checkable, so it stays a claim, but its score is capped at 0.5: it is
never as urgent as a toll or a control claim.  Headings are never claims.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import CLAIM_TYPES, Figure
from ..text.patterns import Caseless
from .attribution import Attribution

__all__ = ["CLAIM_TYPES", "Assessment", "assess", "CLAIM_THRESHOLD"]

CLAIM_THRESHOLD = 0.35
_PEOPLE_KINDS = {"killed", "injured", "arrested", "attackers_killed", "displaced"}


def _cue(*patterns: str) -> Caseless:
    """A case-insensitive cue family, searched over the lower-cased sentence (faster, same spans)."""
    return Caseless(r"(?:" + "|".join(patterns) + r")")


_CASUALTY = _cue(
    r"\b(?:killed|killing|dead|deaths?|died|dying|wounded|injur(?:ed|ies)|casualt(?:y|ies)|"
    r"death toll|toll|(?<!international )(?<!governing )(?<!regional )bodies|fatalit(?:y|ies)|lives|massacred?|executed|hospitali[sz]ed|"
    r"taken to (?:a )?hospitals?|ambulances?)\b",
    r"\b(?:morts?|tués?|tuées?|blessés?|victimes?|bilan|pertes|décès|décédés?|cadavres|corps|"
    r"hospitalisés?|hôpita(?:l|ux)|ambulances?)\b",
)
_CONTROL = _cue(
    r"\bunder (?:(?:their|its|his|our|the army's|military|full|total) )?(?:control|authority)\b",
    r"\b(?:seiz(?:e|ed|ing)|captur(?:e|ed|ing)|overr(?:an|un)|took (?:over|control)|taken (?:over|control)|"
    r"in the hands of|fell to|fallen|retook|retaken|recaptured?|repelled|repulsed|regained|holds?|"
    r"held|(?<!to )control(?:s|led|ling)? (?:of |the )|stormed)\b",
    r"\b(?:sous (?:leur |son |notre )?contrôle|pris le contrôle|prise? de|s'(?:est|sont) emparés?|"
    r"contrôlent|contrôle|tomb(?:é|ée|és)e? aux mains|repouss(?:é|ée|és|ées)|repris|maîtris(?:é|ée)e?)\b",
    r"\b(?:n'(?:est|a|ont|sont) (?:jamais |pas )(?:été )?tomb\w*|never fell|(?:has|had|have) not fallen|did not fall|"
    r"(?:has|have|had) fallen|fell)\b",
)
_RESPONSIBILITY = _cue(
    r"\b(?:claim(?:ed|s|ing)? responsibility|responsib(?:le|ility)|behind the (?:attack|assault|bombing)|"
    r"attributed to|blam(?:ed|es|ing)|carried out by|perpetrat(?:ed|ors?))\b",
    r"\b(?:revendiqu(?:é|ée|e|ent|ait)|revendication|responsabilité|attribu(?:é|ée)e?|imput(?:é|ée)e?)\b",
    r"\bresponsables? (?:de|du|des) (?:l'attaque|l'attentat|l'assaut|cette attaque|ces attaques|massacre)",
)
_EVENT = _cue(
    r"\b(?:attack(?:ed|s|ing)?|assault(?:ed)?|struck|strikes?|hit|targeted|explosions?|blasts?|gunfire|"
    r"firefights?|clashes|clashed|fighting|shelling|shelled|ambush(?:ed)?|bomb(?:ed|ing)|raided?|"
    r"entered|advanced|fled|evacuated|closed|suspended|arrested|detained|deployed|curfew|gunmen)\b",
    r"\b(?:attaqu(?:e|é|ée|és|es|ent)|assaut|frappé|ciblé|explosions?|tirs|affrontements?|combats|"
    r"embuscade|entrés?|fui|évacué|fermé|suspendu|arrêtés?|interpellés?|couvre-feu|assaillants)\b",
)
_BACKGROUND = _cue(
    r"\bfor (?:more than |over |nearly |almost )?(?:a|one|two|three|\w+|\d+) (?:decades?|years)\b",
    r"\b(?:since|in) (?:19|20)\d\d\b(?! ?(?:on|at))", r"\bin recent years\b", r"\bover the past\b",
    r"\bhas long\b", r"\bhistorically\b", r"\b(?:was )?(?:formed|founded|created) in\b",
    r"\bdepuis (?:plus d[e'] ?)?(?:\w+ |\d+ )?(?:ans|années|décennies?)\b", r"\bdepuis (?:19|20)\d\d\b",
    r"\bces dernières années\b", r"\bau cours des dernières années\b",
    r"\b(?:est |a été )?(?:né|née|créé|créée|fondé|fondée|formé|formée) en (?:19|20)\d\d\b",
)
_COUP = _cue(r"\b(?:seized|took|came to|taken|seize) power\b", r"\bcoups?(?: d['’]état)?\b",
             r"\bprise? du pouvoir\b")
_REFERS_BACK = _cue(
    r"^(?:\w+, )?(?:these|those|the|this|that|such) (?:assertions?|claims?|allegations?|reports?|figures?|"
    r"statements?|accounts?|numbers?|tolls?)\b",
    r"^(?:\w+, )?(?:ces|cette|cet|ce|les|la|le) (?:affirmations?|revendications?|allégations?|informations?|"
    r"chiffres?|bilans?|déclarations?)\b",
)
_RHETORIC = _cue(
    r"\b(?:highlights?|underscores?|underlines?|illustrates?|remains? an? (?:\w+ )?(?:battle|danger|challenge|"
    r"threat|problem)|ultimately|it is clear|only time will tell|one thing is certain|grave danger)\b",
    r"\?\s*$", r"!\s*$", r"\b(?:we|our|us)\b",
    r"\b(?:reste un (?:\w+ )?(?:défi|combat|danger)|souligne|illustre|en définitive)\b",
)
_DATE = _cue(r"\b(?:1[89]|20)\d\d\b", r"\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|avr|"
             r"mai|juin|juil|août|sept|déc)\w*", r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
             r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b")
_CAPITALISED = re.compile(r"[A-ZÀ-Ý][\w’'-]+")


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
    return {name: pattern.search(text) is not None for name, pattern in (
        ("casualty", _CASUALTY), ("responsibility", _RESPONSIBILITY), ("control", _CONTROL),
        ("background", _BACKGROUND), ("event", _EVENT), ("coup", _COUP), ("rhetoric", _RHETORIC),
        ("date", _DATE), ("refers_back", _REFERS_BACK))}


def _claim_type(cues: dict, figures: list[Figure], attributed: bool, previous_type: str | None) -> str:
    """The first matching type wins: specific beats generic.

    A sentence about an earlier claim ("These assertions could not be
    verified") takes that claim's type, so the hedge lands with its subject.
    """
    people_figures = any(figure.kind in _PEOPLE_KINDS - {"arrested", "displaced"} for figure in figures)
    if people_figures or cues["casualty"]:
        return "casualty"
    if cues["responsibility"]:
        return "responsibility"
    if previous_type and cues["refers_back"]:
        return previous_type
    if cues["coup"]:
        return "background"
    if cues["control"]:
        return "control"
    if cues["background"]:
        return "background"
    if cues["event"] or figures:
        return "event"
    return "statement" if attributed else "other"


def _score(text: str, cues: dict, figures: list[Figure], attribution: Attribution) -> float:
    score = 0.20
    if any(figure.kind in _PEOPLE_KINDS for figure in figures):
        score += 0.30
    elif figures:
        score += 0.10
    if cues["casualty"] or cues["control"] or cues["responsibility"]:
        score += 0.25
    elif cues["event"]:
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
    if len(text.split()) < 6:
        score -= 0.30
    return round(min(1.0, max(0.0, score)), 3)


def assess(text: str, figures: list[Figure], attribution: Attribution, is_heading: bool = False,
           previous_type: str | None = None) -> Assessment:
    """Check-worthiness and type of one sentence, given its figures, attribution and the type
    of the claim before it in the article."""
    if is_heading:
        return Assessment(False, "other", 0.0)
    text = text[:5000]  # cues sit near the start; bound the work on pathological input
    cues = _cues(text)
    score = _score(text, cues, figures, attribution)
    attributed = attribution.speaker_kind != "outlet"
    claim_type = _claim_type(cues, figures, attributed, previous_type)
    if claim_type == "background":
        score = min(score, 0.5)  # history is checkable, but never urgent
    return Assessment(score >= CLAIM_THRESHOLD, claim_type, score)
