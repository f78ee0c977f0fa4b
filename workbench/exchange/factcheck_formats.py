"""Reading published fact-checks: ClaimReview JSON-LD and fact-check search JSON.

Two input shapes are read, whatever the file's extension:

* ClaimReview JSON-LD (https://schema.org/ClaimReview): one object, a list,
  an ``@graph``, JSON Lines, or an HTML page's ``<script
  type="application/ld+json">`` blocks (other node types on a page, such as
  ``WebPage`` or ``Organization``, are ignored);
* the JSON that fact-check search services return: ``{"claims": [...]}`` or a
  bare list of claims with ``text``, ``claimant``, ``claimDate`` and
  ``claimReview[{publisher, url, title, reviewDate, textualRating,
  languageCode}]`` (one stored fact-check per review).

A record without claim text, rating or publisher, with a date that is not
ISO 8601, or with a review URL that is not http(s) (it becomes a link on
the claim page) is reported in one line with its index (numbered from 1:
"record 3", "claim 2, review 1") and skipped; a file that cannot be read at
all is one ``ValueError`` naming it.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

from ..errors import BadInput
from ..text.valid import is_http_url, valid

__all__ = ["BadRecord", "MAX_BYTES", "MAX_TEXT", "parse_factchecks", "read_factchecks", "from_claimreview",
           "from_search_claim"]

MAX_BYTES = 100 * 1024 * 1024
MAX_TEXT = 10_000


class BadRecord(BadInput):
    """One record that cannot be stored; the message says why."""


# -- reading ---------------------------------------------------------------------
def _text(value) -> str | None:
    """A JSON-LD literal as text: plain strings, {"@value": ...}, or the first of a list."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
    if value is None:
        return None
    if not isinstance(value, (str, int, float)):
        raise BadRecord(f"expected text, got {type(value).__name__}")
    return str(value).strip() or None


def _name(value) -> str | None:
    """An author/publisher given as a string, a Person/Organization object, or a list of them."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("alternateName"))
    return _text(value)


def _date(value, field: str) -> str | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return (datetime.fromisoformat(text).date() if len(text) > 10 else date.fromisoformat(text)).isoformat()
    except ValueError:
        raise BadRecord(f"{field} {text[:40]!r} is not an ISO date") from None


def _number(value, field: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise BadRecord(f"{field} {str(value)[:40]!r} is not a number") from None


def _checked(record: dict) -> dict:
    """Require claim text, rating and publisher; refuse non-http URLs and oversized text."""
    for field, label in (("claim_text", "claim text"), ("rating", "rating"), ("publisher", "publisher")):
        if not record.get(field):
            raise BadRecord(f"no {label}")
    if len(record["claim_text"]) > MAX_TEXT:
        raise BadRecord(f"claim text longer than {MAX_TEXT} characters")
    url = valid(record.get("url"))  # repaired when stored (``factchecks.store_factchecks``)
    if url and not is_http_url(url):
        raise BadRecord(f"review url {url[:60]!r} is not an http(s) address")
    return record


def _types(node: dict) -> set[str]:
    types = node.get("@type") or []
    return {str(t).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in (types if isinstance(types, list) else [types])}


def from_claimreview(node: dict) -> dict:
    """A ClaimReview node as a fact-check record."""
    item = node.get("itemReviewed") if isinstance(node.get("itemReviewed"), dict) else {}
    rating = node.get("reviewRating") if isinstance(node.get("reviewRating"), dict) else {}
    language = node.get("inLanguage")
    return _checked({
        "claim_text": _text(node.get("claimReviewed")) or _text(item.get("text")) or _text(item.get("name")),
        "claimant": _name(item.get("author")), "claim_date": _date(item.get("datePublished"), "claim date"),
        "rating": _text(rating.get("alternateName")) or _text(rating.get("name")),
        "rating_value": _number(rating.get("ratingValue"), "ratingValue"),
        "best_rating": _number(rating.get("bestRating"), "bestRating"),
        "worst_rating": _number(rating.get("worstRating"), "worstRating"),
        "publisher": _name(node.get("author")) or _name(node.get("publisher")), "url": _text(node.get("url")),
        "title": _text(node.get("name")) or _text(node.get("headline")),
        "review_date": _date(node.get("datePublished"), "datePublished"),
        "language": _name(language) if isinstance(language, dict) else _text(language)})


def from_search_claim(claim: dict) -> Iterator[dict]:
    """A fact-check search result (one claim, several reviews) as one record per review;
    yields BadRecord instances in place of bad reviews."""
    text, claimant = _text(claim.get("text")), _text(claim.get("claimant"))
    claim_date = _date(claim.get("claimDate"), "claimDate")
    reviews = claim.get("claimReview")
    if not isinstance(reviews, list) or not reviews:
        raise BadRecord("no claimReview")
    for review in reviews:
        try:
            if not isinstance(review, dict):
                raise BadRecord("a claimReview is not an object")
            yield _checked({"claim_text": text, "claimant": claimant, "claim_date": claim_date,
                            "rating": _text(review.get("textualRating")), "rating_value": None,
                            "best_rating": None, "worst_rating": None, "publisher": _name(review.get("publisher")),
                            "url": _text(review.get("url")), "title": _text(review.get("title")),
                            "review_date": _date(review.get("reviewDate"), "reviewDate"),
                            "language": _text(review.get("languageCode"))})
        except BadRecord as error:
            yield error


def _nodes(data, where: str, optional: bool) -> Iterator[tuple[str, object, bool]]:
    """(label, node, whether other node types are expected there) for every record, numbered from 1."""
    if isinstance(data, list):
        for number, item in enumerate(data, 1):
            yield from _nodes(item, f"{where}, item {number}" if where else f"record {number}", optional)
    elif isinstance(data, dict) and isinstance(data.get("@graph"), list):
        for number, item in enumerate(data["@graph"], 1):
            yield f"{where or 'record 1'}, @graph node {number}", item, True
    elif isinstance(data, dict) and isinstance(data.get("claims"), list) and "@type" not in data:
        for number, item in enumerate(data["claims"], 1):
            yield f"{where + ', ' if where else ''}claim {number}", item, False
    else:
        yield where or "record 1", data, optional


def _parse_node(node, optional: bool) -> tuple[list[dict], list[str]]:
    """Records from one node, and problems of its reviews (a search claim can have several)."""
    if not isinstance(node, dict):
        raise BadRecord(f"not an object but {type(node).__name__}")
    if "ClaimReview" in _types(node):
        return [from_claimreview(node)], []
    if "claimReview" in node or ("text" in node and "@type" not in node):
        found = list(from_search_claim(node))
        return ([item for item in found if not isinstance(item, BadRecord)],
                [f"review {number}: {item}" for number, item in enumerate(found, 1) if isinstance(item, BadRecord)])
    if optional:
        return [], []
    raise BadRecord(f"neither a ClaimReview nor a fact-check search claim "
                    f"(@type {', '.join(sorted(_types(node))) or 'missing'})")


def parse_factchecks(data, page: bool = False) -> tuple[list[dict], list[str]]:
    """Records and one-line problems ("record 3: no rating") from parsed JSON / JSON-LD; ``page``:
    the JSON-LD blocks of a web page, where nodes other than ClaimReview are expected."""
    records, problems = [], []
    for where, node, optional in _nodes(data, "", page):
        try:
            found, bad_reviews = _parse_node(node, optional)
        except BadRecord as error:
            problems.append(f"{where}: {error}")
            continue
        records += found
        problems += [f"{where}, {problem}" for problem in bad_reviews]
    return records, problems


def _json_documents(text: str, label: str) -> tuple[object, bool]:
    """The file as JSON, else JSON Lines, else the JSON-LD blocks of an HTML page (and whether it was one)."""
    try:
        return json.loads(text), False
    except json.JSONDecodeError as error:
        first_error = error
    if text.lstrip()[:1] == "<":
        import lxml.html

        blocks = lxml.html.fromstring(text).xpath('//script[@type="application/ld+json"]/text()')
        if not blocks:
            raise BadInput(f'{label}: an HTML page without JSON-LD (no <script type="application/ld+json">)')
        try:
            return [json.loads(block) for block in blocks], True
        except json.JSONDecodeError as error:
            raise BadInput(f"{label}: a JSON-LD block of the page is not valid JSON ({error})") from None
    lines = [line for line in text.splitlines() if line.strip()]
    try:
        if len(lines) < 2:
            raise first_error
        return [json.loads(line) for line in lines], False
    except json.JSONDecodeError:
        raise BadInput(f"{label}: not JSON, JSON Lines or an HTML page with JSON-LD ({first_error})") from None


def read_factchecks(path: str | Path) -> tuple[list[dict], list[str]]:
    """Records and problems from a file; ValueError (one line, naming the file) if it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    if path.stat().st_size > MAX_BYTES:
        raise BadInput(f"{path}: larger than {MAX_BYTES // 1_000_000} MB")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    if not text.strip():
        raise BadInput(f"{path}: empty")
    records, problems = parse_factchecks(*_json_documents(text, str(path)))
    if not records and not problems:
        raise BadInput(f"{path}: no ClaimReview or fact-check claims found")
    return records, [f"{path.name}: {problem}" for problem in problems]
