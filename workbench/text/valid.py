"""Valid text before anything is stored: the one repair every entry point applies.

claims.db is read by pages, exports and other tools, so one bad character
stored once breaks each of them for everyone: a lone surrogate (a JSON
``"\\udc80"`` escape, a file name Python decoded with ``surrogateescape``)
cannot be encoded as UTF-8, so the claim page and the CSV export fail on
it; a NUL or another control character comes out raw in HTML and CSV and
truncates strings in C tools.  So every value that reaches the store —
article text and metadata from files, the JSON API, pasted and uploaded
reports, fact-check imports, notes, evidence, labels — passes through
``valid_text`` first.  Nothing is refused for it: the report is still
worth storing, so bad characters are repaired and counted (the ingest
result reports the count), never silently lost with the report.

* Unencodable code points — lone surrogates, and the noncharacters (U+FFFE,
  U+FFFF, U+FDD0–U+FDEF and each plane's last two), which XML and so the
  HTML reader refuse — become U+FFFD; a surrogate *pair* becomes the one
  character it encodes.
* Line breaks are normalised to ``\\n`` (``\\r\\n``, ``\\r``, vertical tab,
  form feed, NEL): not repairs, not counted.
* Other control characters (C0 except tab and newline, DEL, C1) are removed.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["REPLACEMENT", "valid_text", "valid", "valid_data", "is_http_url"]

REPLACEMENT = "\ufffd"
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_LINE_BREAKS = ("\r\n", "\r", "\x0b", "\x0c", "\x85")  # in this order: "\r\n" is one break
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Everything that is fine, as a negated class: a class listing the astral noncharacters themselves
# scans ten times slower (0.4 s for 10 MB), and this check runs on every report.
_ALLOWED = "\t\n -~\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd" + "".join(
    f"{chr(plane << 16)}-{chr(plane << 16 | 0xFFFD)}" for plane in range(1, 17))
_NOT_ALLOWED = re.compile(f"[^{_ALLOWED}]")


def _joined_pair(match: re.Match) -> str:
    high, low = (ord(char) for char in match.group())
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def valid_text(text: str) -> tuple[str, int]:
    """``text`` as valid Unicode without control characters, and how many characters were
    replaced or removed (line-break normalisation is not counted)."""
    if not _NOT_ALLOWED.search(text):  # the common case: one scan, no copy
        return text, 0
    text, paired = _PAIR.subn(_joined_pair, text)
    for line_break in _LINE_BREAKS:  # str.replace: ten times faster than a regex on CRLF text
        if line_break in text:
            text = text.replace(line_break, "\n")
    text, removed = _CONTROL.subn("", text)
    text, replaced = _NOT_ALLOWED.subn(REPLACEMENT, text)  # what is left cannot be encoded
    return text, paired + removed + replaced


def valid(value):
    """``valid_text`` of a string without the count; anything else (None, numbers) as it is."""
    return valid_text(value)[0] if isinstance(value, str) else value


def valid_data(value) -> tuple[object, int]:
    """A parsed JSON value (dicts, lists, strings…) with every string and key made valid, and the count."""
    if isinstance(value, str):
        return valid_text(value)
    if isinstance(value, list):
        items = [valid_data(item) for item in value]
        return [item for item, _ in items], sum(count for _, count in items)
    if isinstance(value, dict):
        pairs = [(valid_data(key), valid_data(item)) for key, item in value.items()]
        return {key: item for (key, _), (item, _) in pairs}, sum(a + b for (_, a), (_, b) in pairs)
    return value, 0


def is_http_url(value) -> bool:
    """An absolute http(s) URL with a host and no whitespace or control characters: the only kind
    stored as an article's, a fact-check's or an evidence link (``javascript:`` would run when clicked)."""
    if not isinstance(value, str) or not value or len(value) > 2000 or _NOT_ALLOWED.search(value):
        return False
    if any(char.isspace() for char in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
