"""Does a report tell of a new incident of a story, or follow up the one already covered?

A story goes on for months: an inquiry, a trial and an anniversary piece follow up one attack,
and belong with it.  But a second kidnapping at another school of the same district, or a
second breakout from the same prison five weeks on, is another incident: its counts are of
other victims, and set against the first incident's they would read as conflicts.  Reporters
say which in the headline or the lead ("a second school", "another attack", "struck again",
« une nouvelle attaque »), so only the lead is read (``story.events`` decides the rest).
"""
from __future__ import annotations

import re
from datetime import date

from ..lexicon.en import incidents as en
from ..lexicon.fr import incidents as fr
from ..text.patterns import strip_accents, without_accents
from .segment import sentence_spans

__all__ = ["lead", "announces_new_incident", "tells_fresh_happening", "tells_own_day", "incident_month", "aside_spans",
           "LEAD_CHARS"]

LEAD_CHARS = 500  # the headline and the first sentence or two: where a report says what it is about


def lead(title: str | None, text: str) -> str:
    """The headline and the lead paragraph (the first of some length: bylines and datelines are
    shorter), where a report says what it is about; later paragraphs give background.  A plain-text
    report often repeats its headline as its first line, and a navigation bar ("Home | World |
    Sport") can survive cleaning: neither is the lead."""
    headline = (title or "").strip()
    paragraphs = [part.strip() for part in text[:4 * LEAD_CHARS].split("\n")
                  if part.strip() and part.strip() != headline and part.count("|") < 2]
    first = next((part for part in paragraphs if len(part) >= 80), paragraphs[0] if paragraphs else "")
    return f"{headline}\n{first}"[:LEAD_CHARS]


def _words(*tables: str) -> str:
    return "|".join(strip_accents(word) for table in tables for word in table.split())


_NEW = re.compile(rf"\b(?:{_words(en.ORDINALS, fr.ORDINALS)})\s+(?:[^\W\d]+\s+){{0,2}}?"
                  rf"(?:{_words(en.INCIDENTS, fr.INCIDENTS, en.SITES, fr.SITES)})\b")
_AGAIN = re.compile(rf"\b(?:{strip_accents(en.AGAIN)}|{strip_accents(' '.join(fr.AGAIN.split()))})\b")
# "a new school year", "the second day of the trial": an ordinal about time, not about the incident
_NOT_NEW = re.compile(r"\b(?:new|nouvel(?:le)?|nouveau)\s+(?:school\s+year|annee\s+scolaire|rentree)\b")


def announces_new_incident(text: str) -> bool:
    """Whether a lead (``lead``) presents what it reports as another incident of its kind."""
    folded = _NOT_NEW.sub(" ", strip_accents(text[:LEAD_CHARS]).lower())
    return bool(_NEW.search(folded) or _AGAIN.search(folded))


def _any(*patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for table in patterns for p in table) + r")\b")


_HAPPENED = _any(en.HAPPENED, fr.HAPPENED)
_RECENT = _any(en.RECENT, fr.RECENT)
_FOLLOW_UP = _any(en.FOLLOW_UP, fr.FOLLOW_UP)


def tells_own_day(text: str) -> bool:
    """Whether a sentence dates what it tells by its report's own days ("on Sunday night", « ce
    matin »): "fifteen inmates escaped on Sunday night, five weeks after the escape in May" tells of
    Sunday's escape, and names May only as background."""
    return bool(_RECENT.search(strip_accents(text).lower()))


def tells_fresh_happening(text: str) -> bool:
    """Whether a lead tells of something that happened in the last hours or days ("a landslide
    buried three houses at about 6.30 a.m.", « un train a déraillé lundi ») and is no follow-up of
    an incident already covered (no inquiry, trial, toll, "after", « depuis »).  ``story.events``
    reads it as a new incident only when its story began weeks before.  The follow-up words are
    looked for in the headline and the lead's first sentence: what comes after is background."""
    folded = strip_accents(text[:LEAD_CHARS]).lower()
    if not (_HAPPENED.search(folded) and _RECENT.search(folded)):
        return False
    headline, _, paragraph = folded.partition("\n")
    spans = sentence_spans(paragraph)
    opening = f"{headline}\n{paragraph[:spans[0][1]] if spans else paragraph}"
    return not _FOLLOW_UP.search(opening)  # background further on ("the toll of the March derailment") is no follow-up


_MONTHS = {name: number for number, names in enumerate(
    ["january janvier", "february fevrier", "march mars", "april avril", "may mai", "june juin", "july juillet",
     "august aout", "september septembre", "october octobre", "november novembre", "december decembre"], start=1)
    for name in names.split()}
# "the May escape", "in September 2024", « en mars dernier »; "May" only capitalised (the modal verb is not a month)
_MONTH = re.compile(r"\b(" + "|".join(name.title() if name == "may" else name for name in _MONTHS) + r")\b"
                    r"(?:\s+(?:de\s+l'annee\s+)?((?:19|20)\d\d))?", re.IGNORECASE)


def incident_month(text: str, published: date) -> tuple[int, int] | None:
    """The month of the incident a lead (``lead``) refers back to ("the inquiry into the May escape"),
    as (year, month); None when it names only its own month (a dateline, "on Sunday").
    A month after the publication month without a year is last year's ("last September")."""
    for match in _MONTH.finditer(without_accents(text[:LEAD_CHARS])):
        word = match.group(1)
        if word.lower() == "may" and word != "May":
            continue
        month = _MONTHS[word.lower()]
        year = int(match.group(2)) if match.group(2) else published.year - (month > published.month)
        if (year, month) != (published.year, published.month):
            return year, month
    return None


_ASIDE = re.compile(r"(?:" + "|".join(f"(?:{p})" for p in en.ASIDE + fr.ASIDE) + r")\b")


def aside_spans(text: str) -> list[tuple[int, int]]:
    """The paragraphs of a report that turn to another, unrelated happening ("Elsewhere in the
    province, a coach overturned…", « Ailleurs en Sélavie… »), as (start, end) offsets: a roundup
    tells two stories, and the second's claims are of other people and other places.  The paragraph
    that turns away; ``story.events`` decides which paragraphs after it keep to the other happening."""
    spans, start = [], 0
    for paragraph in text.split("\n"):
        end = start + len(paragraph)
        opening = strip_accents(paragraph.lstrip()[:40]).lower()
        if _ASIDE.match(opening):
            spans.append((start, end))
        start = end + 1
    return spans
