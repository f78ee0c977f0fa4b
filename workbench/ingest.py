"""The ingest pipeline: clean → segment → attribute → figures → detect → store.

``analyse`` is pure (no database): it turns one received article into the
rows to store, so it can be tested and benchmarked on its own.
``ingest_item`` stores one analysed article whole or not at all (``storing``:
decided outside the write lock, inserted in short transactions), skipping a
report already stored (same content hash) and turning every failure into a
one-line reason that names the input.
"""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Iterable, Iterator
from urllib.parse import urlparse

from sqlite_utils import Database

from .analyse.attribution import attribute, attribute_article
from .analyse.claims import assess
from .analyse.figures import extract_figures
from .analyse.frames import frames_for
from .analyse.segment import split_sentences
from .background import background
from .encode.vectors import VectorPlan
from .model import Claim
from .read.clean import CleanDoc, CleanError, clean_html, clean_text
from .read.sources import ArticleInput, InputError
from . import storing
from .storage import store
from .story.events import anchor_terms

__all__ = ["AnalysedArticle", "IngestResult", "analyse", "analyse_sentence", "ingest_batch", "ingest_stream",
           "ingest_item",
           "detect_language"]

UNKNOWN_OUTLET = "unknown outlet"
ENCODE_CHUNK = 2048  # claims encoded per model call during ingest (1,024: +16% over bare encode; 2,048: +12%)


@dataclass
class AnalysedArticle:
    article: dict  # articles row (without ingested_at)
    claims: list[dict] = field(default_factory=list)  # claims rows, each with "figures"
    sentences: int = 0
    note: str | None = None  # e.g. how the input was decoded
    replaced: int = 0  # invalid characters the input had (ArticleInput.replaced)


@dataclass
class IngestResult:
    source: str
    status: str  # "added" | "duplicate" | "error"
    message: str
    article_id: int | None = None
    claims: int = 0
    claim_ids: list[int] = field(default_factory=list)
    vectors: object = None  # the claims' vectors (numpy), for the caller's index
    replaced: int = 0  # invalid characters replaced or removed before storing (``text.valid``)

    @property
    def ok(self) -> bool:
        return self.status != "error"

    def to_dict(self) -> dict:
        return {"source": self.source, "status": self.status, "message": self.message,
                "article_id": self.article_id, "claims": self.claims, "replaced": self.replaced}


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text (py3langid), for reports that arrive without one."""
    import py3langid

    return py3langid.classify(text[:3000])[0]


def _outlet(metadata: dict, doc: CleanDoc) -> str:
    """Outlet from the caller, else the page's site name, else the URL's host."""
    if metadata.get("outlet"):
        return str(metadata["outlet"]).strip()
    if doc.meta.get("sitename"):
        return doc.meta["sitename"]
    host = urlparse(metadata.get("url") or doc.meta.get("url") or "").hostname
    return host.removeprefix("www.") if host else UNKNOWN_OUTLET


def _clean(item: ArticleInput) -> CleanDoc:
    title = item.metadata.get("title")
    return clean_html(item.text, title) if item.is_html else clean_text(item.text, title)


def analyse(item: ArticleInput) -> AnalysedArticle:
    """Rows for one article and its claims; raises CleanError when it holds no article text."""
    doc = _clean(item)
    text = doc.text
    metadata = item.metadata
    outlet = _outlet(metadata, doc)
    sentences = split_sentences(doc)
    claims = analyse_sentences(sentences, outlet, text)
    article = {
        "outlet": outlet, "url": metadata.get("url") or doc.meta.get("url"),
        "title": doc.title, "published": metadata.get("published") or doc.meta.get("date"),
        "language": metadata.get("language") or detect_language(text), "text": text,
        "headings": json.dumps([[s.start, s.end] for s in sentences if s.is_heading]),
        "content_hash": store.content_hash(text), "source": item.source,
        "terms": json.dumps(anchor_terms(text, outlet=outlet), ensure_ascii=False),
    }
    return AnalysedArticle(article=article, claims=claims, sentences=len(sentences))


def analyse_sentences(sentences: list, outlet: str, text: str | None = None) -> list[Claim]:
    """The claims among an article's sentences (segment.Sentence: text, offsets, heading or not),
    in order: attribution reads them as one article, so "he said" finds its speaker."""
    attributions = attribute_article([sentence.text for sentence in sentences], outlet, text)
    claims, previous_type, once = [], None, _Once()
    for position, (sentence, attribution) in enumerate(zip(sentences, attributions)):
        figures = [] if sentence.is_heading else once.figures(sentence.text)
        verdict = once.assess(sentence.text, figures, attribution, sentence.is_heading, previous_type)
        if not verdict.is_claim:
            continue
        previous_type = verdict.claim_type
        claim = {
            "position": position, "char_start": sentence.start, "char_end": sentence.end,
            "text": sentence.text, "claim_type": verdict.claim_type,
            "checkworthiness": verdict.checkworthiness, "speaker": attribution.speaker,
            "speaker_kind": attribution.speaker_kind, "attribution_verb": attribution.attribution_verb,
            "hedged": attribution.hedged, "hedges": list(attribution.hedges),
            "figures": [figure.to_dict() for figure in figures],
        }
        claim["frames"] = once.frames(claim, sentence.is_heading)
        claims.append(claim)
    return claims


class _Once:
    """Per article, each distinct sentence's figures, verdict and frames are worked out once: these are
    functions of the sentence (and its speaker), so a report that repeats a paragraph 100,000 times
    costs what one copy costs here (attribution, which reads the article in order, still runs on each)."""

    def __init__(self):
        self._figures, self._verdicts, self._frames = {}, {}, {}

    def figures(self, text: str) -> list:
        if text not in self._figures:
            self._figures[text] = extract_figures(text)
        return self._figures[text]

    def assess(self, text: str, figures: list, attribution, is_heading: bool, previous_type: str | None):
        key = (text, attribution, is_heading, previous_type)
        if key not in self._verdicts:
            self._verdicts[key] = assess(text, figures, attribution, is_heading, previous_type)
        return self._verdicts[key]

    def frames(self, claim: dict, is_heading: bool) -> list[str]:
        key = (claim["text"], is_heading, claim["claim_type"], claim["speaker"])
        if key not in self._frames:
            self._frames[key] = frames_for(claim)
        return list(self._frames[key])


def _analyse_input(item: ArticleInput | InputError) -> AnalysedArticle | IngestResult:
    """Analysis, or the result that ends this input here (refused); touches no database."""
    if isinstance(item, InputError):
        return IngestResult(item.source, "error", str(item))
    try:
        analysed = analyse(item)
    except CleanError as error:
        return IngestResult(item.source, "error", f"{item.source}: {error}")
    except RecursionError:
        return IngestResult(item.source, "error", f"{item.source}: document too deeply nested to read")
    analysed.note, analysed.replaced = item.note, item.replaced
    return analysed


def _unless_stored(db: Database, entry: AnalysedArticle | IngestResult) -> AnalysedArticle | IngestResult:
    """The entry, or a 'duplicate' result when the same report is already stored."""
    if isinstance(entry, IngestResult):
        return entry
    duplicate = store.find_duplicate(db, entry.article["content_hash"])
    if duplicate:
        source = entry.article["source"]
        return IngestResult(source, "duplicate", f"{source}: already stored as article "
                            f"{duplicate['id']} ({duplicate['outlet']}); nothing added", duplicate["id"])
    return entry


def _store(db: Database, analysed: AnalysedArticle, vectors, model: str | None) -> IngestResult:
    """Store one analysed article — whole, with its event and relations, or not at all — holding the
    write lock only to insert (``storing``); a database that cannot take it is a one-line StoreError."""
    source = analysed.article["source"]
    try:
        article_id, claim_ids = storing.store_article(db, analysed.article, analysed.claims, vectors, model)
    except store.IntegrityErrors as error:
        if not any(name in str(error) for name in ("articles.content_hash", "articles_content_hash_key")):
            raise store.explain_error(error, f"{source} not stored") from error
        # the same report stored a moment ago (in this batch, or by another process)
        return IngestResult(source, "duplicate", f"{source}: already stored; nothing added")
    except store.OperationalErrors as error:
        raise store.explain_error(error, f"{source} not stored") from error
    except store.StoreError as error:  # busy, read-only, disk full: say which report was not stored
        cause = error.__cause__
        raise (store.explain_error(cause, f"{source} not stored") if isinstance(cause, store.DatabaseErrors)
               else store.relabel(error, f"{source} not stored")) from error
    note = f" ({analysed.note})" if analysed.note else ""
    return IngestResult(source, "added", f"{source}: article {article_id} ({analysed.article['outlet']}), "
                        f"{len(claim_ids)} claims{note}", article_id, len(claim_ids), claim_ids, vectors,
                        analysed.replaced)


def _start_encoding(db: Database, prepared: list, embedder, pool):
    """Plan the chunk's vectors (reusing stored ones) and start encoding the rest on the worker."""
    texts = [claim["text"] for entry in prepared if isinstance(entry, AnalysedArticle) for claim in entry.claims]
    if embedder is None or not texts:
        return None, None
    plan = VectorPlan(db, texts, embedder.name)
    return plan, (pool.submit(embedder.encode, plan.texts_to_encode) if plan.todo else None)


def _finish(db: Database, prepared: list, plan, future, embedder) -> list[IngestResult]:
    """Wait for the chunk's vectors, then store each article in its own transaction."""
    vectors = plan.assemble(future.result() if future else None, embedder.dim) if plan else None
    results, offset = [], 0
    for entry in prepared:
        if isinstance(entry, IngestResult):
            results.append(entry)
            continue
        count = len(entry.claims)
        mine = vectors[offset:offset + count] if vectors is not None else None
        offset += count
        results.append(_store(db, entry, mine, embedder.name if embedder else None))
    return results


def ingest_batch(db: Database, items: list, embedder=None) -> list[IngestResult]:
    """Ingest several inputs as one chunk: their new claims are encoded in one model call,
    and each article is stored in its own transaction, vectors included."""
    return [result for chunk in ingest_stream(db, items, embedder, chunk_claims=10**9,
                                               chunk_articles=max(1, len(items))) for result in chunk]


def ingest_stream(db: Database, items: Iterable, embedder=None, chunk_claims: int = ENCODE_CHUNK,
                  chunk_articles: int = 512) -> Iterator[list[IngestResult]]:
    """Ingest a stream of inputs chunk by chunk, yielding each chunk's results.

    The model is the slow stage, so it never waits for the Python ones: chunk
    N is encoded on a worker thread (the model releases the GIL) while chunk
    N+1 is analysed and chunk N-1 stored.  All database work stays on the
    calling thread.  A chunk closes at ``chunk_claims`` claims: the model sorts
    each call's sentences by length, so a call of ~2,000 pads far less than a
    handful of articles would.  A report repeated across two chunks in flight
    is caught by the content-hash constraint and reported as already stored.
    """
    analysed = background(map(_analyse_input, items), name="analyse")
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="encode") as pool:
        pending, chunks = None, _chunks(analysed, chunk_claims, chunk_articles)
        try:
            while (chunk := _next_chunk(chunks)) is not None:
                prepared = [_unless_stored(db, entry) for entry in chunk]
                started = (prepared, *_start_encoding(db, prepared, embedder, pool))
                done, pending = pending, started
                if done:
                    yield _finish(db, *done, embedder)
        except _ReadFailed as failure:  # reading the inputs failed: store what was read before it, then say why
            if pending:
                yield _finish(db, *pending, embedder)
            raise failure.error from None
        finally:
            analysed.close()
        if pending:
            yield _finish(db, *pending, embedder)


class _ReadFailed(Exception):
    """Reading or analysing the inputs failed (not storing them): carries the original error."""

    def __init__(self, error: Exception):
        self.error = error


def _next_chunk(chunks: Iterator[list]) -> list | None:
    try:
        return next(chunks)
    except StopIteration:
        return None
    except Exception as error:
        raise _ReadFailed(error) from error


def _chunks(entries: Iterable, max_claims: int, max_articles: int) -> Iterator[list]:
    """Analysed inputs, grouped until they hold ``max_claims`` claims or ``max_articles`` inputs."""
    chunk, claims = [], 0
    try:
        for entry in entries:
            chunk.append(entry)
            claims += len(entry.claims) if isinstance(entry, AnalysedArticle) else 0
            if claims >= max_claims or len(chunk) >= max_articles:
                yield chunk
                chunk, claims = [], 0
    except Exception:
        if chunk:  # what was read before the failure is still stored
            yield chunk
        raise
    if chunk:
        yield chunk


def analyse_sentence(text: str, speaker_outlet: str = "the query") -> Claim:
    """A free-text sentence as a claim dict (figures, attribution, type, frames), e.g. a search query,
    so it can be compared with stored claims."""
    attribution = attribute(text, speaker_outlet)
    figures = extract_figures(text)
    verdict = assess(text, figures, attribution)
    claim = {"id": None, "text": text, "claim_type": verdict.claim_type, "speaker": attribution.speaker,
             "speaker_kind": attribution.speaker_kind, "attribution_verb": attribution.attribution_verb,
             "hedged": attribution.hedged, "figures": [figure.to_dict() for figure in figures]}
    claim["frames"] = frames_for(claim)
    return claim


def ingest_item(db: Database, item: ArticleInput | InputError, embedder=None) -> IngestResult:
    """Analyse and store one article; never raises for bad input, only for an unusable database."""
    return ingest_batch(db, [item], embedder)[0]
