"""Ingest throughput on the demo corpus replicated to N articles.

Prints articles/s and claims/s for (a) analysis alone (clean → segment →
attribute → figures → detect) and (b) the whole ingest into a fresh
claims.db, so the cost of storing is visible as a ratio of the first.
Each copy gets a distinct marker so the content hash does not dedupe it.

    python bench/ingest.py [--articles 2000]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench import Workbench  # noqa: E402
from workbench.api import DEMO_DIR  # noqa: E402
from workbench.ingest import analyse, ingest_item  # noqa: E402
from workbench.sources import read_path  # noqa: E402


def demo_inputs():
    manifest = json.loads((DEMO_DIR / "manifest.json").read_text(encoding="utf-8"))
    items = []
    for entry in manifest:
        defaults = {key: entry[key] for key in ("outlet", "url", "title", "published", "language") if entry.get(key)}
        items.extend(read_path(DEMO_DIR / entry["file"], defaults))
    return items


def replicate(items, count):
    """``count`` inputs cycling through the demo corpus, each made unique."""
    copies = []
    for number in range(count):
        item = items[number % len(items)]
        marker = f"Copy {number}. "
        text = (re.sub(r"<p>", "<p>" + marker, item.text, count=1) if item.is_html
                else re.sub(r"\n(?=\S)", f"\n{marker}", item.text, count=1))
        copies.append(type(item)(text=text, source=f"{item.source}#{number}", is_html=item.is_html,
                                 metadata=dict(item.metadata)))
    return copies


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    items = replicate(demo_inputs(), args.articles)

    started = time.perf_counter()
    analysed_claims = sum(len(analyse(item).claims) for item in items)
    analyse_s = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        workbench = Workbench(Path(folder) / "claims.db", Path(folder) / "indexes")
        workbench.init()
        started = time.perf_counter()
        results = [ingest_item(workbench.db, item) for item in items]
        ingest_s = time.perf_counter() - started
        stored = workbench.stats()
        workbench.close()

    added = sum(result.status == "added" for result in results)
    print(f"articles: {len(items)} ({added} stored), claims: {stored['claims']}, figures: {stored['figures']}")
    print(f"analysis only : {len(items) / analyse_s:8.1f} articles/s  {analysed_claims / analyse_s:9.1f} claims/s")
    print(f"full ingest   : {len(items) / ingest_s:8.1f} articles/s  {stored['claims'] / ingest_s:9.1f} claims/s")
    print(f"storing costs : {ingest_s / analyse_s:8.2f}x the analysis time (ratio full ingest / analysis)")


if __name__ == "__main__":
    main()
