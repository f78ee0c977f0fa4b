"""End to end on a set of reports with labelled pairs: is the counterpart found in ``similar``'s
top k, and is the relation shown the labelled one?

Every report of the set is ingested into a fresh workbench (the real model, the real ingest:
events, frames, relations), then for each labelled pair (a, b) the stored claim of a's sentence
is asked ``Workbench.similar(a, k)`` exactly as the CLI, the JSON API and the claim page ask it.
A pair counts as found when b's claim (or a syndicated copy folded into a result) is among the
results, and as right end to end when it is found *and* its relation is the gold label.  A
sentence that was never stored as a claim can never be found: it counts as a miss, because a
fact-checker never sees it either.  Recall and end to end count the pairs that have a
counterpart to find (corroborates, conflicts, related); an unrelated pair has none, and is only
checked for being shown as corroborating or conflicting (the last column).

In the same run, every candidate ``similar`` considers (k = 0), labelled as it labels them: the
ceiling of any order, so a low figure says whether the counterparts are missed or mislabelled;
and a similarity-only baseline: the k claims of other reports nearest by cosine,
labelled by two cosine thresholds tuned on this very set (flattered, not handicapped).

Printed per story and overall: recall@k, relation accuracy on the found pairs, end to end,
conflicts caught (gold conflicts found and labelled conflicts), unrelated pairs labelled
corroborates or conflicts, and the same for the baseline.  Imported by ``bench/stance.py --set``.
"""
from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from extraction import load_jsonl, stored_claim  # bench/ is on sys.path when a bench script runs
from workbench import Workbench

LABELS = ("corroborates", "conflicts", "related", "unrelated")


def _manifest(folder: Path) -> tuple[Path, list[dict]]:
    path = folder / "manifest.json" if (folder / "manifest.json").exists() else folder / "reports" / "manifest.json"
    return path.parent, json.loads(path.read_text(encoding="utf-8"))


def _story(entry: dict) -> str:
    return entry.get("story") or entry.get("event") or "?"


def ingest_set(wb: Workbench, folder: Path) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """file -> its stored claims; file -> its story."""
    reports, manifest = _manifest(folder)
    for entry in manifest:
        defaults = {key: entry[key] for key in ("outlet", "url", "title", "published", "language") if entry.get(key)}
        wb.ingest_file(reports / entry["file"], defaults, label=entry["file"])
    article_of = {article["source"]: article["id"] for article in wb.articles()}
    claims = {entry["file"]: wb.claims(article_id=article_of.get(entry["file"], -1)) for entry in manifest}
    return claims, {entry["file"]: _story(entry) for entry in manifest}


def _shown(results: list[dict], claim_id: int) -> dict | None:
    return next((r for r in results if r["claim"]["id"] == claim_id or claim_id in r.get("duplicates", [])), None)


def workbench_route(wb: Workbench, pairs: list[dict], claims: dict, k: int) -> list[tuple[bool, str | None]]:
    """(found, relation shown) per pair, through Workbench.similar (``k`` = 0: every candidate)."""
    out, asked = [], {}
    for pair in pairs:
        a = stored_claim(pair["a"]["text"], claims[pair["a"]["file"]])
        b = stored_claim(pair["b"]["text"], claims[pair["b"]["file"]])
        if a is None or b is None:
            out.append((False, None))
            continue
        if a["id"] not in asked:
            asked[a["id"]] = wb.similar(a["id"], k=k)
        shown = _shown(asked[a["id"]], b["id"])
        out.append((shown is not None, shown["relation"] if shown else None))
    return out


def baseline_route(wb: Workbench, pairs: list[dict], claims: dict, k: int) -> list[tuple[bool, str | None]]:
    """Nearest k claims of other reports by cosine; labels by thresholds tuned on this set."""
    every = [claim for found in claims.values() for claim in found]
    vectors = wb.embedder.encode([claim["text"] for claim in every])
    index_of = {claim["id"]: i for i, claim in enumerate(every)}
    hits, cosines = [], []
    for pair in pairs:
        a = stored_claim(pair["a"]["text"], claims[pair["a"]["file"]])
        b = stored_claim(pair["b"]["text"], claims[pair["b"]["file"]])
        if a is None or b is None:
            hits.append(False)
            cosines.append(None)
            continue
        scores = vectors @ vectors[index_of[a["id"]]]
        others = [i for i in np.argsort(-scores) if every[i]["article_id"] != a["article_id"]][:k]
        hits.append(index_of[b["id"]] in others)
        cosines.append(float(scores[index_of[b["id"]]]))
    gold = [pair["label"] for pair in pairs]
    best = (-1, 0.0, 0.0)
    grid = np.round(np.arange(0.05, 1.0, 0.025), 3)
    for high in grid:
        for low in grid[grid < high]:
            labels = [_threshold(c, low, high) for c in cosines]
            right = sum(h and label == g for h, label, g in zip(hits, labels, gold))
            best = max(best, (right, float(low), float(high)))
    _, low, high = best
    return [(hit, _threshold(c, low, high) if hit else None) for hit, c in zip(hits, cosines)]


def _threshold(cosine: float | None, low: float, high: float) -> str | None:
    if cosine is None:
        return None
    return "corroborates" if cosine >= high else "related" if cosine >= low else "unrelated"


def summary(pairs: list[dict], outcome: list[tuple[bool, str | None]]) -> dict:
    """Recall and end to end over the pairs that have a counterpart to find (corroborates, conflicts,
    related); an unrelated pair is only checked for being shown as corroborating or conflicting."""
    gold = [pair["label"] for pair in pairs]
    counted = [i for i, g in enumerate(gold) if g != "unrelated"]
    found = [outcome[i][0] for i in counted]
    right = {i: outcome[i][0] and outcome[i][1] == gold[i] for i in counted}
    conflicts = [i for i, g in enumerate(gold) if g == "conflicts"]
    unrelated = [i for i, g in enumerate(gold) if g == "unrelated"]
    return {"pairs": len(counted), "found": sum(found), "right_when_found": sum(right.values()),
            "end_to_end": sum(right.values()), "conflicts": len(conflicts),
            "conflicts_caught": sum(right[i] for i in conflicts),
            "unrelated_mislabelled": sum(outcome[i][1] in ("corroborates", "conflicts") for i in unrelated),
            "found_by_label": dict(Counter(gold[i] for i in counted if outcome[i][0])), "by_label": dict(Counter(gold))}


def line(name: str, s: dict) -> str:
    n = s["pairs"] or 1
    found = s["found"] or 1
    return (f"  {name:<34} recall@k {s['found'] / n:.2f} ({s['found']}/{s['pairs']})  right when found "
            f"{s['right_when_found'] / found:.2f}  end to end {s['end_to_end'] / n:.2f} ({s['end_to_end']}/{s['pairs']})"
            f"  conflicts caught {s['conflicts_caught']}/{s['conflicts']}  unrelated mislabelled "
            f"{s['unrelated_mislabelled']}")


def run(folder: Path, model: str | None, k: int, show_errors: bool = False) -> dict:
    pairs = load_jsonl(folder / "pairs.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        with Workbench(Path(tmp) / "claims.db", Path(tmp) / "indexes", model=model) as wb:
            wb.init()
            claims, story_of = ingest_set(wb, folder)
            routes = {"workbench (similar)": workbench_route(wb, pairs, claims, k),
                      "workbench, every candidate (k = 0): what no order can pass": workbench_route(wb, pairs, claims, 0),
                      "baseline: cosine only": baseline_route(wb, pairs, claims, k)}
            events = len(wb.events())
            model_name = wb.model
    stories = defaultdict(list)
    for i, pair in enumerate(pairs):
        a_story, b_story = story_of[pair["a"]["file"]], story_of[pair["b"]["file"]]
        stories[a_story if a_story == b_story else "cross-story"].append(i)
    print(f"\n== {folder.name}: {len(pairs)} pairs, {len(story_of)} reports in {events} events, k = {k}, "
          f"model {model_name}")
    report = {}
    for route, outcome in routes.items():
        print(f" {route}")
        for story, members in sorted(stories.items()):
            s = summary([pairs[i] for i in members], [outcome[i] for i in members])
            print(line(story, s))
        overall = summary(pairs, outcome)
        print(line("all", overall))
        report[route] = overall
    if show_errors:
        for pair, (found, label) in zip(pairs, routes["workbench (similar)"]):
            if not found or label != pair["label"]:
                print(f"   - {pair.get('id', '')} gold {pair['label']} got {label if found else 'not found'}: "
                      f"{pair['a']['text'][:90]} || {pair['b']['text'][:90]}")
    return report
