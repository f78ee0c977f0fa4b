"""Stage 1 — clean: turn a web page or a pasted report into article text.

Reports reach a fact-checker as HTML pages or as text copied from a browser,
so both carry page furniture: photo credits, bylines, "TRENDING", "Related
Posts", share prompts, newsletter blurbs.  None of it is a claim, and a
furniture line stored as a claim wastes a reviewer's time, so it is removed
here, before segmentation.  Section headings are kept (they give the article
its structure) but marked, so later stages never treat them as claims.

HTML goes through trafilatura (boilerplate removal, metadata); the same
line filters then run on its output and on plain text alike.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import BadInput, from_import_error
from ..text.valid import is_http_url

__all__ = ["Block", "CleanDoc", "CleanError", "clean_text", "clean_html", "is_furniture"]


class CleanError(BadInput):
    """The input holds no article text worth storing."""


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" | "paragraph"
    text: str


@dataclass
class CleanDoc:
    """Cleaned article: text is the blocks joined by blank lines."""

    title: str | None
    blocks: list[Block]
    meta: dict = field(default_factory=dict)  # sitename, date, author, url from HTML

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)

    def block_spans(self) -> list[tuple[int, int, Block]]:
        """(start, end, block) with offsets into ``text``."""
        spans, offset = [], 0
        for block in self.blocks:
            spans.append((offset, offset + len(block.text), block))
            offset += len(block.text) + 2
        return spans


# Atomic, longest spelling first: "EPA-EFE" must not also parse as "EPA" "-" "EFE", or a chain of
# them ("EPA-EFE/EPA-EFE/…!") backtracks exponentially before failing.
_AGENCIES = (
    r"(?>AFP|EPA(?:-EFE)?|EFE|Reuters|Associated Press|AP|Getty(?: Images)?|Anadolu(?: Agency)?|"
    r"Xinhua|ANP|DPA|Shutterstock|Alamy|MONUSCO|UN Photo|File|Handout|Supplied|Stringer|STR|via)"
)
_MONTHS = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|fév|mars|avr|mai|juin|juil|"
           r"août|sept|déc)\w*")
# A byline joins names with ", Name", " and Name", " in Place"…  Each name runs up to the next
# join and no further: when a name could also swallow the joins after it, a long "By A in A in A…"
# line that is not a byline tries every way to split it (exponential) before failing.
_BYLINE_JOIN = r"\s*(?:,|and|et|&|in|à|with)\s*[A-ZÀ-Þ]"
_SHARE_BUTTON = (r"(?:facebook|twitter|x|whatsapp|linkedin|telegram|bluesky|threads|reddit|e-?mail|courriel|print|"
                 r"imprimer|copy link|copier le lien|messenger|mastodon)")
_FURNITURE = [
    # Photo credits: a bare agency line ("EPA", "AFP via Getty Images", "Issouf Sanogo/AFP").
    rf"[(\[]?(?:[\w .'’-]{{0,40}}/)?{_AGENCIES}(?:\s*(?:/|,|-|–|via|and)\s*{_AGENCIES})*(?:/[\w .'’-]{{0,40}})?[)\]]?",
    r"[(\[]?(?:photo|picture|image)s? (?:by|de|:).{0,80}[)\]]?",
    r"(?:photo|image|picture|credit|crédit|crédit photo|illustration|caption|légende|image caption|"
    r"image source|photograph|video)\b\s*[:,©].{0,160}",
    r".{0,80}\b(?:photo|image)\b\s*[:/]\s*" + _AGENCIES + r".{0,60}",
    r"©.{0,120}|copyright\b.{0,120}|.{0,80}all rights reserved\.?|tous droits réservés\.?",
    # Navigation and recommendation headers.
    r"(?:trending(?: now)?|related(?: posts| articles| stories| content| coverage)?|"
    r"read (?:more|also|next)\b.{0,160}|see also\b.{0,160}|more (?:from|on|stories)\b.{0,120}|"
    r"(?:à )?lire aussi\b.{0,160}|sur le même sujet|les plus lus|most (?:read|popular|viewed)|"
    r"you may also like|recommended(?: for you)?|advertisement|publicité|sponsored|top stories|"
    r"latest news|breaking news|listen to (?:this )?article.{0,40}|\d+ min(?:ute)?s? read)\s*[:.!]?",
    # Share and comment prompts.
    r"(?:share|partager|partagez|tweet|email|e-mail|print|imprimer|copy link|copier le lien|"
    r"follow us|suivez-nous|comments?|commentaires?|leave a (?:comment|reply)|réagir|"
    r"facebook|twitter|x|whatsapp|linkedin|telegram)"
    r"(?:\s+(?:this|cet|l')?\s*(?:article|story|post|page))?(?:\s+(?:on|sur|via)\s+[\w .,/|]+)?\s*[:.!]?",
    # A share bar: its buttons in a row ("Share: Facebook | X | LinkedIn | Print", « Partager : Facebook · E-mail »).
    r"(?:(?:share|partager|partagez)(?: this (?:article|story))?\s*:?\s*)?" + _SHARE_BUTTON
    + r"(?:\s*[|·•/,]\s*" + _SHARE_BUTTON + r")+\s*",
    # A menu or section bar: three or more short labels in a row ("World | Africa | Business | Sport", « Monde · Économie »).
    r"[\w'’&-]+(?: [\w'’&-]+){0,2}(?:\s*[|·•]\s*[\w'’&-]+(?: [\w'’&-]+){0,2}){2,}\s*",
    # Bylines (names are capitalised, so that part is case-sensitive) and datelines.
    r"(?:by|par|written by|reporting by|edited by|rédigé par)\s+(?-i:[A-ZÀ-Þ][\w.'’-]*"
    rf"(?:\s+[A-ZÀ-Þ][\w.'’-]*){{0,4}}(?:{_BYLINE_JOIN}(?:(?!{_BYLINE_JOIN})[\w .'’-]){{0,60}})*)",
    rf"(?:published|updated|last updated|posted|publié|mis à jour)(?: on| le)?\s*:?\s*"
    rf"(?:\d|{_MONTHS}|(?:mon|tues|wednes|thurs|fri|satur|sun)day|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche).{{0,60}}",
    # Newsletter, subscription and cookie blurbs.
    r".{0,200}\b(?:newsletter|subscribe|subscription|sign up|signup|inbox|abonnez-vous|abonnement|"
    r"inscrivez-vous|s'inscrire|recevez\b.{0,80}\b(?:chaque|e-?mail|boîte)|cookies?)\b.{0,200}",
]
_FURNITURE_RE = re.compile(r"\s*(?:" + "|".join(_FURNITURE) + r")\s*", re.IGNORECASE)
_TAIL_MARKER_RE = re.compile(
    r"\s*(?:trending(?: now)?|related(?: posts| articles| stories| content)?|more stories|"
    r"you may also like|most (?:read|popular)|recommended(?: for you)?|sur le même sujet|"
    r"les plus lus|à lire aussi|lire aussi)\s*:?\s*",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")
_MAX_HEADING_WORDS = 16
_TAIL_START = 0.5  # a tail marker cuts the rest only past this share of the page


def is_furniture(line: str) -> bool:
    """True for a whole line that is page furniture, never article prose."""
    line = line.strip()
    if not line:
        return True
    if len(line) > 400:  # furniture is short; a long line is article prose
        return False
    return _FURNITURE_RE.fullmatch(line) is not None


def _is_heading(line: str) -> bool:
    """A short line without final punctuation: a section heading in pasted text."""
    return not _SENTENCE_END_RE.search(line) and len(line.split()) <= _MAX_HEADING_WORDS


def _cut_tail(lines: list[str]) -> list[str]:
    """Drop a "TRENDING"/"Related Posts" trailer and everything after it.

    Only in the second half of the page: the same words in a navigation bar
    at the top must not swallow the article.
    """
    total = sum(len(line) for line in lines) or 1
    seen = 0
    for index, line in enumerate(lines):
        if _TAIL_MARKER_RE.fullmatch(line) and seen / total >= _TAIL_START:
            return lines[:index]
        seen += len(line)
    return lines


def _unwrap(text: str) -> list[str]:
    """Lines of pasted text, joining hard-wrapped paragraphs back together.

    Text copied from a browser has one paragraph per line; e-mailed or
    terminal text is wrapped at ~72 columns, where a line is not a unit.
    """
    raw_lines = [line.strip() for line in text.splitlines()]
    content = [line for line in raw_lines if line]
    wrapped = len(content) > 5 and sum(45 <= len(line) <= 80 for line in content) >= 0.7 * len(content)
    if not wrapped:
        return content
    paragraphs, current = [], []
    for line in raw_lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _blocks(lines: list[str]) -> list[Block]:
    lines = _cut_tail([line for line in lines if line.strip()])
    blocks = []
    for line in lines:
        line = re.sub(r"\s+", " ", line).strip()
        if is_furniture(line):
            continue
        blocks.append(Block("heading" if _is_heading(line) else "paragraph", line))
    return blocks


def _require_text(blocks: list[Block], what: str) -> None:
    if not any(block.kind == "paragraph" for block in blocks):
        raise CleanError(f"no article text found in {what}")


def clean_text(text: str, title: str | None = None) -> CleanDoc:
    """Clean pasted plain text; without a title, a headline-like first line becomes it."""
    lines = _unwrap(text.replace("\r\n", "\n").replace("\r", "\n"))
    if title is None and lines and _is_heading(lines[0]) and not is_furniture(lines[0]):
        title, lines = lines[0], lines[1:]
    blocks = _blocks(lines)
    _require_text(blocks, "text")
    return CleanDoc(title=title, blocks=blocks)


def _html_lines(html: str) -> tuple[list[tuple[str, str]], dict]:
    """(tag, text) pairs of the main content and the page metadata, via trafilatura."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(html, output_format="xml", with_metadata=True, include_comments=False,
                              include_tables=False, favor_precision=True)
    if not xml:
        return [], {}
    root = etree.fromstring(xml.encode("utf-8"))
    meta = {key: root.get(key) for key in ("title", "sitename", "date", "author", "url") if root.get(key)}
    if not is_http_url(meta.get("url")):  # the page's own canonical link becomes the article's link
        meta.pop("url", None)
    main = root.find("main")
    items = []
    for element in (main.iter("head", "p", "item", "quote") if main is not None else []):
        text = " ".join("".join(element.itertext()).split())
        if text:
            items.append(("heading" if element.tag == "head" else "paragraph", text))
    return items, meta


def clean_html(html: str, title: str | None = None) -> CleanDoc:
    """Extract the article from a page; title from the argument, else the page."""
    try:
        items, meta = _html_lines(html)
    except ImportError as error:  # the installation lacks a module: the operator's problem, not the page's
        raise from_import_error(error, "reading HTML") from error
    except Exception as error:  # lxml/trafilatura on broken markup
        raise CleanError(f"unreadable HTML ({type(error).__name__})") from error
    title = title or meta.get("title")
    if items and title and items[0][1] == title:
        items = items[1:]
    lines = _cut_tail([text for _, text in items])
    kinds = {text: kind for kind, text in items}
    blocks = []
    for line in lines:
        if is_furniture(line):
            continue
        kind = "heading" if kinds.get(line) == "heading" or _is_heading(line) else "paragraph"
        blocks.append(Block(kind, line))
    _require_text(blocks, "HTML")
    return CleanDoc(title=title, blocks=blocks, meta=meta)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(?:body|article|p|div)\b", head))
