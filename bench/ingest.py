"""Ingest throughput on the demo corpus replicated to N articles, without and with the embedding model.

Prints, on the same N articles:

  (a) analysis only (clean → segment → attribute → figures → detect): articles/s and claims/s;
  (b) full ingest without embedding (``ingest_item`` into a fresh claims.db), as a ratio of (a);
  (c) ingest with embedding, the path ``Workbench.ingest`` takes (``Workbench._ingest_inputs``: analysis,
      one model call per INGEST_CHUNK articles, store, index add, index save) with the real model,
      against bare ``embedder.encode(the same claim texts, batch_size=64)`` timed in the same run.
      The overhead ratio is pipeline time / bare encoding time (target: under 1.15); bare encoding
      runs before and after the pipeline and their mean is the baseline.  The time the pipeline spent
      inside the model is also shown, so the split model / rest is visible.

Copies must not be deduplicated: every copy carries its own token (a made-up word) at the start of
every body paragraph and every sentence, so neither the article content hash nor the per-sentence
text hash (vector reuse) matches another copy.  The output says how many claims the pipeline
actually encoded.  Each pass over the corpus is dated 30 days after the previous one, so the copies
form many small events as an archive would; --same-event keeps the original dates, so every copy
of a story joins one ever-growing event (the worst case for the per-event relations step).
The time spent inside the event/relations step and in ``store.insert_article`` is measured by
wrapping those library functions, and shown as a ratio of the analysis time (b) or of bare encoding (c).

    .venv/bin/python bench/ingest.py                     # 2,000 articles (~20 min: (c) encodes ~40k
                                                         # claims three times at ~150-250 sentences/s)
    .venv/bin/python bench/ingest.py --embed-articles 500  # (c) on the first 500 of them
    .venv/bin/python bench/ingest.py --articles 500
    .venv/bin/python bench/ingest.py --no-embed          # (a) and (b) only
    .venv/bin/python bench/ingest.py --quick             # 100 articles
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from common import OUT, CountingEmbedder, fx, library_state, load_model, log, print_table, ratio, timed, write_json

from workbench import Workbench
from workbench.api import DEMO_DIR
from workbench.embed import text_hash
from workbench.ingest import analyse, ingest_item
from workbench.sources import read_path

CYCLE_DAYS = 30  # > 2 x workbench.events.WINDOW_DAYS, so passes over the corpus never share an event
SYLLABLES = ("ka", "lo", "mi", "tu", "re", "sa", "no", "vi", "de", "pu", "ga", "zo", "be", "fi", "ru", "ye")
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "col", "gen", "lt", "sgt", "st", "m", "mm", "approx", "no", "sept",
                 "jan", "feb", "aug", "oct", "nov", "dec", "u.n", "u.s", "p.m", "a.m", "gov", "rep", "sen"}
# a sentence end (. ! ? and a closing quote), spaces, then what opens a sentence
_BOUNDARY = re.compile(r"([.!?](?:[\"”»]|&rdquo;)?)( +)(?=[A-ZÀ-Ý«“\"]|&ldquo;)")
_TEXT_PARAGRAPH = re.compile(r"(?<=\n\n)(?=[^\n]{60,})")  # a long line after a blank line: body text
_HTML_PARAGRAPH = re.compile(r"<p>(?=[^<\s])")


def demo_inputs():
    manifest = json.loads((DEMO_DIR / "manifest.json").read_text(encoding="utf-8"))
    items = []
    for entry in manifest:
        defaults = {key: entry[key] for key in ("outlet", "url", "title", "published", "language") if entry.get(key)}
        items.extend(read_path(DEMO_DIR / entry["file"], defaults))
    return items


def copy_token(number: int) -> str:
    """A made-up word unique to copy ``number``: 0 → 'Kaka', 17 → 'Lolo'…"""
    digits = []
    while True:
        number, digit = divmod(number, len(SYLLABLES))
        digits.append(SYLLABLES[digit])
        if not number:
            break
    word = "".join(reversed(digits + [SYLLABLES[0]] * max(0, 2 - len(digits))))
    return word.capitalize()


def _mark_sentences(text: str, tag: str) -> str:
    """Insert ``tag`` after every sentence end that is not an abbreviation."""
    def insert(match: re.Match) -> str:
        word = re.search(r"([\w.]+)$", match.string[:match.start()])
        if word and word.group(1).lower().rstrip(".") in ABBREVIATIONS:
            return match.group(0)
        return f"{match.group(1)}{match.group(2)}{tag}"

    return _BOUNDARY.sub(insert, text)


def make_unique(item, number: int, shift_days: int = 0):
    """A copy of ``item`` whose every body paragraph and sentence starts with the copy's token,
    published ``shift_days`` after the original."""
    tag = f"({copy_token(number)}) "
    paragraph = _HTML_PARAGRAPH if item.is_html else _TEXT_PARAGRAPH
    text = paragraph.sub(lambda m: m.group(0) + tag, item.text)
    text = _mark_sentences(text, tag)
    metadata = dict(item.metadata)
    if shift_days and metadata.get("published"):
        metadata["published"] = (date.fromisoformat(metadata["published"][:10]) + timedelta(days=shift_days)).isoformat()
    return type(item)(text=text, source=f"{item.source}#{number}", is_html=item.is_html, metadata=metadata)


def replicate(items, count, same_event: bool = False):
    """``count`` inputs cycling through the demo corpus, each copy made unique sentence by sentence.

    Each pass over the corpus is dated CYCLE_DAYS later than the previous one, so the copies form
    many small events (a few reports each, as in an archive) rather than two events of count/2
    reports; ``same_event`` keeps the original dates (the worst case for per-event work)."""
    return [make_unique(items[number % len(items)], number, 0 if same_event else CYCLE_DAYS * (number // len(items)))
            for number in range(count)]


class StageTimes:
    """Totals the time spent inside some library functions during a run, by wrapping them (restored
    on exit); a stage whose functions this version of the library lacks stays at zero."""

    STAGES = {"events+relations": (("workbench.ingest", "assign_event"), ("workbench.ingest", "refresh_event")),
              "store": (("workbench.store", "insert_article"),)}

    def __enter__(self) -> "StageTimes":
        self.seconds, self._saved = dict.fromkeys(self.STAGES, 0.0), []
        for stage, targets in self.STAGES.items():
            for module_name, name in targets:
                module = importlib.import_module(module_name)
                if hasattr(module, name):
                    self._saved.append((module, name, getattr(module, name)))
                    setattr(module, name, self._wrap(stage, getattr(module, name)))
        return self

    def _wrap(self, stage: str, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - started
        return wrapper

    def __exit__(self, *exc) -> None:
        for module, name, function in self._saved:
            setattr(module, name, function)


def run_analysis(items) -> dict:
    seconds, analysed = timed(lambda: [analyse(item) for item in items])
    texts = [[claim["text"] for claim in article.claims] for article in analysed]  # per article
    return {"seconds": seconds, "articles": len(items), "claims": sum(map(len, texts)), "texts": texts}


def unique_texts(texts: list[str]) -> list[str]:
    """One text per content hash: what the pipeline encodes (it reuses vectors of identical sentences)."""
    return list({text_hash(text): text for text in texts}.values())


def run_ingest(items) -> dict:
    """(b): the whole ingest into a fresh claims.db, no model."""
    with tempfile.TemporaryDirectory() as folder:
        workbench = Workbench(Path(folder) / "claims.db", Path(folder) / "indexes")
        workbench.init()
        with StageTimes() as stages:
            seconds, results = timed(lambda: [ingest_item(workbench.db, item) for item in items])
        stored = workbench.stats()
        stored["events"] = (workbench.db.execute("SELECT count(*) FROM events").fetchone()[0]
                            if "events" in workbench.db.table_names() else None)
        workbench.close()
    return {"seconds": seconds, "added": sum(r.status == "added" for r in results), **stored,
            "stages_s": stages.seconds}


def run_ingest_embedded(items, embedder) -> dict:
    """(c): ``Workbench._ingest_inputs`` with the real model, counting what it encodes."""
    counting = CountingEmbedder(embedder)
    with tempfile.TemporaryDirectory() as folder:
        workbench = Workbench(Path(folder) / "claims.db", Path(folder) / "indexes", embedder=counting)
        workbench.init()
        with StageTimes() as stages:
            seconds, results = timed(lambda: list(workbench._ingest_inputs(items)))
        stored = workbench.stats()
        indexed = workbench.index.count
        workbench.close()
    return {"seconds": seconds, "added": sum(r.status == "added" for r in results), **stored, "indexed": indexed,
            "encoded": counting.texts, "model_calls": counting.calls, "inside_model_s": counting.seconds,
            "stages_s": stages.seconds}


def run_embedding(items, texts: list[str]) -> dict:
    """(c): bare encoding of the claim texts before and after the pipeline run (their mean is the
    baseline, so a change of machine load during the run shows as a spread, not as overhead)."""
    embedder = load_model()
    log(f"bare encode of {len(texts)} unique claim texts (before)")
    before_s, _ = timed(embedder.encode, texts, batch_size=64)
    log(f"ingest with the model, {len(items)} articles")
    embedded = run_ingest_embedded(items, embedder)
    log(f"bare encode of {len(texts)} unique claim texts (after)")
    after_s, _ = timed(embedder.encode, texts, batch_size=64)
    bare_s = (before_s + after_s) / 2
    return {**embedded, "bare_encode_texts": len(texts), "bare_encode_before_s": before_s,
            "bare_encode_after_s": after_s, "bare_encode_s": bare_s, "overhead_ratio": embedded["seconds"] / bare_s}


def report_embedding(embedded: dict) -> None:
    bare_s, bare_count = embedded["bare_encode_s"], embedded["bare_encode_texts"]
    claims_s, bare_rate = embedded["claims"] / embedded["seconds"], bare_count / bare_s
    other_s = embedded["seconds"] - embedded["inside_model_s"] - sum(embedded["stages_s"].values())
    print(f"\nwith the model ({embedded['added']} articles, {embedded['claims']} claims stored, {embedded['indexed']} "
          f"indexed; the pipeline encoded {embedded['encoded']} texts in {embedded['model_calls']} calls; bare "
          f"encoding: the {bare_count} unique claim texts of the same articles, before "
          f"({embedded['bare_encode_before_s']:.1f} s) and after ({embedded['bare_encode_after_s']:.1f} s) the "
          f"pipeline run, mean as baseline):")
    print_table("Ingest with embedding vs bare model.encode on the same sentences (same run)",
                ["what", "seconds", "claims/s", "time vs bare encode"],
                [["bare embedder.encode(texts, batch_size=64) (baseline)", f"{bare_s:.1f}", f"{bare_rate:.1f}",
                  fx(1.0)],
                 ["full ingest with embedding (Workbench._ingest_inputs)", f"{embedded['seconds']:.1f}",
                  f"{claims_s:.1f}", fx(ratio(embedded["seconds"], bare_s))],
                 ["  of which inside embedder.encode", f"{embedded['inside_model_s']:.1f}", "",
                  fx(ratio(embedded["inside_model_s"], bare_s))]] +
                [[f"  of which {stage}", f"{spent:.1f}", "", fx(ratio(spent, bare_s))]
                 for stage, spent in embedded["stages_s"].items()] +
                [["  of which the rest (analysis, hashing, index add/save)", f"{other_s:.1f}", "",
                  fx(ratio(other_s, bare_s))]])
    overhead = ratio(embedded["seconds"], bare_s) - 1
    print(f"pipeline overhead on top of encoding: {overhead:+.0%} (target: under +15%) — "
          f"{'met' if overhead < 0.15 else 'NOT met'}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="replicated articles for (a) and (b)")
    parser.add_argument("--embed-articles", type=int, default=None, help="articles for (c) (default: --articles)")
    parser.add_argument("--no-embed", action="store_true", help="skip (c), which loads the model")
    parser.add_argument("--same-event", action="store_true",
                        help="keep the original dates: every copy of a story joins one event (worst case)")
    parser.add_argument("--quick", action="store_true", help="100 articles")
    parser.add_argument("--out", type=Path, default=OUT / "ingest.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.articles = 100
    args.embed_articles = args.embed_articles or args.articles
    return args


def main(argv=None):
    args = parse_args(argv)
    items = replicate(demo_inputs(), args.articles, args.same_event)
    log(f"analysis only, {len(items)} articles")
    analysis = run_analysis(items)
    log("full ingest without the model")
    ingest = run_ingest(items)
    print(f"articles: {len(items)} ({ingest['added']} stored), claims: {ingest['claims']}, figures: {ingest['figures']}, "
          f"events: {ingest['events']}")
    a_rate, i_rate = analysis["articles"] / analysis["seconds"], len(items) / ingest["seconds"]
    print(f"analysis only : {a_rate:8.1f} articles/s  {analysis['claims'] / analysis['seconds']:9.1f} claims/s")
    print(f"full ingest   : {i_rate:8.1f} articles/s  {ingest['claims'] / ingest['seconds']:9.1f} claims/s")
    print(f"storing costs : {ingest['seconds'] / analysis['seconds']:8.2f}x the analysis time "
          f"(ratio full ingest / analysis)")
    for stage, spent in ingest["stages_s"].items():
        print(f"  {stage:<16}: {spent / analysis['seconds']:8.2f}x the analysis time ({spent:.1f} s inside the "
              f"full ingest)")
    print(f"(load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; other processes "
          f"share this machine)")
    out = {"library": library_state(), "load_average_end": os.getloadavg()[0], "articles": len(items),
           "same_event": args.same_event, "events": ingest.get("events"),
           "analysis": {key: value for key, value in analysis.items() if key != "texts"}, "ingest": ingest}
    if not args.no_embed:
        if args.embed_articles <= len(items):
            embed_items, per_article = items[:args.embed_articles], analysis["texts"][:args.embed_articles]
        else:
            embed_items = replicate(demo_inputs(), args.embed_articles, args.same_event)
            per_article = run_analysis(embed_items)["texts"]
        embedded = run_embedding(embed_items, unique_texts([text for texts in per_article for text in texts]))
        report_embedding(embedded)
        out["embedded"] = embedded
    write_json(args.out, out)
    print(f"raw numbers: {args.out}")


if __name__ == "__main__":
    main()
