"""Shares: the percentages an election story turns on — the turnout, and a candidate's or a
party's share of the vote.

"Turnout was 61%" against « la participation s'établit à 38 % », or "Mr Kabré won 54.3% of the
vote" against "Kabré was credited with 48 per cent", carry no toll and no word in common, yet
they are the conflict of the story.  A share is (subject, value): ``turnout`` or the folded
name the vote share belongs to, read only where the sentence says it is a share of votes or a
turnout, so that "54% of polling stations counted" is no one's score.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..text.patterns import strip_accents

__all__ = ["Share", "shares", "TOLERANCE"]

TOLERANCE = 1.0  # percentage points: 54.3 and 54 are the same share rounded, 54 and 48 are not

_PERCENT = re.compile(r"(?<![\w.,])(\d{1,2}(?:[.,]\d{1,2})?|100)\s?(?:%|per ?cent\b|percent\b|pour ?cent\b)")
_TURNOUT = re.compile(r"\b(?:turnout|participation|taux de participation)\b")
_VOTES = re.compile(r"\b(?:votes?|ballots|voix|suffrages|won|wins|obtained|received|secured|credited|obtient|obtenu|"
                    r"recueill\w*|remport\w*|credite\w*|score|elu\w*|elected)\b")
_NAME = re.compile(r"(?<![\w'-])([A-Z][\w'-]{2,})")
_NOT_NAMES = set("The A An In On At By For Of And But Le La Les Un Une Des Du Au Aux Selon According Mr Mrs Ms M Mme "
                 "President Président Candidate Candidat Party Parti Turnout Participation".split())
_WINDOW = 60  # characters before a percentage in which its subject is named


@dataclass(frozen=True)
class Share:
    subject: str  # "turnout", or the folded name of a candidate or party
    value: float  # in percent
    phrase: str   # as written


def _value(raw: str) -> float:
    return float(raw.replace(",", "."))


def _subject(folded: str, text: str, start: int) -> str | None:
    """Whose share a percentage is: the turnout, else the last name before it in its clause."""
    before = folded[max(0, start - _WINDOW):start]
    before = re.split(r"[;.]|\bwhile\b|\btandis\b|\bcontre\b|\bagainst\b", before)[-1]
    if _TURNOUT.search(before) or (_TURNOUT.search(folded) and not _VOTES.search(folded)):
        return "turnout"
    if not _VOTES.search(folded):
        return None
    original = text[max(0, start - _WINDOW):start] if len(text) == len(folded) else before
    names = [n for n in _NAME.findall(original[len(original) - len(before):]) if n not in _NOT_NAMES]
    return strip_accents(names[-1]) if names else None


@functools.lru_cache(maxsize=65536)
def shares(text: str) -> tuple[Share, ...]:
    """The turnout and vote shares a sentence states, in order."""
    folded = strip_accents(text)
    found = []
    for m in _PERCENT.finditer(folded):
        subject = _subject(folded, text, m.start())
        if subject:
            found.append(Share(subject, _value(m.group(1)), text[m.start():m.end()] if len(text) == len(folded)
                               else m.group(0)))
    return tuple(found)
