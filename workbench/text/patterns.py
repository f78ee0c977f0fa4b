"""Text matching the analysers share: one character folding and fast case-insensitive patterns.

Used by speakers, attribution, figures, claims and frames; data-free, so any stage may import it.
Stdlib ``re`` only; every helper keeps offsets, so callers report phrases exactly as written.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

__all__ = ["fold", "strip_accents", "without_accents", "Caseless", "split_alternatives", "by_first_character", "bounded", "Alternation"]

# One-char-for-one-char folding: offsets in folded text equal offsets in the
# original, so callers can report phrases exactly as they appear.
_FOLD = (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u02bf", "'"), ("`", "'"), ("\u00b4", "'"),
         ("\u201c", '"'), ("\u201d", '"'), ("\u00ab", '"'), ("\u00bb", '"'), ("\u00a0", " "), ("\u202f", " "),
         ("\u2009", " "), ("\u2013", "-"), ("\u2014", "-"))


def fold(text: str) -> str:
    """Straighten quotes/apostrophes and spaces without changing string length.

    One ``str.replace`` per character that occurs is ~50x faster than ``str.translate``
    with a dict; no replacement produces a character that is replaced again."""
    if text.isascii():
        return text.replace("`", "'")
    for char, plain in _FOLD:
        if char in text:
            text = text.replace(char, plain)
    return text


def strip_accents(text: str) -> str:
    """Lower case, straight apostrophes, accents dropped (« Ségou » → segou): one spelling of a word
    for English and French text, for comparing words (not for offsets: the length may change)."""
    return without_accents(text.lower().replace("\u2019", "'"))


def without_accents(text: str) -> str:
    """Accents dropped, case kept, where case still tells words apart ("May" the month, "may" the verb)."""
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


# --- fast matching (also used by attribution and figures) --------------------------------
# ``re`` cannot skip alternatives by their first letter under re.IGNORECASE, so a big
# case-insensitive alternation is tried branch by branch at every position.  The same pattern
# compiled case-sensitively and run over ``text.lower()`` finds exactly the same spans (lower()
# keeps offsets) — except around the three characters below: İ changes length when lower-cased,
# and re.IGNORECASE matches ı to i and ſ to s.  A check over all of Unicode found no other
# difference for the letters, classes and escapes these patterns use.
_CASE_RISK = re.compile("[\u0130\u0131\u017f]")
_SYNTAX = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)|\(\?P<\w+>")  # escapes and group names: not text to match


@lru_cache(maxsize=8)
def _lowered(text: str) -> str | None:
    """``text.lower()``, or None when re.IGNORECASE must be used instead (cached: a sentence is
    searched by several patterns in a row)."""
    return None if _CASE_RISK.search(text) else text.lower()


_SPECIAL = set("\\[](){}|?*+.^$")
_OPTIONAL_HEAD = re.compile(r"\(\?:([^()|\\]+)\)\?(?![?+])(.*)", re.S)
_CLASS_HEAD = re.compile(r"\[([^\]\\^-]+)\](?![?*+{])(.*)", re.S)


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern: its '|' outside groups and character classes."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 1
        elif char == "[":  # skip the class; a ']' right after '[' is a literal
            i = pattern.index("]", i + 2)
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and not depth:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return parts + [pattern[start:]]


def _heads(alternative: str) -> list[tuple[str, str]] | None:
    """(first character, rest) ways to start ``alternative``; None if it has no plain first character."""
    optional = _OPTIONAL_HEAD.fullmatch(alternative)  # '(?:the )?x' tries 'the x', then 'x'
    if optional:
        spelt = [_heads(optional[1] + optional[2]), _heads(optional[2])]
        return None if None in spelt else spelt[0] + spelt[1]
    cls = _CLASS_HEAD.fullmatch(alternative)  # '[ée]tat' starts with 'é' or 'e'
    if cls:
        return [(char, cls[2]) for char in dict.fromkeys(cls[1])]
    if alternative and alternative[0] not in _SPECIAL and alternative[1:2] not in ("?", "*", "+", "{"):
        return [(alternative[0], alternative[1:])]
    return None


def by_first_character(alternatives: list[str]) -> str:
    """One alternation grouped by first character: 'mali|bamako|mopti' -> 'm(?:ali|opti)|b(?:amako)'.

    ``re`` tries alternatives one by one; grouped, a whole group is skipped when its first
    character differs.  Each group keeps its alternatives in their original order, and only
    one group can match at any position, so the same alternative wins as before.  Falls back
    to the plain alternation when some alternative has no plain first character."""
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        heads = _heads(alternative)
        if heads is None:
            return "|".join(alternatives)
        for char, rest in heads:
            groups.setdefault(char, []).append(rest)
    return "|".join(f"{char}(?:{'|'.join(rests)})" for char, rests in groups.items())


class Caseless:
    """A case-insensitive pattern that searches lower-cased text when that is exact.

    ``needles``: lower-case strings of which every match contains at least one; text
    holding none of them is not searched at all.  Matches may come from the lower-cased
    copy: use their offsets, not ``group()`` text."""

    def __init__(self, pattern: str, needles: tuple[str, ...] = ()):
        if any(c.isupper() for c in _SYNTAX.sub("", pattern)) or "(?-i" in pattern:
            raise ValueError("Caseless patterns must be lower case with no scoped flags")
        self.pattern, self._needles = pattern, needles
        self._ci, self._cs = re.compile(pattern, re.I), re.compile(pattern)

    def _pick(self, text: str) -> tuple[re.Pattern | None, str]:
        low = _lowered(text)
        if low is None:
            return self._ci, text
        if self._needles and not any(needle in low for needle in self._needles):
            return None, low
        return self._cs, low

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        rx, text = self._pick(text)
        return rx.search(text, pos, endpos) if rx else None

    def match(self, text: str, pos: int = 0) -> re.Match | None:
        rx, text = self._pick(text)
        return rx.match(text, pos) if rx else None

    def finditer(self, text: str, pos: int = 0):
        rx, text = self._pick(text)
        return rx.finditer(text, pos) if rx else iter(())


def bounded(pattern: str) -> str:
    """``pattern`` as whole words only."""
    return rf"(?<!\w)(?:{pattern})(?!\w)"


class Alternation:
    """Whole-word patterns of many table entries, found with one regex instead of one per entry.

    The alternatives keep table order, so at any position the same entry wins as if each
    entry were tried in turn; the entry is then named by the first one whose own pattern
    matches the found text (cached: the same few names recur)."""

    def __init__(self, entries: list[tuple[object, str]], caseless: bool):
        joined = bounded(by_first_character([alt for _, pattern in entries for alt in split_alternatives(pattern)]))
        self._rx = Caseless(joined) if caseless else re.compile(joined)
        self._entries = [(key, re.compile(bounded(pattern), re.I if caseless else 0)) for key, pattern in entries]
        self.key = lru_cache(maxsize=4096)(self._key)

    def _key(self, word: str):
        return next(key for key, rx in self._entries if rx.fullmatch(word))

    def hits(self, text: str) -> list[tuple[int, object, str]]:
        """(position, entry key, matched text as written) for every mention, in order."""
        found = [(m.start(), text[m.start():m.end()]) for m in self._rx.finditer(text)]
        return [(pos, self.key(word), word) for pos, word in found]
