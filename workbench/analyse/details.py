"""Details: the small exact things two reports of one incident share when they tell the same
thing — a clock time, a quantity that is not a toll, a sentence in years.

A French report quoting an English one shares no words with it, and an English-only embedding
puts them far apart; but "340 tonnes", "at about 1 p.m." / « vers 13h00 », "12 years" /
« douze ans » survive translation.  Tolls are left to the figures (``relate.stance``), years and
days of the month to the dates: every report of an incident repeats those.
"""
from __future__ import annotations

import functools
import re

from .figures import parse_number
from ..lexicon.en import figures as en_figures
from ..lexicon.fr import figures as fr_figures
from ..text.patterns import strip_accents

__all__ = ["details", "clock_times", "quantities"]

_MONTH = rf"(?:{'|'.join(en_figures.MONTHS.split() + fr_figures.MONTHS.split())})"
_CLOCK_EN = re.compile(r"\b(\d{1,2})(?:[.:](\d{2}))? ?([ap])\.? ?m\b\.?")
_CLOCK_FR = re.compile(r"\b(\d{1,2}) ?h ?(\d{2})?\b|\b(\d{1,2}) heures(?: (\d{2}))?\b")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ ,.\u202f\u00a0]\d{3})+|\d+(?:[.,]\d+)?)(?![\w])")
_MONTH_AFTER = re.compile(rf"^\W{{0,2}}(?:er )?{_MONTH}\b", re.IGNORECASE)   # "9 March", « 1er mars »
_MONTH_BEFORE = re.compile(rf"\b{_MONTH}\W{{0,2}}$", re.IGNORECASE)          # "March 9"
_SENTENCE = re.compile(r"\b(\w+(?:-\w+)?) (?:years?|ans) (?:in prison|of prison|in jail|de prison|de reclusion|"
                       r"d'emprisonnement|de detention)\b")


def _minutes(hour: str, minute: str | None, half: str | None = None) -> int | None:
    h, m = int(hour), int(minute or 0)
    if half:
        h = h % 12 + (12 if half == "p" else 0)
    return h * 60 + m if h < 24 and m < 60 else None


@functools.lru_cache(maxsize=65536)
def clock_times(text: str) -> frozenset[str]:
    """Clock times a sentence gives, as "HH:MM" ("1 p.m." and « 13h00 » alike)."""
    folded = strip_accents(text)
    found = {_minutes(m.group(1), m.group(2), m.group(3)) for m in _CLOCK_EN.finditer(folded)}
    for m in _CLOCK_FR.finditer(folded):
        found.add(_minutes(m.group(1), m.group(2)) if m.group(1) else _minutes(m.group(3), m.group(4)))
    return frozenset(f"{t // 60:02d}:{t % 60:02d}" for t in found if t is not None)


@functools.lru_cache(maxsize=65536)
def quantities(text: str, toll_numbers: frozenset[int] = frozenset()) -> frozenset[str]:
    """Numbers a sentence states that are neither tolls, years, days of a month nor clock times."""
    folded = strip_accents(text)
    clock_spans = [m.span() for rx in (_CLOCK_EN, _CLOCK_FR) for m in rx.finditer(folded)]
    found = set()
    for m in _NUMBER.finditer(folded):
        if any(start <= m.start() < end for start, end in clock_spans):
            continue
        raw = m.group(1)
        value = re.sub(r"[ ,.\u202f\u00a0](?=\d{3}\b)", "", raw).replace(",", ".")
        try:
            number = float(value)
        except ValueError:
            continue
        if (1900 <= number <= 2100 and "." not in value) or (number < 10 and number == int(number)) or \
                number in toll_numbers or \
                _MONTH_AFTER.search(folded[m.end():m.end() + 12]) or _MONTH_BEFORE.search(folded[max(0, m.start() - 12):m.start()]):
            continue
        found.add(f"{number:g}")
    for m in _SENTENCE.finditer(folded):
        years = parse_number(m.group(1))
        if years:
            found.add(f"{years:g} years")
    return frozenset(found)


def details(text: str, toll_numbers: frozenset[int] = frozenset()) -> frozenset[str]:
    """Clock times and quantities together: what two tellings of one thing would share."""
    return clock_times(text) | quantities(text, toll_numbers)
