"""Consensus on one frame of an event: the value most independent sources agree on, and who stands apart.

The frame board used to mark every value that conflicts with any other one, so in
a disputed frame every row was marked and the mark said nothing.  Here a frame's
values are weighed by *independent sources*, counted as claim summaries count
them (``storage.relations.SOURCE_COUNT``: once per speaker, however many reports
repeat it), with one rule of the board's own: an outlet writing in its own voice
what a source it cites in the same report says is that source again, not a second
one ("…according to a confidential document.  The document lists about 100 dead").

Figures (killed, injured, ...): each value is read as the relations read it
(``stance`` takes "at least 77" for 77 to about 88, not 77 to infinity); the
consensus band is the range covered by the most sources; a value disagrees when
its reading misses the band.  Not every miss is a rival: a count the report tells
as an earlier one ("hospital officials had reported just over 100"), or a source's
count replaced by its own later one, is the series moving on; a count of only part
of the dead (13 peacekeepers) is no rival total unless it exceeds the whole.  Two
ranges with as many sources each are a split: there is no consensus to disagree with.

Positions (control, responsibility): who holds the place, or who did it, with the
number of independent sources behind each; the sides with fewer are the minority.

Meaning travels as codes (``ROLES``, position codes); faces word them.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from datetime import date
from typing import Callable

from ..analyse.frames import FIGURE_FRAMES, control_assertion, is_update, population, responsible_actors
from ..lexicon.en import figures as en_figures
from ..lexicon.fr import figures as fr_figures
from ..text.patterns import strip_accents
from .stance import CUMULATIVE, compare, current_figures, describe_figure, read_bounds

__all__ = ["ROLES", "DISAGREEING", "POSITION_FRAMES", "weigh_frame", "weigh_figures", "weigh_positions", "reading",
           "told_as_earlier", "source_keys", "later_in_series", "figures_conflict", "moved_on"]

# what a value is on its frame's board; "outlier" and "minority" are the rows a desk must look at
ROLES = ("agrees", "outlier", "split", "revised", "earlier", "part", "vague", "majority", "minority")
DISAGREEING = ("outlier", "minority")
POSITION_FRAMES = ("control", "responsibility")
# the codes of ``stance``'s figure signals that make two claims conflict
FIGURE_CONFLICTS = frozenset({"figures_disagree", "figures_corrected", "figures_played_down", "figures_zero_vs_dead",
                              "figures_exceed_total"})
INF = math.inf

# a count told as one from before the report ("had reported", « faisaient encore état de »): the
# series has moved on since.  EN and FR, on accent-folded lower-case text.
_EARLIER = re.compile(f"{en_figures.TOLD_AS_EARLIER}|{fr_figures.TOLD_AS_EARLIER}")


# "higher than any previously given": the earlier counts are the others, not this one
_COMPARED = re.compile(r"\b(?:than|any|que|qu'|aucun\w*)\W*$")


def told_as_earlier(text: str) -> bool:
    """The sentence presents its count as one given before ("had reported", "initially", « faisaient encore état »)."""
    folded = strip_accents(text)
    return any(not _COMPARED.search(folded[max(0, found.start() - 12):found.start()])
               for found in _EARLIER.finditer(folded))


def reading(figure: dict) -> tuple[float, float]:
    """A figure's bounds as the relations read them: (low, high), high = inf when open even so ("hundreds or more")."""
    read = read_bounds(figure)
    return float(read.min or 0), (INF if read.max is None else float(read.max))


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


def _speaker_key(entry: dict) -> str:
    return " ".join(strip_accents(entry.get("speaker") or entry.get("outlet") or "").split())


def source_keys(entries: list[dict], agree: Callable[[dict, dict], bool]) -> dict[int, str]:
    """Claim id -> the independent source behind it: the speaker (case- and accent-blind), except that an
    outlet's own voice is the source it cites in the same article when that source says the same (``agree``)."""
    keys = {entry["id"]: _speaker_key(entry) for entry in entries}
    cited: dict[int, list[dict]] = defaultdict(list)
    for entry in entries:
        if entry.get("speaker_kind") != "outlet":
            cited[entry["article_id"]].append(entry)
    for entry in entries:
        if entry.get("speaker_kind") == "outlet":
            same = next((other for other in cited[entry["article_id"]] if agree(other, entry)), None)
            keys[entry["id"]] = keys[same["id"]] if same else keys[entry["id"]]
    return keys


def later_in_series(kind: str, earlier: tuple[float, float], later: tuple[float, float]) -> bool:
    """Could ``later`` be the same count moved on from ``earlier``?  A cumulative count (the dead) only grows."""
    return kind not in CUMULATIVE or later[0] > earlier[1]


def _figure_of(entry: dict, kind: str) -> dict | None:
    """The claim's current figure of this kind (not an earlier value it says was replaced)."""
    return next((figure for figure in current_figures(entry) if figure["kind"] == kind), None)


def _superseded(kind: str, entries: list[dict], keys: dict[int, str]) -> set[int]:
    """Counts the series has moved on from: told as earlier while a count it could have grown to stands
    beside it, or a source's count replaced by its own, different count on a later day."""
    current = [entry["reading"] for entry in entries if not told_as_earlier(entry["text"])]
    highest_floor = max((low for low, _ in current), default=-INF)
    lowest_ceiling = min((high for _, high in current), default=INF)
    found = set()
    for entry in entries:
        low, high = entry["reading"]
        grown = highest_floor > high if kind in CUMULATIVE else (highest_floor > high or lowest_ceiling < low)
        if grown and told_as_earlier(entry["text"]):
            found.add(entry["id"])
    by_source: dict[str, list[dict]] = defaultdict(list)
    for entry in entries:
        if _day(entry["published"]):
            by_source[keys[entry["id"]]].append(entry)
    for told in by_source.values():
        last = max(_day(entry["published"]) for entry in told)
        latest = [entry["reading"] for entry in told if _day(entry["published"]) == last]
        found |= {entry["id"] for entry in told if _day(entry["published"]) < last
                  and not any(_overlap(entry["reading"], other) for other in latest)}
    return found


def _merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A source's readings as disjoint ranges (a source counts once wherever its readings overlap)."""
    merged: list[list[float]] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return [(low, high) for low, high in merged]


def _coverage(intervals: dict[str, list[tuple[float, float]]]) -> list[tuple[float, float, int]]:
    """(from, to, sources) for every point where an interval ends and every stretch between: a sweep over the
    sources' merged ranges, each counted once.  A closed range covers its ends, so a point counts the ranges
    that start there before those that stop there."""
    starts, stops = defaultdict(int), defaultdict(int)
    for spans in intervals.values():
        for low, high in _merged(spans):
            starts[low] += 1
            stops[high] += 1
    points = sorted(set(starts) | {high for high in stops if high != INF})
    pieces, count = [], 0
    for number, point in enumerate(points):
        count += starts.get(point, 0)
        pieces.append((point, point, count))
        count -= stops.get(point, 0)
        pieces.append((point, points[number + 1] if number + 1 < len(points) else INF, count))
    return pieces


def _regions(intervals: dict[str, list[tuple[float, float]]]) -> tuple[list[tuple[float, float]], int]:
    """The value ranges covered by the most sources, and that number.  A stretch between two ends never has
    more sources than its ends, so every range starts and stops at an end (or runs on to infinity)."""
    pieces = _coverage(intervals)
    best = max((count for _, _, count in pieces), default=0)
    regions: list[tuple[float, float]] = []
    running = False
    for low, high, count in pieces:
        if not (best and count == best):
            running = False
            continue
        stop = high if high == INF or low == high else None  # a stretch ends where the next point does
        if running:
            regions[-1] = (regions[-1][0], regions[-1][1] if stop is None else stop)
        else:
            regions.append((low, low if stop is None else stop))
        running = True
    return regions, best


def _role(entry: dict, regions: list[tuple[float, float]], kind: str) -> str:
    """Agrees with the one band, is one side of a split, was revised, or stands apart."""
    inside = any(_overlap(entry["reading"], region) for region in regions)
    if len(regions) > 1:
        return "split" if inside else "outlier"
    if inside:
        return "agrees"
    figure = entry["figure"]
    if figure.get("revision") or is_update(entry["text"]):
        revised_down = kind in CUMULATIVE and entry["reading"][1] < regions[0][0]
        return "outlier" if revised_down else "revised"  # a count corrected below the others is for the desk
    return "outlier"


def _names(entries: list[dict], keys: dict[int, str]) -> dict[str, str]:
    """Source key -> how to name the source: as its own report calls it (not the outlet that repeats it)."""
    names: dict[str, str] = {}
    for entry in sorted(entries, key=lambda entry: entry.get("speaker_kind") == "outlet"):
        names.setdefault(keys[entry["id"]], entry["speaker"])
    return names


def _groups(entries: list[dict], keys: dict[int, str], names: dict[str, str], role: str) -> list[dict]:
    """Values of one role with the sources behind each, most sources first: "~100 — a document, alone"."""
    by_value: dict[tuple, list[dict]] = defaultdict(list)
    for entry in entries:
        if entry["role"] == role:
            by_value[(entry["figure"]["min"], entry["figure"]["max"])].append(entry)
    groups = [{"value": members[0]["value"], "reports": len(members), "claim_ids": [entry["id"] for entry in members],
               "sources": list(dict.fromkeys(names[keys[entry["id"]]] for entry in members))}
              for members in by_value.values()]
    return sorted(groups, key=lambda group: (-len(group["sources"]), group["claim_ids"][0]))


def _counted(kind: str, entries: list[dict]) -> list[dict]:
    """The claims with a figure of this kind, each with that figure, its words and its reading."""
    counted = []
    for entry in entries:
        figure = _figure_of(entry, kind)
        if figure is not None:
            counted.append({**entry, "figure": figure, "value": describe_figure(figure), "reading": reading(figure)})
    return counted


def _assign(kind: str, counted: list[dict], whole: set[int], earlier: set[int], regions: list) -> None:
    """Each value's role: no number, superseded, against the band (``_role``), or a part of the toll."""
    for entry in counted:
        figure = entry["figure"]
        if figure["min"] is None and figure["max"] is None:
            entry["role"] = "vague"
        elif entry["id"] in earlier:
            entry["role"] = "earlier"
        elif entry["id"] in whole:
            entry["role"] = _role(entry, regions, kind)
        else:  # a count of only some of the people: it disagrees only by exceeding the whole
            exceeds = len(regions) == 1 and entry["reading"][0] > regions[0][1]
            entry["role"] = "outlier" if exceeds else "part"


def weigh_figures(kind: str, entries: list[dict]) -> dict:
    """The consensus band of a figure frame and each value's role (``ROLES``).

    ``entries``: claim dicts as stored (``id, speaker, speaker_kind, outlet, article_id, published, text,
    figures``).  Returns {"kind": "figures", "band": {"low", "high" (None: open), "sources", "names"} or
    None, "split": the tied ranges, "roles": {claim id: role}, "entries": the claims with ``figure``,
    ``value``, ``reading``, ``role``, ``source``; and "outliers", "sides", "earlier", "parts", "revised":
    the values of that role with their sources (``_groups``)}."""
    counted = _counted(kind, entries)
    quantified = [e for e in counted if e["figure"]["min"] is not None or e["figure"]["max"] is not None]
    whole = [e for e in quantified if population(e["text"], e["figure"]["text"]) is None] or quantified
    keys = source_keys(quantified, lambda a, b: _overlap(a["reading"], b["reading"]))
    earlier = _superseded(kind, whole, keys)
    spans: dict[str, list] = defaultdict(list)
    for entry in whole:
        if entry["id"] not in earlier:
            spans[keys[entry["id"]]].append(entry["reading"])
    regions, best = _regions(spans)
    _assign(kind, counted, {entry["id"] for entry in whole}, earlier, regions)
    for entry in counted:
        entry["source"] = keys.get(entry["id"], _speaker_key(entry))
    names = _names(quantified, keys)
    band = None
    if len(regions) == 1:
        agreeing = [names[keys[entry["id"]]] for entry in counted if entry["role"] == "agrees"]
        band = {"low": regions[0][0], "high": None if regions[0][1] == INF else regions[0][1], "sources": best,
                "names": list(dict.fromkeys(agreeing))}
    return {"kind": "figures", "band": band, "split": regions if len(regions) > 1 else [], "entries": counted,
            "roles": {entry["id"]: entry["role"] for entry in counted},
            **{name: _groups(counted, keys, names, role) for name, role in
               (("outliers", "outlier"), ("sides", "split"), ("earlier", "earlier"), ("parts", "part"),
                ("revised", "revised"))}}


def _position(frame: str, entry: dict) -> tuple[str, tuple[str, ...]] | None:
    """(position code, places) a claim takes in a position frame; None when it takes none."""
    if frame == "control":
        control = control_assertion(entry["text"], entry["claim_type"], entry["speaker"])
        return (control.holder, tuple(place for place in control.places if place != "*")) if control else None
    if frame == "responsibility":
        return ("+".join(sorted(responsible_actors(entry["text"]))), ())
    return None


def weigh_positions(frame: str, entries: list[dict]) -> dict:
    """The positions taken in a frame (who holds the place; who is responsible), each with its independent
    sources; the positions with fewer sources than the most are the ``minority``, a tie at the top a ``split``.

    Returns {"kind": "positions", "positions": [{"code", "places", "sources", "names", "reports", "claim_ids",
    "role"}], "roles": {claim id: role}}."""
    taken = [{**entry, "position": found} for entry in entries if (found := _position(frame, entry))]
    keys = source_keys(taken, lambda a, b: a["position"][0] == b["position"][0])
    by_code: dict[str, list[dict]] = defaultdict(list)
    for entry in taken:
        by_code[entry["position"][0]].append(entry)
    counts = {code: len({keys[entry["id"]] for entry in members}) for code, members in by_code.items()}
    names = _names(taken, keys)
    best = max(counts.values(), default=0)
    leaders = [code for code, count in counts.items() if count == best]
    positions = []
    for code, members in sorted(by_code.items(), key=lambda item: (-counts[item[0]], item[0])):
        role = "minority" if counts[code] < best else ("split" if len(leaders) > 1 else "majority")
        positions.append({"code": code, "role": role, "sources": counts[code], "reports": len(members),
                          "names": list(dict.fromkeys(names[keys[entry["id"]]] for entry in members)),
                          "places": sorted({place for entry in members for place in entry["position"][1]}),
                          "claim_ids": [entry["id"] for entry in members]})
    roles = {claim_id: position["role"] for position in positions for claim_id in position["claim_ids"]}
    return {"kind": "positions", "positions": positions, "roles": roles}


def weigh_frame(frame: str, entries: list[dict]) -> dict | None:
    """``weigh_figures`` for a figure frame ("killed", "killed@airport"), ``weigh_positions`` for control and
    responsibility, None for frames with no measure of agreement (damage: the wording is the value)."""
    kind = frame.split("@")[0]
    if kind in POSITION_FRAMES:
        return weigh_positions(kind, entries)
    if kind in FIGURE_FRAMES and any(_figure_of(entry, kind) for entry in entries):
        return weigh_figures(kind, entries)
    return None


def moved_on(kind: str, a: dict, b: dict) -> bool:
    """Are the two claims' counts of ``kind`` one series moving on rather than rivals: the lower one told as an
    earlier count ("had reported just over 100") or the same source's count on an earlier day, and the other
    a count it could have grown to?"""
    fa, fb = _figure_of(a, kind), _figure_of(b, kind)
    if fa is None or fb is None:
        return False
    (low, low_claim), (high, high_claim) = sorted([(reading(fa), a), (reading(fb), b)], key=lambda pair: pair[0])
    if _overlap(low, high) or not later_in_series(kind, low, high):
        return False
    if told_as_earlier(low_claim["text"]) and not told_as_earlier(high_claim["text"]):
        return True
    day_low, day_high = _day(low_claim.get("published")), _day(high_claim.get("published"))
    return _speaker_key(low_claim) == _speaker_key(high_claim) and bool(day_low and day_high and day_low < day_high)


def figures_conflict(a: dict, b: dict) -> bool:
    """Do two claims' figures truly conflict?  The relations' figure rules must say so (``stance.compare``'s
    codes), and not only because a count the series has moved on from meets the count it moved on to."""
    codes = set(compare(a, b).codes) & FIGURE_CONFLICTS
    if codes - {"figures_disagree"}:
        return True
    kinds = {f["kind"] for f in current_figures(a)} & {f["kind"] for f in current_figures(b)} & set(FIGURE_FRAMES)
    rivals = [kind for kind in kinds if not _overlap(*(reading(_figure_of(claim, kind)) for claim in (a, b)))]
    return bool(codes) and any(not moved_on(kind, a, b) for kind in rivals)
