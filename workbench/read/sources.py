"""Reading what a fact-checker hands over: files, folders, JSON and JSONL.

Breaking-news input is messy: a folder of saved pages, a JSONL dump from a
scraper, a text file in Windows-1252.  Each input becomes an
``ArticleInput`` or an ``InputError`` naming the file (and line) and the
reason, so one bad file never stops the others and never reaches the store.
"""
from __future__ import annotations

import codecs
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

from ..model import MAX_UPLOAD_BYTES, MIB
from ..text.valid import is_http_url, valid, valid_text
from .clean import looks_like_html

__all__ = ["ArticleInput", "InputError", "SUPPORTED_SUFFIXES", "MAX_BYTES", "expand_paths",
           "read_path", "decode_bytes", "article_from_record", "checked_metadata", "normalise_date"]

SUPPORTED_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".json", ".jsonl", ".ndjson"}
MAX_BYTES = MAX_UPLOAD_BYTES
METADATA_KEYS = ("outlet", "url", "title", "published", "language")


@dataclass
class ArticleInput:
    """One article as received: raw text or HTML plus whatever metadata came with it.

    Made valid Unicode on arrival (``text.valid``), whoever builds it — a file, the JSON API, a
    pasted report, the CLI — so no stage after it ever sees a lone surrogate or a NUL;
    ``replaced`` counts the characters repaired, and the note says so."""

    text: str
    source: str
    is_html: bool = False
    metadata: dict = field(default_factory=dict)  # outlet, url, title, published, language
    note: str | None = None  # e.g. "decoded as cp1252"
    replaced: int = 0  # characters replaced or removed to make the input valid (``text.valid``)

    def __post_init__(self):
        self.text, in_text = valid_text(self.text)
        self.source = valid(self.source)
        metadata = {key: valid_text(value) if isinstance(value, str) else (value, 0)
                    for key, value in self.metadata.items()}
        self.metadata = {key: value for key, (value, _) in metadata.items()}
        found = in_text + sum(count for _, count in metadata.values())
        self.replaced += found
        if found:
            repaired = f"{found} invalid character{'s' if found > 1 else ''} replaced or removed"
            self.note = f"{self.note}; {repaired}" if self.note else repaired


@dataclass
class InputError:
    source: str
    reason: str

    def __post_init__(self):  # a path decoded with surrogateescape must not break the message
        self.source, self.reason = valid(self.source), valid(self.reason)

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class _Rejected(ValueError):
    pass


def expand_paths(paths: list[str | Path]) -> Iterator[Path | InputError]:
    """Files named directly, and every supported file inside folders, recursively, sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not found:
                yield InputError(str(path), "folder holds no .txt, .html, .json or .jsonl files")
            yield from found
        elif path.is_file():
            yield path
        elif path.exists():
            yield InputError(str(path), "not a regular file")
        else:
            yield InputError(str(path), "no such file or folder")


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Text of a file and a note when it was not UTF-8; raises for binary or undecodable input."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "decoded as UTF-16"  # a lone surrogate: U+FFFD
    if b"\x00" in data[:8192]:
        raise _Rejected("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        first_bad = error.start
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise _Rejected(f"not UTF-8 (invalid byte at offset {first_bad}) and the encoding could not be detected")
    encoding = _prefer_western(data, best.encoding)
    text = data.decode(encoding, errors="replace")
    controls = sum(1 for char in text[:20_000] if ord(char) < 32 and char not in "\t\n\r\f")
    if controls > 0.01 * min(len(text), 20_000):
        raise _Rejected("binary file (control characters), not text")
    return text, f"not UTF-8; decoded as {encoding}"


_LATIN_SINGLE_BYTE = ("cp1250", "cp1252", "cp1257", "cp775", "cp850", "cp858", "latin_1", "iso8859", "mac_")


def _prefer_western(data: bytes, detected: str) -> str:
    """Windows-1252 when the detector picked a look-alike Latin code page and the bytes are valid
    1252: on short French text it guesses cp1250 or cp775 and turns « près » into « prčs »."""
    if detected.startswith(_LATIN_SINGLE_BYTE):
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return detected


def normalise_date(value) -> str | None:
    """ISO date (YYYY-MM-DD) from a date, datetime or ISO string; raise on anything else."""
    if value in (None, ""):
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise _Rejected(f"published date {text!r} is not an ISO date (YYYY-MM-DD)") from None


def checked_metadata(metadata: dict) -> dict:
    """The metadata with its date normalised; refused when a field is not text or the URL is not
    an http(s) address (it becomes a link: ``javascript:`` would run when clicked)."""
    for key in ("outlet", "url", "title", "language"):
        if metadata.get(key) is not None and not isinstance(metadata[key], str):
            raise _Rejected(f"{key} must be text, not {type(metadata[key]).__name__}")
    url = valid(metadata.get("url") or "").strip()
    if url and not is_http_url(url):
        raise _Rejected(f"url {url[:60]!r} is not an http(s) address")
    checked = {key: value for key, value in metadata.items() if key != "url"}
    checked["published"] = normalise_date(metadata.get("published"))
    if url:
        checked["url"] = url
    return checked


def article_from_record(record, source: str, defaults: dict) -> ArticleInput:
    """An ArticleInput from one JSON object; the record's metadata wins over command-line defaults."""
    if not isinstance(record, dict):
        raise _Rejected(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _Rejected("missing or empty \"text\"")
    metadata = {**defaults, **{key: record[key] for key in METADATA_KEYS if record.get(key) not in (None, "")}}
    return ArticleInput(text=text, source=source, is_html=looks_like_html(text), metadata=checked_metadata(metadata))


# json.loads raises RecursionError past ~1,000 nested brackets and ValueError for integers over
# 4,300 digits: hostile input, refused with a reason like any other bad JSON.
_JSON_LIMITS = "nested too deeply or a number too long"


class _BadJSON(ValueError):
    """Text that is not JSON, with the reason for its InputError."""


def _loads(text: str, where_line: bool):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _BadJSON(f"invalid JSON at line {error.lineno}: {error.msg}" if where_line
                       else f"invalid JSON: {error.msg}") from None
    except (RecursionError, ValueError):
        raise _BadJSON(f"invalid JSON: {_JSON_LIMITS}") from None


def _article_or_error(record, label: str, defaults: dict) -> ArticleInput | InputError:
    try:
        return article_from_record(record, label, defaults)
    except _Rejected as error:
        return InputError(label, str(error))


def _read_json(text: str, source: str, defaults: dict) -> Iterator[ArticleInput | InputError]:
    try:
        data = _loads(text, where_line=True)
    except _BadJSON as error:
        yield InputError(source, str(error))
        return
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, 1):
        yield _article_or_error(record, f"{source}[{number}]" if isinstance(data, list) else source, defaults)


def _read_jsonl(text: str, source: str, defaults: dict) -> Iterator[ArticleInput | InputError]:
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            label = f"{source}:{number}"
            try:
                yield _article_or_error(_loads(line, where_line=False), label, defaults)
            except _BadJSON as error:
                yield InputError(label, str(error))


def read_path(path: Path, defaults: dict | None = None, max_bytes: int = MAX_BYTES,
              label: str | None = None) -> Iterator[ArticleInput | InputError]:
    """Every article in one file, or the reason the file (or one of its lines) was refused.
    ``label`` names the input in messages and in ``articles.source`` (e.g. an upload's own name)."""
    source, defaults = label or str(path), dict(defaults or {})
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield InputError(source, f"file is {size / MIB:.1f} MB, over the {max_bytes / MIB:.0f} MB limit")
            return
        data = path.read_bytes()
        if not data.strip():
            yield InputError(source, "file is empty")
            return
        text, note = decode_bytes(data)
        defaults = checked_metadata(defaults)
    except OSError as error:
        yield InputError(source, f"cannot read: {error.strerror or error}")
        return
    except _Rejected as error:
        yield InputError(source, str(error))
        return
    suffix = path.suffix.lower()
    if suffix == ".json":
        yield from _read_json(text, source, defaults)
    elif suffix in (".jsonl", ".ndjson"):
        yield from _read_jsonl(text, source, defaults)
    else:
        is_html = suffix in (".html", ".htm") or looks_like_html(text)
        yield ArticleInput(text=text, source=source, is_html=is_html, metadata=defaults, note=note)
