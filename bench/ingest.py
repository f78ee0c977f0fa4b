"""Ingest throughput on the demo corpus replicated to N articles, without and with the embedding model.

Prints, on the same N articles:

  (a) analysis only (clean → segment → attribute → figures → detect): articles/s and claims/s;
  (b) full ingest without embedding (``ingest_item`` into a fresh claims.db), as a ratio of (a);
  (c) ingest with embedding, the path ``Workbench.ingest`` takes (``Workbench._ingest_inputs``: analysis,
      one model call per ingest.ENCODE_CHUNK claims, store, index add, index save) with the real model,
      against bare ``embedder.encode(the same claim texts, batch_size=64)`` timed in the same run.
      The overhead ratio is pipeline time / bare encoding time (target: under 1.15).  Bare encoding
      runs before and after each of --repeat pipeline runs; each run is compared with the mean of
      its two neighbours and the median ratio is reported, so load from other processes on a
      shared machine shows as spread instead of being taken for overhead.  ``--encoders torch,onnx``
      repeats (c) with the ONNX Runtime int8 encoder (``WORKBENCH_ENCODER=onnx``), still as ratios to
      bare torch encoding, and reports the ONNX encoder's own bare encoding the same way.  Time spent
      inside the model and in the events/store steps is shown too (these overlap: the library encodes one
      chunk on a worker thread while it analyses and stores the next).

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
    .venv/bin/python bench/ingest.py --embed-articles 500 --repeat 3  # (c): 3 runs on the first 500
    .venv/bin/python bench/ingest.py --articles 500
    .venv/bin/python bench/ingest.py --no-embed          # (a) and (b) only
    .venv/bin/python bench/ingest.py --quick             # 100 articles
    .venv/bin/python bench/ingest.py --quick --encoders torch,onnx  # (c) with both encoders
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

import numpy as np

from common import OUT, CountingEmbedder, fx, library_state, load_model, log, print_table, ratio, timed, write_json

from workbench import Workbench
from workbench.api import DEMO_DIR
from workbench.encode.embed import text_hash
from workbench.ingest import analyse, ingest_item
from workbench.read.sources import read_path

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
              "store": (("workbench.storage.store", "insert_article"),)}

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


def torch_threads(set_to: int | None = None) -> int:
    """torch's intra-op thread count on this thread (setting it first if asked).

    Touching the workbench index can change it: faiss and torch share one OpenMP runtime, so
    ``faiss.omp_set_num_threads(1)`` also leaves the model one thread on the calling thread.
    The bare-encoding baseline is always run with the count the model started with, and the
    report says when the library had changed it."""
    import torch

    if set_to is not None:
        torch.set_num_threads(set_to)
    return torch.get_num_threads()


def run_embedding(items, texts: list[str], repeat: int, encoders: list[str]) -> dict:
    """(c) for each encoder: bare torch encoding of the claim texts, then ``repeat`` times (bare encoding
    with the encoder, pipeline run with it, bare torch encoding).  Every figure is a ratio to the mean of
    the two bare torch runs around it, so a change of machine load shows as a spread between runs
    rather than as pipeline overhead or as an encoder's speed-up."""
    baseline = load_model("torch")
    threads, resets = torch_threads(), []

    def bare_encode(embedder, label: str) -> float:
        if torch_threads() != threads:  # see torch_threads(): keep the baseline on the model's default
            resets.append(torch_threads())
            torch_threads(threads)
        log(f"bare {label} encode of {len(texts)} unique claim texts ({threads} torch threads)")
        return timed(embedder.encode, texts, batch_size=64)[0]

    bare, per_encoder = [bare_encode(baseline, "torch")], {}
    for encoder in encoders:
        embedder = baseline if encoder == "torch" else load_model(encoder)
        runs = per_encoder.setdefault(encoder, [])
        for number in range(repeat):
            own = bare_encode(embedder, encoder)
            log(f"ingest with the {encoder} encoder, {len(items)} articles (run {number + 1}/{repeat})")
            run = run_ingest_embedded(items, embedder)
            bare.append(bare_encode(baseline, "torch"))
            run["baseline_s"] = (bare[-2] + bare[-1]) / 2
            run["bare_encoder_s"] = own
            run["bare_encoder_ratio"] = own / run["baseline_s"]
            run["overhead_ratio"] = run["seconds"] / run["baseline_s"]
            runs.append(run)
    return {"bare_encode_texts": len(texts), "bare_encode_s": bare, "encoders": per_encoder, "torch_threads": threads,
            "torch_threads_found_changed_to": resets,
            "median_overhead_ratio": {encoder: float(np.median([run["overhead_ratio"] for run in runs]))
                                      for encoder, runs in per_encoder.items()}}


def report_embedding(embedded: dict) -> None:
    bare, count = embedded["bare_encode_s"], embedded["bare_encode_texts"]
    first = next(iter(embedded["encoders"].values()))[0]
    print(f"\nwith the model ({first['added']} articles, {first['claims']} claims stored, {first['indexed']} indexed; "
          f"the pipeline encoded {first['encoded']} texts in {first['model_calls']} calls; baseline: bare torch "
          f"encode of the {count} unique claim texts of the same articles, batch_size=64, around each run):")
    rows = [[f"bare torch encode #{number + 1}", f"{seconds:.1f}", f"{count / seconds:.1f}", ""]
            for number, seconds in enumerate(bare)]
    for encoder, runs in embedded["encoders"].items():
        for number, run in enumerate(runs):
            rows.append([f"{encoder}: bare encode, run {number + 1}", f"{run['bare_encoder_s']:.1f}",
                         f"{count / run['bare_encoder_s']:.1f}", fx(run["bare_encoder_ratio"])])
            rows.append([f"{encoder}: ingest with embedding, run {number + 1}", f"{run['seconds']:.1f}",
                         f"{run['claims'] / run['seconds']:.1f}", fx(run["overhead_ratio"])])
            rows.append(["  time inside embedder.encode (worker thread)", f"{run['inside_model_s']:.1f}", "",
                         fx(ratio(run["inside_model_s"], run["baseline_s"]))])
            rows += [[f"  time inside {stage}", f"{spent:.1f}", "", fx(ratio(spent, run["baseline_s"]))]
                     for stage, spent in run["stages_s"].items()]
    print_table("Ingest with embedding (Workbench._ingest_inputs) per encoder, as ratios to bare torch "
                "model.encode of the same sentences (mean of the bare torch runs before and after); stage "
                "times may overlap (the library encodes one chunk while it analyses and stores the next)",
                ["what", "seconds", "claims/s", "vs bare torch encode"], rows)
    for encoder, median in embedded["median_overhead_ratio"].items():
        print(f"{encoder}: ingest takes {median:.2f}x bare torch encoding (median of "
              f"{len(embedded['encoders'][encoder])} runs)" + (" — pipeline overhead target under +15%: "
                                                                f"{'met' if median < 1.15 else 'NOT met'}"
                                                                if encoder == "torch" else ""))
    print(f"bare torch encoding varied {max(bare) / min(bare) - 1:.0%} between its {len(bare)} runs")
    if embedded["torch_threads_found_changed_to"]:
        print(f"note: after the pipeline ran, torch used {embedded['torch_threads_found_changed_to'][0]} thread(s) "
              f"on this thread instead of {embedded['torch_threads']} (the library changed it); the bare runs "
              f"were reset to {embedded['torch_threads']}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="replicated articles for (a) and (b)")
    parser.add_argument("--embed-articles", type=int, default=None, help="articles for (c) (default: --articles)")
    parser.add_argument("--no-embed", action="store_true", help="skip (c), which loads the model")
    parser.add_argument("--repeat", type=int, default=1, help="pipeline runs in (c), each bracketed by bare encodes")
    parser.add_argument("--same-event", action="store_true",
                        help="keep the original dates: every copy of a story joins one event (worst case)")
    parser.add_argument("--encoders", default="torch", help="comma-separated encoders for (c): torch,onnx")
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
        embedded = run_embedding(embed_items, unique_texts([text for texts in per_article for text in texts]),
                                 args.repeat, args.encoders.split(","))
        report_embedding(embedded)
        out["embedded"] = embedded
    write_json(args.out, out)
    print(f"raw numbers: {args.out}")


if __name__ == "__main__":
    main()
