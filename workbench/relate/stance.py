"""Stance: does one claim corroborate, conflict with, or merely relate to another — and why?

Each signal is a small function returning ``Signal``s with a human-readable
reason; ``compare`` combines them:

1. figures — same kind of quantity and scope: overlapping bounds corroborate
   ("killed: 77 agrees with more than 70"), disjoint bounds conflict
   ("killed: 77 vs ~100"); a toll at one site against an overall toll, or a
   toll the report says has since risen, is only related.
2. control — who a claim says holds a place: attackers against defenders
   ("JNIM says it held the airport" vs "the army says the situation is under
   control") conflicts; a denial of a seizure counts as the defenders' side.
3. responsibility — different armed groups named conflict; a denial conflicts.
4. confirmation — one side says confirmed what the other says could not be
   confirmed, on the same frame or in near-identical terms.  A bare denial is
   weighed with the soft signs (below), and its reason names the denier.
5. attribution — notes, never a verdict alone: syndicated copies are not
   independent; a party to the conflict claiming its own success is flagged.

Combination: claims from different events are unrelated (never conflicting),
or related when the events are two incidents of one story;
any conflict signal makes the pair ``conflicts``; otherwise a supporting
signal, or a near-paraphrase of the same claim type, makes it
``corroborates``; otherwise, within one incident, the soft signs are weighed
(``relate.combine``: a fitted logistic regression over named features) and
promote the pair when they point clearly one way; otherwise the same event
or similar wording makes it ``related``.  Confidence grows with the number and strength of the signals.
No NLI model is used: none ships with its weights in a package for offline
CPU use that beat these rules on our labelled set (see README).
"""
from __future__ import annotations

import functools
import re
from datetime import date

from ..analyse.actors import gazetteer_hits
from ..analyse.figures import bounds_compatible, is_part
from ..analyse.details import details
from ..analyse.shares import TOLERANCE as SHARE_TOLERANCE, shares
from ..analyse.propositions import NEEDS_NAME, SIDES, Stance, documents, stances
from ..analyse.frames import (FIGURE_FRAMES, confirms, control_assertion, denies, is_update, not_confirmed, population,
                              responsible_actors, shared_names, site_scope)
from ..lexicon.en import figures as en_figures
from ..lexicon.fr import figures as fr_figures
from ..model import LABELS, Claim, Figure, Relation, Signal
from ..text.patterns import Caseless
from .combine import weigh

__all__ = ["Relation", "Signal", "compare", "describe_figure", "party_to_conflict", "near_identical", "read_bounds",
           "current_figures", "CUMULATIVE", "LABELS"]

PARAPHRASE = 0.80   # cosine above which two claims of one type say the same thing
# types are read by rules per language, so a report and its translation often get two types:
# closer wording says the same thing whatever the types read
PARAPHRASE_ANY_TYPE = 0.85
RELATED = 0.45      # cosine above which claims of unknown event are related
SAME_TERMS = 0.60   # cosine above which a denial is taken to be about the other claim
NEAR_IDENTICAL = 0.8  # word-bigram Jaccard above which two sentences are copies of one text


def describe_figure(figure: dict) -> str:
    """77 · ~100 · more than 70 · up to 30 · 24–99 ("dozens") · 41 (revised, from 43)."""
    value = _bounds(figure)
    if figure.get("revision"):
        earlier = figure.get("previous")
        return f"{value} (revised{f', from {earlier}' if earlier is not None else ''})"
    return value


def _bounds(figure: dict) -> str:
    low, high = figure["min"], figure["max"]
    if low is not None and low == high:
        return str(low)
    if low is not None and high is not None:
        middle = (low + high) / 2
        if figure["approximate"] and high - low <= 0.25 * middle + 2:
            return f"~{round(middle)}"
        return f'{low}–{high} ("{figure["text"]}")'
    if low is not None:
        return f"at least {low}"
    return f"at most {high}" if high is not None else f'"{figure["text"]}"'


_VAGUE = re.compile(r"\b(?:many|numerous|heavy|several|dozens|scores|hundreds|thousands|few|nombreu\w*|lourd\w*|"
                    r"plusieurs|dizaines|centaines|milliers|quelques)\b", re.IGNORECASE)
REPORTED_SPAN = 1.15  # "at least 77" reads as 77 to about 88: a report of ~100 contradicts it


def read_bounds(figure: dict) -> Figure:
    """Bounds as a fact-checker reads a reported toll.

    "At least 77" or "more than 70" in a news report gives the count known so
    far, not an unbounded range: read it as up to 15% above, so "at least 77"
    agrees with "more than 70" but not with "about 100".  Vague words
    ("hundreds", "heavy casualties") keep their own ranges.
    """
    low, high = figure["min"], figure["max"]
    if low is not None and high is None and not _VAGUE.search(figure["text"]):
        high = max(low + 1, int(low * REPORTED_SPAN))
    return Figure(figure["kind"], low, high, figure["approximate"], figure["text"], 0, 0)


_FEW_LOSSES = Caseless(f"{en_figures.FEW_LOSSES}|{fr_figures.FEW_LOSSES}")
LARGE_TOLL = 20  # a death toll this large is not "a few losses"


@functools.lru_cache(maxsize=65536)
def _few_losses(text: str) -> str | None:
    found = _FEW_LOSSES.search(text)
    return found.group() if found else None


def _played_down(a: dict, b: dict) -> list[Signal]:
    """"Only a few losses" (no number) against a large death toll of the same event."""
    for few, counted in ((a, b), (b, a)):
        words = _few_losses(few["text"])
        if words:
            large = [f for f in counted.get("figures", []) if f["kind"] == "killed" and (f["min"] or 0) >= LARGE_TOLL]
            if large:
                return [Signal("conflict", "figures_played_down", 0.6, f"killed: \"{words}\" vs {describe_figure(large[0])}")]
    return []


def current_figures(claim: dict) -> list[dict]:
    """A claim's figures without the earlier values it says were replaced ("43, up from 27": not 27)."""
    figures = claim.get("figures", [])
    replaced = {(f["kind"], f.get("previous")) for f in figures if f.get("previous") is not None}
    return [f for f in figures if (f["kind"], f["min"]) not in replaced or f.get("previous") is not None]


# kinds that can only grow as a story goes on, unless someone corrects them; the others (missing,
# displaced) rise and fall as people are found or go home
CUMULATIVE = {"killed", "injured", "casualties", "cases", "bodies_recovered", "buried", "arrested", "escaped",
              "attackers_killed"}
RUNNING_RATIO = 3.0  # a count this many times one from a few days before is a rival claim, not the same count moving on
RUNNING_DAYS = 2     # days apart from which two counts of one kind can be one count moving on
RUNNING_WEEKS = 14   # days over which a count may grow by another RUNNING_RATIO: "11 confirmed" on day two and
                     # "71 in all" four months on is an outbreak's or a search's toll moving on, not a rival


def _published(claim: dict) -> date | None:
    try:
        return date.fromisoformat(str(claim.get("published") or "")[:10])
    except ValueError:
        return None


def _in_time_order(a: dict, b: dict, fa: dict, fb: dict, min_days: int) -> tuple[dict, dict] | None:
    """(earlier figure, later figure) when the two reports' publication days are at least
    ``min_days`` apart; None when a date is missing or they are closer."""
    day_a, day_b = _published(a), _published(b)
    if day_a is None or day_b is None or abs((day_a - day_b).days) < min_days:
        return None
    return (fa, fb) if day_a < day_b else (fb, fa)


def _running_count(a: dict, b: dict, fa: dict, fb: dict) -> bool:
    """Counts of one kind reported on different days, as a count moves on: a cumulative count no
    lower later and not out of all proportion, or a stock (missing, displaced) that changed.  A
    later count lower than an earlier one is a correction, and disagrees."""
    ordered = _in_time_order(a, b, fa, fb, RUNNING_DAYS)
    if ordered is None:
        return False  # the same day or the next: rival figures for the same moment
    if fa["kind"] not in CUMULATIVE:
        return True
    low_early, low_late = (figure["min"] or 0 for figure in ordered)
    return low_late >= low_early and (low_early == 0 or low_late <= _growth_allowed(a, b) * low_early)


def _growth_allowed(a: dict, b: dict) -> float:
    """How many times a later count may exceed an earlier one and still be the same count moving on:
    RUNNING_RATIO within a fortnight, and more the longer the story runs."""
    gap = abs((_published(a) - _published(b)).days)
    return RUNNING_RATIO * (1 + gap // RUNNING_WEEKS)


def _days(a: dict, b: dict) -> str:
    return " and ".join(sorted({str(a.get("published"))[:10], str(b.get("published"))[:10]}))


def _corrected_down(a: dict, b: dict, fa: dict, fb: dict) -> bool:
    """A cumulative count revised to below what the other report gave earlier ("revised down to 41"
    against "43 dead"): a correction the desk must settle, not a count moving on."""
    if fa["kind"] not in CUMULATIVE or not (fa.get("revision") or fb.get("revision")):
        return False
    ordered = _in_time_order(a, b, fa, fb, 1)
    if ordered is None:
        return False
    early, late = ordered
    return bool(late.get("revision")) and (late["max"] if late["max"] is not None else late["min"] or 0) < (early["min"] or 0)


_DEATH_KINDS = ("killed", "bodies_recovered", "buried")
# the dead named without a number ("bodies were buried at night"): enough to deny "no deaths"
_DEAD_WORDS = Caseless(f"{en_figures.DEAD_WORDS}|{fr_figures.DEAD_WORDS}")


def _no_deaths_against_dead(a: dict, b: dict) -> list[Signal]:
    """ "No death was recorded" against bodies recovered or buried: a zero the other report's dead deny."""
    for zero, counted in ((a, b), (b, a)):
        if any(f["kind"] == "killed" and f["max"] == 0 for f in zero.get("figures", [])):
            dead = [f for f in counted.get("figures", []) if f["kind"] in _DEATH_KINDS and (f["min"] or 0) > 0]
            if dead:
                return [Signal("conflict", "figures_zero_vs_dead", 0.6,
                               f"no deaths vs {dead[0]['kind'].replace('_', ' ')}: {describe_figure(dead[0])}")]
            words = _DEAD_WORDS.search(counted["text"])
            if words and not any(f["max"] == 0 for f in counted.get("figures", [])):
                return [Signal("conflict", "figures_zero_vs_dead", 0.55, f"no deaths vs \"{words.group()}\"")]
    return []


# kinds that count one series: a kidnapping's "93 pupils abducted" and « 287 élèves manquent à
# l'appel » are two counts of the same children; elsewhere only a kind meets its own kind
_SERIES = {"missing": "abducted"}


def _series(kind: str) -> str:
    return _SERIES.get(kind, kind)


def _figure_signals(a: dict, b: dict) -> list[Signal]:
    signals = _played_down(a, b) + _no_deaths_against_dead(a, b)
    scope_a, scope_b = site_scope(a["text"]), site_scope(b["text"])
    current_a, current_b = current_figures(a), current_figures(b)
    part = {id(figure): is_part(claim["text"], figure["text"])
            for claim, figures in ((a, current_a), (b, current_b)) for figure in figures}
    matched = _matched(current_a, current_b, part)
    for fa in current_a:
        for fb in current_b:
            if _series(fa["kind"]) != _series(fb["kind"]) or fa["kind"] not in FIGURE_FRAMES:
                continue
            if part[id(fa)] or part[id(fb)]:  # "of whom nine critical" meets only another part, and only to agree
                if part[id(fa)] and part[id(fb)] and fa["min"] is not None and fa["min"] == fb["min"]:
                    signals.append(Signal("support", "figures_agree", 0.45, f"{fa['kind']}: {describe_figure(fa)} "
                                          f"agrees with {describe_figure(fb)}, each a part of a larger count"))
                continue
            if (id(fa) in matched or id(fb) in matched) and (id(fa), id(fb)) not in matched:
                continue  # "27 bodies recovered, 61 rescued" twice: each figure has its partner, not a rival
            values = f"{fa['kind']}: {describe_figure(fa)} vs {describe_figure(fb)}"
            group_a, group_b = population(a["text"], fa["text"]), population(b["text"], fb["text"])
            if group_a != group_b and not (group_a and group_b) and _running_count(a, b, fa, fb):
                signals.append(Signal("note", "figures_later_count", 0.0,  # "71 children" months after "11 deaths"
                                      f"{values}: counts reported on different days ({_days(a, b)})"))
            elif group_a != group_b:
                signals.append(_population_signal(fa, fb, group_a, group_b, values))
            elif scope_a != scope_b:
                where = lambda scope: f"at the {scope}" if scope else "overall"  # noqa: E731
                signals.append(Signal("note", "figures_other_scope", 0.0, f"{values}, but {where(scope_a)} vs {where(scope_b)}"))
            elif bounds_compatible(read_bounds(fa), read_bounds(fb)):
                signals.append(Signal("support", "figures_agree", 0.6 if fa["min"] == fb["min"] else 0.45,
                                      f"{fa['kind']}: {describe_figure(fa)} agrees with {describe_figure(fb)}"))
            elif _corrected_down(a, b, fa, fb):
                signals.append(Signal("conflict", "figures_corrected", 0.65, f"{values}: a later count revised down"))
            elif is_update(a["text"]) or is_update(b["text"]) or fa.get("revision") or fb.get("revision"):
                signals.append(Signal("note", "figures_updated", 0.0, f"{values}, a toll reported as having changed"))
            elif _running_count(a, b, fa, fb):
                signals.append(Signal("note", "figures_later_count", 0.0,
                                      f"{values}: counts reported on different days ({_days(a, b)})"))
            else:
                signals.append(Signal("conflict", "figures_disagree", 0.7, values))
    return signals


def _matched(figures_a: list[dict], figures_b: list[dict], part: dict[int, bool]) -> set:
    """Figures (by id) with a compatible partner of the same kind, and as much a part (``part``: by id),
    in the other claim, and the pairs."""
    pairs = {(id(fa), id(fb)) for fa in figures_a for fb in figures_b
             if _series(fa["kind"]) == _series(fb["kind"]) and part[id(fa)] == part[id(fb)]
             and bounds_compatible(read_bounds(fa), read_bounds(fb))}
    return pairs | {first for first, _ in pairs} | {second for _, second in pairs}


def _population_signal(fa: dict, fb: dict, group_a: str | None, group_b: str | None, values: str) -> Signal:
    """Counts of different groups: a subgroup can only conflict by exceeding the whole."""
    if group_a and group_b:
        return Signal("note", "figures_other_groups", 0.0, f"{values}, but of different groups ({group_a} vs {group_b})")
    part, whole = (fa, fb) if group_a else (fb, fa)
    if whole["max"] is not None and part["min"] is not None and part["min"] > whole["max"]:
        return Signal("conflict", "figures_exceed_total", 0.6, f"{values}: the {group_a or group_b} alone exceed the whole toll")
    return Signal("note", "figures_subset", 0.0, f"{values}, but one counts only the {group_a or group_b}")


def _holder_name(claim: dict, holder: str) -> str:
    speaker = claim.get("speaker") or "the report"
    return f"{speaker} says {'the attackers hold' if holder == 'attackers' else 'the authorities hold'}"


def _control_signals(a: dict, b: dict) -> list[Signal]:
    ca = control_assertion(a["text"], a.get("claim_type", ""), a.get("speaker", ""))
    cb = control_assertion(b["text"], b.get("claim_type", ""), b.get("speaker", ""))
    if not (ca and cb and ca.overlaps(cb)):
        return []
    place = next((p for p in ca.places if p != "*"), None) or next((p for p in cb.places if p != "*"), "the area")
    if ca.holder == cb.holder:
        return [Signal("support", "control_agree", 0.5, f"control of {place}: both say the "
                                       f"{'attackers' if ca.holder == 'attackers' else 'authorities'} hold it")]
    denial = " (a denial)" if ca.denied or cb.denied else ""
    return [Signal("conflict", "control_disagree", 0.7, f"control of {place}: {_holder_name(a, ca.holder)} vs "
                                    f"{_holder_name(b, cb.holder)}{denial}")]


def _responsibility_signals(a: dict, b: dict) -> list[Signal]:
    if a.get("claim_type") != "responsibility" or b.get("claim_type") != "responsibility":
        return []
    ra, rb = responsible_actors(a["text"]), responsible_actors(b["text"])
    da, db = denies(a["text"], a.get("attribution_verb")), denies(b["text"], b.get("attribution_verb"))
    if ra and rb and not ra & rb:
        return [Signal("conflict", "responsibility_disagree", 0.7, f"responsibility: {', '.join(sorted(ra))} vs {', '.join(sorted(rb))}")]
    if da != db and (ra & rb or not (ra and rb)):
        return [Signal("conflict", "responsibility_denied", 0.6, "responsibility: one side denies it")]
    if ra & rb:
        return [Signal("support", "responsibility_agree", 0.5, f"responsibility: both name {', '.join(sorted(ra & rb))}")]
    return []


def _side_of(claim: dict, stance) -> str:
    yes, no = SIDES[stance.family]
    return f"{claim.get('speaker') or 'the report'}: {yes if stance.holds else no} (“{stance.phrase}”)"


def _about_the_same(family: str, a: dict, b: dict) -> bool:
    """A person held or free: the same person; a rejection: of the same kind of document."""
    if family in NEEDS_NAME:
        return bool(shared_names(a["text"], b["text"]))
    if family == "finding_stands":
        da, db = documents(a["text"]), documents(b["text"])
        return not (da and db) or bool(da & db)
    return True


def _stances_of(claim: dict) -> tuple:
    """The sides a claim takes; a finding stands for itself until someone rejects it."""
    found = stances(claim["text"])
    if claim.get("claim_type") == "finding" and not any(s.family == "finding_stands" for s in found):
        found += (Stance("finding_stands", True, "a finding"),)
    return found


def _proposition_signals(a: dict, b: dict, same_event: bool | None) -> list[Signal]:
    """Opposite sides of one question about the incident (warned or not, preventable or not, who
    the dead were, a finding and its rejection…) conflict; the same side corroborates."""
    if not same_event and not shared_names(a["text"], b["text"]):
        return []
    mine = {stance.family: stance for stance in _stances_of(a)}
    signals = []
    for theirs in _stances_of(b):
        ours = mine.get(theirs.family)
        if ours is None or not _about_the_same(theirs.family, a, b):
            continue
        if ours.holds != theirs.holds:
            signals.append(Signal("conflict", f"{theirs.family}_disagree", 0.6,
                                  f"{_side_of(a, ours)} vs {_side_of(b, theirs)}"))
        elif theirs.family != "finding_stands":  # two findings, or two rejections, need not agree
            signals.append(Signal("support", f"{theirs.family}_agree", 0.45,
                                  f"both say {SIDES[theirs.family][0 if ours.holds else 1]}: "
                                  f"{a.get('speaker') or 'one report'} and {b.get('speaker') or 'the other'}"))
    return signals


def _share_signals(a: dict, b: dict, same_event: bool | None) -> list[Signal]:
    """The same turnout or vote share given twice corroborates; two different ones conflict."""
    if not same_event:
        return []
    theirs = {share.subject: share for share in shares(b["text"])}
    signals = []
    for ours in shares(a["text"]):
        other = theirs.get(ours.subject)
        if other is None:
            continue
        what = "turnout" if ours.subject == "turnout" else f"{ours.subject.title()}'s share of the vote"
        if abs(ours.value - other.value) > SHARE_TOLERANCE:
            signals.append(Signal("conflict", "shares_disagree", 0.6, f"{what}: {ours.phrase} vs {other.phrase}"))
        else:
            signals.append(Signal("support", "shares_agree", 0.5, f"{what}: {ours.phrase} in both"))
    return signals


def _toll_numbers(claim: dict) -> frozenset[int]:
    """Numbers the figures compare (a count of "other" people, "914 inmates", is a detail to share)."""
    return frozenset(v for figure in claim.get("figures") or [] if figure["kind"] in FIGURE_FRAMES
                     for v in (figure.get("min"), figure.get("max")) if v)


def _detail_signals(a: dict, b: dict, same_event: bool | None) -> list[Signal]:
    """The same clock time, quantity or prison term in two reports of one incident: the same
    thing told twice, in whatever language."""
    if not same_event:
        return []
    shared = details(a["text"], _toll_numbers(a)) & details(b["text"], _toll_numbers(b))
    if not shared:
        return []
    return [Signal("support", "details_agree", 0.45, f"the same detail in both: {', '.join(sorted(shared))}")]


def _shared_frame(a: dict, b: dict) -> bool:
    return bool(set(a.get("frames") or []) & set(b.get("frames") or []))


def _not_confirmed_signals(a: dict, b: dict, similarity: float | None) -> list[Signal]:
    """One side says a thing is confirmed, the other that it is not.

    "About the same thing" means a shared frame, near-identical terms, or a
    shared proper name, which carries across languages where the embedding does not.
    A bare denial decides nothing here: on the team's sets, most denials a rule can
    spot meet a second telling of the same denial in other words (« a qualifié ces
    accusations de mensonge », "called the accusation a pretext"), not the assertion
    denied (20 of 58 right); the combiner weighs a denial with the other soft signs
    (``relate.combine``), and its reason names the denier (``_denier_first``).
    """
    names = shared_names(a["text"], b["text"])
    strong = _shared_frame(a, b) or (similarity or 0) >= SAME_TERMS
    if not (strong or names):
        return []
    ca, cb = confirms(a["text"], a.get("attribution_verb")), confirms(b["text"], b.get("attribution_verb"))
    na, nb = not_confirmed(a["text"]), not_confirmed(b["text"])
    if (ca and nb) or (cb and na):
        return [Signal("conflict", "denial_weak", (0.6 if strong else 0.45) - 0.2,
                       "one says it is confirmed, the other that it is not confirmed")]
    return []


def _denier_first(a: dict, b: dict, reason: str) -> str:
    """A weighed conflict where one side denies says who denies whom first, as a fact-checker reads it
    ("Rwanda denies what UN says; weighed as a conflict …")."""
    da, db = denies(a["text"], a.get("attribution_verb")), denies(b["text"], b.get("attribution_verb"))
    if da == db:
        return reason
    denier, other = (a, b) if da else (b, a)
    who, whom = denier.get("speaker") or "one report", other.get("speaker") or "the other report"
    return f"{who} denies what {whom} says; {reason}"


_PARTY_VERBS = re.compile(r"\b(?:killed|seized|held|controlled|destroyed|repelled|neutrali[sz]ed|captured|"
                          r"tué|pris|détruit|repoussé|neutralisé)\w*", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _is_party(speaker: str) -> bool:
    """An armed group or an army: cached, since ingest asks this for every pair compared."""
    hits = gazetteer_hits(speaker)
    return any(actor.category == "group" for _, actor in hits) or bool(re.search(r"\barmy\b|\bmilitary\b", speaker))


def party_to_conflict(claim: dict) -> str | None:
    """The armed group or army that makes a claim about its own operation, if any."""
    speaker = claim.get("speaker") or ""
    if _is_party(speaker) and claim.get("speaker_kind") != "outlet" and _PARTY_VERBS.search(claim["text"]):
        return speaker
    return None


@functools.lru_cache(maxsize=65536)
def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return frozenset(zip(words, words[1:])) or frozenset((word,) for word in words)


def near_identical(a: str, b: str, threshold: float = NEAR_IDENTICAL) -> bool:
    """Word-bigram overlap (Jaccard) of two sentences: syndicated copies share almost all of them.
    Sets, not edit distance: this runs for every pair compared at ingest."""
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb or min(len(sa), len(sb)) < threshold * max(len(sa), len(sb)):
        return False
    return len(sa & sb) / len(sa | sb) >= threshold


def _attribution_notes(a: dict, b: dict) -> list[Signal]:
    notes = []
    if near_identical(a["text"], b["text"]):
        notes.append(Signal("note", "syndicated_copy", 0.0,
                            "near-identical wording: a syndicated copy, not an independent source"))
    elif a.get("speaker") and b.get("speaker") and a["speaker"] != b["speaker"]:
        notes.append(Signal("note", "independent_sources", 0.0, f"independent sources: {a['speaker']} and {b['speaker']}"))
    for claim in (a, b):
        party = party_to_conflict(claim)
        if party:
            notes.append(Signal("note", "party_to_conflict", 0.0, f"{party} is a party to the conflict describing its own operation"))
    return notes


def _same_event(a: dict, b: dict) -> bool | None:
    ea, eb = a.get("event_id"), b.get("event_id")
    return None if ea is None or eb is None else ea == eb


def _same_story(a: dict, b: dict) -> bool:
    """Two incidents of one story (``story.events``: a second kidnapping in the same district)."""
    return a.get("story_id") is not None and a.get("story_id") == b.get("story_id")


def compare(a: Claim, b: Claim, similarity: float | None = None, weighed: bool = True) -> Relation:
    """Relation of claim ``b`` to claim ``a`` (claim dicts as in the claim JSON, optionally with
    ``frames`` and ``event_id``); ``similarity`` is their cosine, when known.  A pair of one
    incident the rules leave "related" is weighed on its soft signs (``relate.combine``) unless
    ``weighed`` is False: the rules alone, as ``bench/fit_stance.py`` fits the weights on them."""
    same_event = _same_event(a, b)
    other_incident = same_event is False and _same_story(a, b)
    if other_incident:
        same_event = True  # one story: who did it, what was paid or denied still meet; counts and times do not
    if same_event is False:
        close = similarity is not None and similarity >= PARAPHRASE
        return Relation("related" if close else "unrelated", 0.5,
                        ("different events",) + (("similar wording",) if close else ()))
    topical = (_control_signals(a, b) + _responsibility_signals(a, b)  # each reads its own denials
               + _proposition_signals(a, b, same_event))
    unconfirmed = [] if topical else _not_confirmed_signals(a, b, similarity)
    if other_incident:
        signals = topical + unconfirmed + [Signal("note", "other_incident", 0.0, "another incident of the same story: "
                                                  "its counts and times are of other victims")]
    else:
        detail = [] if topical or unconfirmed else _detail_signals(a, b, same_event)
        signals = _figure_signals(a, b) + _share_signals(a, b, same_event) + topical + unconfirmed + detail
    conflicts = [s for s in signals if s.kind == "conflict"]
    supports = [s for s in signals if s.kind == "support"]
    noted = [s for s in signals if s.kind == "note"] + _attribution_notes(a, b)
    notes = [s.reason for s in noted]
    syndicated = any(s.code == "syndicated_copy" for s in noted)
    if conflicts:
        confidence = min(0.95, max(s.weight for s in conflicts) + 0.1 * (len(conflicts) - 1))
        return Relation("conflicts", round(confidence, 2), tuple(s.reason for s in conflicts + supports) + tuple(notes),
                        tuple(s.code for s in conflicts + supports + noted))
    paraphrase = similarity is not None and similarity >= (
        PARAPHRASE if a.get("claim_type") == b.get("claim_type") else PARAPHRASE_ANY_TYPE)
    if other_incident:  # "15 inmates escaped" and "120 inmates escaped", two evacuations ordered by one
        paraphrase = False  # prefect: two incidents told alike are still two, and corroborate nothing
    if supports or paraphrase or syndicated:
        reasons = [s.reason for s in supports] or [f"the same claim in other words (similarity {similarity:.2f})"
                                                   if similarity is not None else "the same claim"]
        confidence = min(0.95, max([s.weight for s in supports] + [0.5]) + 0.1 * (len(supports) - 1))
        return Relation("corroborates", round(confidence * (0.6 if syndicated else 1.0), 2), tuple(reasons + notes),
                        tuple(s.code for s in supports + noted))
    if other_incident:
        return Relation("related", 0.5, tuple(notes), tuple(s.code for s in noted))
    weighed_signal = weigh(a, b, similarity, tuple(s.code for s in noted)) \
        if weighed and same_event and similarity is not None else None
    if weighed_signal:
        label = "conflicts" if weighed_signal.kind == "conflict" else "corroborates"
        reason = _denier_first(a, b, weighed_signal.reason) if label == "conflicts" else weighed_signal.reason
        return Relation(label, weighed_signal.weight, (reason,) + tuple(notes),
                        (weighed_signal.code,) + tuple(s.code for s in noted))
    if same_event or (similarity is not None and similarity >= RELATED):
        reason = "same event, a different aspect" if same_event else f"similar wording (similarity {similarity:.2f})"
        return Relation("related", 0.5, (reason,) + tuple(notes), tuple(s.code for s in noted))
    return Relation("unrelated", 0.5, ("no shared frame, event or wording",))
