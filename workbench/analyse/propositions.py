"""Propositions: what a claim asserts or denies, beyond figures, control and blame for an attack.

Most conflicts in real coverage carry no number: a company denies what a laboratory found, a
ministry says the dead were rioters and a court that the boy was coming home from school, a port
chief says no warning reached him and the inquiry that it did, a lawyer calls the report biased.
Each such question is a *family* (``preventable``, ``warned``, ``live_fire``, ``tear_gas``,
``overloaded``, ``detained``, ``victims_civilian``, ``finding_stands``, ``fraud``, ``ransom_paid``,
``freed_by_force``, ``inspected``) with the words that
assert it and the words that assert its opposite, in ``lexicon/en|fr/propositions.py``.  A
sentence takes a side when its cues agree; a negation before a cue turns it round ("at no time
did our forces use live ammunition", « n'avaient fait usage d'aucune arme létale »); a sentence
whose cues disagree takes no side.  Two claims of one incident on opposite sides conflict, on
the same side corroborate (``relate.stance``).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..lexicon.en import propositions as en
from ..lexicon.fr import propositions as fr
from ..text.patterns import strip_accents

__all__ = ["Stance", "stances", "FAMILIES", "SIDES", "documents", "negated"]


@dataclass(frozen=True)
class Stance:
    family: str  # the question, a code from FAMILIES
    holds: bool  # True: the sentence asserts it; False: its opposite
    phrase: str  # the words that say so, as written


# what each side of a family says, for the reasons people read
SIDES = {
    "preventable": ("it could have been prevented", "nature or fate was to blame"),
    "warned": ("a warning or order was given", "no warning or order was given"),
    "live_fire": ("live fire was used", "no live fire was used"),
    "tear_gas": ("tear gas was used", "no tear gas was used"),
    "overloaded": ("it was over capacity", "it was within capacity"),
    "detained": ("the person is held", "the person is free"),
    "victims_civilian": ("the dead were civilians", "the dead were fighters or rioters"),
    "finding_stands": ("the finding or ruling", "a rejection of it"),
    "fraud": ("the vote was rigged", "the vote was clean"),
    "ransom_paid": ("a ransom was paid", "no ransom was paid"),
    "freed_by_force": ("they were freed by force", "their captors let them go"),
    "inspected": ("it was inspected", "it was never inspected"),
}
FAMILIES = tuple(SIDES)
NEEDS_NAME = {"detained"}  # a person is held or free: only about the same named person


def _alternation(patterns) -> re.Pattern | None:
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b") if patterns else None


_CUES = {family: {side: _alternation(en.PROPOSITIONS[family][side] + fr.PROPOSITIONS[family][side])
                  for side in ("yes", "no")} for family in FAMILIES}
_NEGATOR = re.compile(rf"\b(?:{en.NEGATORS}|{fr.NEGATORS})\b|n't\b")
_ABSOLUTE = re.compile(rf"\b(?:{en.ABSOLUTES}|{fr.ABSOLUTES})\b")
_NARROW_NEGATOR = re.compile(r"\b(?:not|never|pas|jamais)\b|n't\b")
_STARTS_NEGATED = re.compile(r"(?:no|not|never|without|aucune?|sans|jamais|ni)\b")
_VICTIMS = re.compile(rf"\b(?:{en.VICTIMS}|{fr.VICTIMS})\b")
_CLAUSE_END = re.compile(r"[;:.!?]|\bbut\b|\bmais\b")
WIDE, NARROW = 10, 3  # words before a cue searched for a negation: for a cue that asserts, for one that denies

_DOCUMENT_FAMILIES = {
    "inquiry": r"reports?|rapports?|inquiry|enquete|commission|investigat\w*|findings|conclusions|constats?|probe",
    "court": r"verdict|ruling|judg(?:e)?ment|jugement|courts?|cour|tribunal|sentenced|condamn\w*|convicted|coupables?|"
             r"judges?|juges?|prosecut\w*",
    "observers": r"mission|observers?|observateurs?|monitors?",
}
_DOCUMENT_RX = {name: re.compile(rf"\b(?:{pattern})\b") for name, pattern in _DOCUMENT_FAMILIES.items()}


def _fold(text: str) -> str:
    return strip_accents(text).encode("ascii", "ignore").decode("ascii")


@functools.lru_cache(maxsize=65536)
def negated(text: str) -> bool:
    """The sentence holds a negation or a rejection anywhere ("no warning", « n'a jamais », "denied"):
    a weak sign, weighed beside others by ``relate.combine``, that it takes the other side of a question."""
    return _NEGATOR.search(_fold(text).lower()) is not None


@functools.lru_cache(maxsize=65536)
def absolute(text: str) -> bool:
    """The sentence speaks in absolutes ("all were adults", « aucun otage »): the shape a denial or a
    contested account takes, a weak sign weighed by ``relate.combine``."""
    return _ABSOLUTE.search(_fold(text).lower()) is not None


def _words_before(folded: str, at: int, count: int) -> str:
    """The words of the same clause before a cue, at most ``count``."""
    before = folded[:at]
    ends = list(_CLAUSE_END.finditer(before))
    if ends:
        before = before[ends[-1].end():]
    return " ".join(before.split()[-count:])


def _side(folded: str, match: re.Match, asserts: bool) -> bool:
    """Which side one cue takes once a negation before it is read."""
    if asserts:
        return not _NEGATOR.search(_words_before(folded, match.start(), WIDE))
    if _STARTS_NEGATED.match(match.group(0)):
        return False
    return bool(_NARROW_NEGATOR.search(_words_before(folded, match.start(), NARROW)))


def _family_stance(family: str, folded: str, text: str) -> Stance | None:
    sides = []
    for side, asserts in (("yes", True), ("no", False)):
        pattern = _CUES[family][side]
        for match in pattern.finditer(folded) if pattern else ():
            as_written = text[match.start():match.end()] if len(text) == len(folded) else match.group(0)
            sides.append((_side(folded, match, asserts), as_written))
    if not sides or len({holds for holds, _ in sides}) > 1:
        return None  # no cue, or cues on both sides: the sentence takes no side
    return Stance(family, sides[0][0], sides[0][1])


@functools.lru_cache(maxsize=65536)
def stances(text: str) -> tuple[Stance, ...]:
    """The sides a sentence takes, one per family it speaks to."""
    folded = _fold(text)
    found = []
    for family in FAMILIES:
        if family == "victims_civilian" and not _VICTIMS.search(folded):
            continue  # who the dead were: only where the sentence speaks of the dead
        stance = _family_stance(family, folded, text)
        if stance and not (family == "finding_stands" and not stance.holds and not documents(text)):
            found.append(stance)
    return tuple(found)


@functools.lru_cache(maxsize=65536)
def documents(text: str) -> frozenset[str]:
    """Which kinds of document or ruling a sentence speaks of: inquiry, court, observers."""
    folded = _fold(text)
    return frozenset(name for name, pattern in _DOCUMENT_RX.items() if pattern.search(folded))
