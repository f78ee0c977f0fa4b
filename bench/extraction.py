"""Extraction on labelled sets: which sentences become claims, their type, speaker and figures.

Every set is measured separately, through the same code path ingest uses
(``workbench.ingest.analyse`` on each report file; the stored claims are
exactly what it returns), never on given sentences alone:

* ``blind_extraction``, ``blind_extraction_2``: reports with gold sentences and
  labelled pairs, written by people who never read the code (see their READMEs);
* ``blind_stance``: reports with labelled pairs only (counterparts stored?);
* ``cases``: ``tests/data/extraction_cases.jsonl``, the team's sentences by
  class (dropped claims, figure kinds and revisions, speakers and aliases),
  each analysed as a short report made of its context and the sentence.

Printed per set: claim recall and precision (a stored claim that matches a
gold non-claim, or no gold sentence at all, is a false claim), pairs whose
counterpart sentence was not stored as a claim, speaker and type accuracy on
the gold claims that were stored, and figure precision/recall with exact
kind and bounds (and bounds alone, to tell kind errors from number errors).
The gold taxonomy is the blind sets' own (README "Labelling rules"); the
mapping from the workbench's codes to it is ``TYPE_MATCHES`` and
``KIND_MATCHES`` below, written once, before measuring.

    python bench/extraction.py [--sets blind_extraction,cases] [--errors speakers|types|claims|figures]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# this checkout's workbench, before an installed one: an editable install elsewhere would otherwise be measured
sys.path.insert(0, str(ROOT))

from workbench.analyse.actors import normalise  # noqa: E402
from workbench.analyse.segment import Sentence  # noqa: E402
from workbench import ingest  # noqa: E402  (ingest.analyse_sentences: absent before issue 14)
from workbench.read.sources import ArticleInput, read_path  # noqa: E402

DATA = ROOT / "tests" / "data"
# a workbench claim type -> the gold types it may stand for
TYPE_MATCHES = {"casualty": {"casualty"}, "statement": {"statement"}, "event": {"event"},
                "finding": {"finding"}, "condition": {"condition"}, "control": {"event", "condition"},
                "responsibility": {"statement", "event"}, "background": {"condition"}, "other": {"other"}}
# a workbench figure kind -> the gold kind
KIND_MATCHES = {"injured": "wounded", "arrested": "other", "abducted": "other", "escaped": "other",
                "attackers_killed": "killed"}
_ARTICLE = re.compile(r"^(?:the|a|an|le|la|les|l'|un|une|des|du|de la|de l')\s+", re.I)


def fold(text: str) -> str:
    """Lower case, accents and punctuation dropped, spaces collapsed: for matching texts and names."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^\w' ]+", " ", text.lower()).split())


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# -- running the pipeline ---------------------------------------------------------------
def claims_of_reports(folder: Path, manifest: list[dict]) -> dict[str, list[dict]]:
    """file -> the claims ingest would store for it."""
    found = {}
    for entry in manifest:
        defaults = {key: entry[key] for key in ("outlet", "url", "title", "published", "language") if entry.get(key)}
        items = [item for item in read_path(folder / entry["file"], defaults) if isinstance(item, ArticleInput)]
        found[entry["file"]] = [claim for item in items for claim in ingest.analyse(item).claims]
    return found


def _matches(gold: str, claim: str) -> bool:
    """The same sentence, allowing for segmentation: one contains the other, or most words are shared."""
    if gold in claim or claim in gold:
        return min(len(gold), len(claim)) >= 0.5 * max(len(gold), len(claim)) or gold in claim
    a, b = set(gold.split()), set(claim.split())
    return len(a & b) >= 0.7 * len(a | b)


def stored_claim(sentence: str, claims: list[dict]) -> dict | None:
    folded = fold(sentence)
    return next((claim for claim in claims if _matches(folded, fold(claim["text"]))), None)


# -- scoring ------------------------------------------------------------------------------
def _names(name: str) -> set[str]:
    """A name as written, folded, and as the workbench's own normaliser names that actor (so "Red
    Cross" and "ICRC", « témoins » and "witnesses" are one actor, as the issue asks)."""
    actor = normalise(name)
    return {_ARTICLE.sub("", fold(n)) for n in (name, actor.name if actor else name)} - {""}


def speaker_right(gold: dict, claim: dict) -> bool:
    if gold["speaker"] is None:
        return claim["speaker_kind"] == "outlet"
    if claim["speaker_kind"] == "outlet":
        return False
    predicted = _ARTICLE.sub("", fold(claim["speaker"]))
    names = set().union(*(_names(name) for name in [gold["speaker"], *gold.get("aliases_of_speaker", [])]))
    return any(predicted == name or re.search(rf"\b{re.escape(predicted)}\b", name)
               or re.search(rf"\b{re.escape(name)}\b", predicted) for name in names)


def type_right(gold: dict, claim: dict) -> bool:
    return gold["type"] in TYPE_MATCHES.get(claim["claim_type"], {claim["claim_type"]})


def figure_key(figure: dict) -> tuple:
    """(kind, low, high) in the gold's terms, for a gold figure or a workbench one."""
    if "low" in figure:
        return figure["kind"], figure["low"], figure["high"]
    return KIND_MATCHES.get(figure["kind"], figure["kind"]), figure["min"], figure["max"]


def _same_figure(gold: dict, predicted: dict, with_kind: bool) -> bool:
    """Equal bounds; an approximate gold value ("about 30": low = high = 30) matches a workbench
    approximation that is a range around it (27–33), the way the workbench stores "about"."""
    (gold_kind, low, high), (kind, p_low, p_high) = figure_key(gold), figure_key(predicted)
    if with_kind and gold_kind != kind:
        return False
    if (low, high) == (p_low, p_high):
        return True
    if high is None and p_high is None and p_low == (low or 0) + 1:
        return True  # "more than 150": the gold's low is 150, the workbench's is 151 (strictly more)
    return bool(gold.get("approximate") and predicted.get("approximate") and low == high and low is not None
                and p_low is not None and p_high is not None and p_low <= low <= p_high)


def figure_counts(gold: list[dict], predicted: list[dict], with_kind: bool) -> tuple[int, int, int]:
    """(true positives, gold figures, predicted figures), each predicted figure matched at most once."""
    unmatched, hits = list(predicted), 0
    for wanted in gold:
        found = next((p for p in unmatched if _same_figure(wanted, p, with_kind)), None)
        if found is not None:
            unmatched.remove(found)
            hits += 1
    return hits, len(gold), len(predicted)


class Score:
    """Counts for one set, printed as one block."""

    def __init__(self, name: str):
        self.name, self.counts, self.errors = name, Counter(), defaultdict(list)

    def gold_sentence(self, gold: dict, claim: dict | None, label: str) -> None:
        c = self.counts
        if not gold["is_claim"]:
            c["non_claims"] += 1
            if claim is not None:
                c["false_claims"] += 1
                self.errors["claims"].append(f"stored, not a claim: {gold['sentence']}")
            return
        c["claims"] += 1
        if claim is None:
            self.errors["claims"].append(f"dropped ({gold['type']}): {gold['sentence']}")
            return
        c["found"] += 1
        c["speaker_right"] += speaker_right(gold, claim)
        c["type_right"] += type_right(gold, claim)
        if not speaker_right(gold, claim):
            self.errors["speakers"].append(f"{label}: gold {gold['speaker']!r} ({gold['speaker_kind']}) got "
                                           f"{claim['speaker']!r} ({claim['speaker_kind']}): {gold['sentence']}")
        if not type_right(gold, claim):
            self.errors["types"].append(f"gold {gold['type']} got {claim['claim_type']}: {gold['sentence']}")
        for with_kind, prefix in ((True, "fig"), (False, "bounds")):
            tp, wanted, got = figure_counts(gold["figures"], claim["figures"], with_kind)
            c[f"{prefix}_tp"] += tp
            c[f"{prefix}_gold"] += wanted
            c[f"{prefix}_got"] += got
        if figure_counts(gold["figures"], claim["figures"], True)[0] != max(len(gold["figures"]), len(claim["figures"])):
            self.errors["figures"].append(f"gold {[figure_key(f) for f in gold['figures']]} got "
                                          f"{[figure_key(f) for f in claim['figures']]}: {gold['sentence']}")
        revised = [figure_key(f) for f in gold["figures"] if f.get("revision")]
        if revised:
            c["revisions"] += len(revised)
            c["revisions_found"] += sum(any(p.get("revision") and _same_figure(g, p, False) for p in claim["figures"])
                                        for g in gold["figures"] if g.get("revision"))

    def unmatched_claims(self, count: int) -> None:
        self.counts["stored_elsewhere"] += count

    def pair(self, missing: bool) -> None:
        self.counts["pairs"] += 1
        self.counts["pairs_missing"] += missing

    def lines(self) -> list[str]:
        c = self.counts

        def ratio(a: str, b: str) -> str:
            return f"{c[a] / c[b]:.3f} ({c[a]}/{c[b]})" if c[b] else "n/a"

        stored = c["found"] + c["false_claims"] + c["stored_elsewhere"]
        out = [f"== {self.name}"]
        if c["claims"]:
            out += [f"  claim recall                {ratio('found', 'claims')}",
                    f"  claim precision             {c['found'] / stored:.3f} ({c['found']}/{stored}: "
                    f"{c['false_claims']} gold non-claims, {c['stored_elsewhere']} matching no gold sentence)"
                    if stored else "  claim precision             n/a",
                    f"  speaker accuracy (stored)   {ratio('speaker_right', 'found')}",
                    f"  type accuracy (stored)      {ratio('type_right', 'found')}",
                    f"  figures exact: precision    {ratio('fig_tp', 'fig_got')}  recall {ratio('fig_tp', 'fig_gold')}",
                    f"  figures bounds: precision   {ratio('bounds_tp', 'bounds_got')}  recall "
                    f"{ratio('bounds_tp', 'bounds_gold')}",
                    f"  revisions marked            {ratio('revisions_found', 'revisions')}"]
        if c["pairs"]:
            out.append(f"  pairs with a counterpart not stored as a claim  {ratio('pairs_missing', 'pairs')}")
        return out


# -- the sets ---------------------------------------------------------------------------------
def report_set(name: str, folder: Path) -> Score:
    """A folder of reports with manifest.json, and gold_sentences.jsonl and/or pairs.jsonl."""
    manifest_path = folder / "manifest.json" if (folder / "manifest.json").exists() else folder / "reports" / "manifest.json"
    reports = manifest_path.parent
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    claims = claims_of_reports(reports, manifest)
    score = Score(name)
    gold_path = folder / "gold_sentences.jsonl"
    if gold_path.exists():
        used = defaultdict(set)
        for gold in load_jsonl(gold_path):
            claim = stored_claim(gold["sentence"], claims[gold["file"]])
            if claim is not None:
                used[gold["file"]].add(id(claim))
            score.gold_sentence(gold, claim, gold["file"])
        score.unmatched_claims(sum(len([c for c in found if id(c) not in used[file]]) for file, found in claims.items()))
    for pair in load_jsonl(folder / "pairs.jsonl"):
        missing = [side for side in ("a", "b") if stored_claim(pair[side]["text"], claims[pair[side]["file"]]) is None]
        score.pair(bool(missing))
        for side in missing:
            score.errors["pairs"].append(f"not stored ({pair['label']}): {pair[side]['text']}")
    return score


def case_set(path: Path) -> dict[str, Score]:
    """The team's cases, one score per class group; each case is its context sentences and then
    itself, read as one article (``ingest.analyse_sentences``: what ``analyse`` runs after segmenting)."""
    scores = {}
    for case in load_jsonl(path):
        score = scores.setdefault(case["group"], Score(f"cases: {case['group']}"))
        texts = [*case.get("context", []), case["sentence"]]
        offsets = [sum(len(t) + 1 for t in texts[:i]) for i in range(len(texts))]
        sentences = [Sentence(start, start + len(t), t) for start, t in zip(offsets, texts)]
        claims = ingest.analyse_sentences(sentences, "Desk Wire", " ".join(texts))
        claim = next((c for c in claims if c["position"] == len(texts) - 1), None)
        score.gold_sentence(case, claim, case["id"])
    return scores


SETS = {"blind_extraction": lambda: [report_set("blind_extraction (mine collapse, cholera)", DATA / "blind_extraction")],
        "blind_extraction_2": lambda: [report_set("blind_extraction_2", DATA / "blind_extraction_2")],
        "blind_extraction_3": lambda: [report_set("blind_extraction_3 (earthquake, mutiny)", DATA / "blind_extraction_3")],
        "blind_extraction_4": lambda: [report_set("blind_extraction_4 (mine collapse, disputed election)",
                                                  DATA / "blind_extraction_4")],
        "blind_extraction_5": lambda: [report_set("blind_extraction_5 (plant explosion, prison breaks)",
                                                  DATA / "blind_extraction_5")],
        "blind_extraction_6": lambda: [report_set("blind_extraction_6 (dam failure, a journalist's prosecution)",
                                                  DATA / "blind_extraction_6")],
        "blind_extraction_7": lambda: [report_set("blind_extraction_7 (contaminated syrup, shipwreck; uncued second incidents)",
                                                  DATA / "blind_extraction_7")],
        "blind_extraction_8": lambda: [report_set("blind_extraction_8 (train derailment, protest crackdown)",
                                                  DATA / "blind_extraction_8")],
        "blind_extraction_9": lambda: [report_set("blind_extraction_9 (cyclone and a later flood, hotel siege)",
                                                  DATA / "blind_extraction_9")],
        "blind_extraction_10": lambda: [report_set("blind_extraction_10 (airliner crash and a later cargo crash, "
                                                   "school kidnapping)", DATA / "blind_extraction_10")],
        "blind_extraction_11": lambda: [report_set("blind_extraction_11 (market killings over 14 months, floods)",
                                                   DATA / "blind_extraction_11")],
        "blind_extraction_12": lambda: [report_set("blind_extraction_12 (drone strike on a wedding, bridge collapse; "
                                                   "a roundup with a second incident)", DATA / "blind_extraction_12")],
        "blind_extraction_13": lambda: [report_set("blind_extraction_13 (ammonia leak at a fertiliser plant, crush at "
                                                   "a pilgrimage; a roundup with a second incident)",
                                                   DATA / "blind_extraction_13")],
        "blind_extraction_14": lambda: [report_set("blind_extraction_14 (airstrike on a market, ransomware attack on "
                                                   "hospitals)", DATA / "blind_extraction_14")],
        "blind_extraction_15": lambda: [report_set("blind_extraction_15 (heatwave deaths, oil spill)",
                                                   DATA / "blind_extraction_15")],
        "blind_extraction_16": lambda: [report_set("blind_extraction_16 (volcanic eruption, assassination of an "
                                                   "opposition leader)", DATA / "blind_extraction_16")],
        "blind_extraction_17": lambda: [report_set("blind_extraction_17 (bomb attack on a church, drought with "
                                                   "disputed hunger deaths)", DATA / "blind_extraction_17")],
        "blind_extraction_18": lambda: [report_set("blind_extraction_18 (ambush on a peacekeeping convoy, deaths "
                                                   "after a vaccination campaign)", DATA / "blind_extraction_18")],
        "blind_stance": lambda: [report_set("blind_stance (ferry, election): pairs only", DATA / "blind_stance")],
        "cases": lambda: list(case_set(DATA / "extraction_cases.jsonl").values())}


def available() -> list[str]:
    """The sets whose files are here (a checkout may lack a blind set not yet written)."""
    paths = {name: DATA / ("extraction_cases.jsonl" if name == "cases" else name) for name in SETS}
    return [name for name, path in paths.items() if path.exists()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(available()), help=f"comma-separated, of {', '.join(SETS)}")
    parser.add_argument("--errors", choices=("claims", "speakers", "types", "figures", "pairs"),
                        help="also print every error of this class")
    parser.add_argument("--json", type=Path, help="write the counts as JSON here")
    args = parser.parse_args()
    results = {}
    for name in args.sets.split(","):
        for score in SETS[name]():
            print("\n".join(score.lines()))
            results[score.name] = dict(score.counts)
            if args.errors:
                for line in score.errors[args.errors]:
                    print("   -", line)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
