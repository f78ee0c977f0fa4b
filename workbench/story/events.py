"""Events: group the articles that report the same happening.

Conflicting claims live in different words, different languages and
different reports of one event; to compare "77 killed" in one with
« plus de 100 morts » in another, the workbench must first know both are
about the same attack.  An article joins the event whose articles share its
proper names (places, actors: language-independent), else it starts a new
event.  Stories run for months — a rights group's report two weeks on, an
inquiry, a trial — so the gap between publication dates only discounts the
match slowly, and the country the text votes for vetoes only a weak one.  People can rename, merge and split events;
an event a person edited keeps its membership.
"""
from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from ..errors import BadInput, NotFound
from ..analyse.actors import main_country
from ..analyse.incidents import (announces_new_incident, aside_spans, incident_month, lead, tells_fresh_happening,
                                 tells_own_day)
from ..storage.store import now
from ..text.patterns import strip_accents

__all__ = ["anchor_terms", "aside_claims", "assign_event", "claim_incidents", "assign_missing", "Placement",
           "choose_event", "place_article",
           "story_fingerprint", "story_of", "list_events", "rename_event", "merge_events",
           "split_event", "WINDOW_DAYS", "MATCH_THRESHOLD", "INCIDENT_DAYS", "FRESH_DAYS"]

WINDOW_DAYS = 10       # publication days apart at which names alone decide; beyond, a slow discount
MATCH_THRESHOLD = 0.25
PROFILE_ARTICLES = 20  # articles of an event whose names describe it
STRONG_NAMES = 0.35    # a name overlap this strong is the same story whatever country the text votes for
INCIDENT_DAYS = 7      # a report of a new incident joins an event that began at most this long before it
FRESH_DAYS = 21        # a fresh happening told this long after every incident of its story began is a new one
_NOT_NAMES = set("""the a an and but or in on at of for to by with from as after before during when while this that
these those it its their his her our we they he she there here however meanwhile still yet also more most some many
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december le la les un une des du de et ou mais dans sur pour par avec selon apres avant
lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet aout septembre
octobre novembre decembre ce cette ces il elle ils elles on nous son sa ses leur leurs au aux en photo read share
according speaking authorities army government president minister police state etat interieur assemblee""".split())
_NAME = re.compile(r"(?<![\w'’])([A-ZÀ-Ý][\w’'-]{2,}|[A-Z]{2,}\d*)")
_ELIDED = re.compile(r"(?<![\w'’])[lLdD]['’](?=[A-ZÀ-Ý])")  # « d'Ardaine », « l'OKDH »: the name after the article


def _fold(word: str) -> str:
    """A name as compared across reports: accents, « l' », « d' » and "'s" dropped."""
    return re.sub(r"^(?:l|d)'", "", re.sub(r"'s$", "", strip_accents(word)))


def anchor_terms(text: str, limit: int = 25, outlet: str | None = None) -> dict[str, int]:
    """The most frequent proper names of an article (folded), the same in English and French.

    A capitalised word that opens a sentence counts only if the article also
    uses it mid-sentence, so "Gunmen" and "Residents" are not names.  The outlet's own name
    says who reports, not what happened (two stories by one paper share it), so its mentions are
    left out — its mentions only: « Le Veilleur d'Orvelise » reporting from Orvelise still names
    the city wherever the city itself is named.
    """
    inside, opening = Counter(), Counter()
    for sentence in re.split(r"(?<=[.!?»”])\s+|\n+", _ELIDED.sub(" ", _without_outlet(text[:200_000], outlet))):
        for match in _NAME.finditer(sentence):
            word = _fold(match.group(1))
            if word in _NOT_NAMES or len(word) < 3:
                continue
            first = not sentence[:match.start()].strip(" «“\"'(")
            (opening if first and not match.group(1).isupper() else inside)[word] += 1
    for word, count in opening.items():
        if word in inside:
            inside[word] += count
    return dict(inside.most_common(limit))


_LEADING_ARTICLE = re.compile(r"^(?:the|le|la|les|l['’])\s*", re.IGNORECASE)


def _without_outlet(text: str, outlet: str | None) -> str:
    """The text with every mention of the outlet's name blanked ("… told the Veilleur d'Orvelise")."""
    name = _LEADING_ARTICLE.sub("", (outlet or "").strip())
    if len(name) < 3:
        return text
    return re.sub(re.escape(name), lambda m: " " * len(m.group()), text, flags=re.IGNORECASE)


def _cosine(a: dict[str, int], b: dict[str, int]) -> float:
    shared = set(a) & set(b)
    if not shared:
        return 0.0
    dot = sum(a[t] * b[t] for t in shared)
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _event_profiles(db: Database) -> dict[int, tuple[Counter, Counter, date | None, date | None]]:
    """Per event: summed anchor terms and countries of its newest articles (a story's names are in any
    twenty of its reports; reading them all would make each ingest slower than the last), and its
    first and last days."""
    sql = f"""SELECT event_id, terms, country, first_seen, last_seen FROM (
                 SELECT a.event_id, a.terms, a.country, e.first_seen, e.last_seen,
                        ROW_NUMBER() OVER (PARTITION BY a.event_id ORDER BY a.id DESC) AS newest
                 FROM articles a JOIN events e ON e.id = a.event_id) AS recent
              WHERE newest <= {PROFILE_ARTICLES}"""
    profiles: dict[int, tuple[Counter, Counter, date | None, date | None]] = {}
    for event_id, terms, country, first, last in db.execute(sql):
        words, countries, *_ = profiles.setdefault(event_id, (Counter(), Counter(), _day(first), _day(last)))
        words.update(json.loads(terms or "{}"))
        countries[country] += 1
    return profiles


def _gap_days(day: date | None, first: date | None, last: date | None) -> int:
    """Days between a publication date and an event's span (0 inside it, or when a date is missing)."""
    if day is None or first is None or last is None:
        return 0
    return max(0, (first - day).days, (day - last).days)


def _match(terms: dict, country: str | None, day: date | None, profile: tuple) -> float:
    """Name overlap with an event.  A story runs for months (inquiries, reports, trials), so a gap in
    publication dates only lowers the score, slowly, and never below half; another country vetoes
    only a weak name match (a report that mentions a neighbouring state is still about the story)."""
    words, countries, first, last = profile
    names = _cosine(terms, words)
    event_country = countries.most_common(1)[0][0]
    if country and event_country and country != event_country and names < STRONG_NAMES:
        return 0.0
    gap = _gap_days(day, first, last)
    return names * (1.0 if gap <= WINDOW_DAYS else max(0.5, 1.0 - (gap - WINDOW_DAYS) / 730))


def _label(terms: dict[str, int], published: str | None) -> str:
    names = [term.title() if not term.isupper() else term for term in list(terms)[:3]]
    return " · ".join(names or ["Untitled event"]) + (f" ({published[:10]})" if published else "")


@dataclass(frozen=True)
class Placement:
    """Where an article goes: an existing event (``event_id``) or a new one labelled ``label`` — in the
    story of event ``story_id`` when it reports a new incident of that story; with the article's names
    (the outlet's mentions left out) and country as they are stored."""
    event_id: int | None
    terms: dict
    country: str | None
    label: str
    story_id: int | None = None


def choose_event(db: Database, text: str, published: str | None, terms: dict | None, country: str | None,
                 outlet: str | None, title: str | None = None) -> Placement:
    """The best-matching event for an article (stored or not), or a new one; reads only, so ingest
    decides before it takes the write lock.

    A report that announces a new incident of a story ("a second school", "another attack") is a
    separate event of the same story, unless an event of the story began within INCIDENT_DAYS of
    it (then it is that incident's second report).  Separate, because its counts and times are of
    other victims: in one event they would be set against the first incident's as conflicts.  Of
    the same story, because the two stay related: the workbench shows their claims as "another
    incident of the same story", never as conflicting or corroborating.  Editors' merge and split
    still decide in the end."""
    terms = terms if terms is not None else anchor_terms(text, outlet=outlet)
    country = country if country is not None else main_country(text)
    day = _day(published)
    profiles = _event_profiles(db)
    scored = sorted(((_match(terms, country, day, profile), event_id) for event_id, profile in profiles.items()),
                    reverse=True)
    matches = [event_id for score, event_id in scored if score >= MATCH_THRESHOLD]
    label = _label(terms, published)
    if not matches:
        return Placement(None, terms, country, label)
    if day is None:
        return Placement(matches[0], terms, country, label)
    opening, stories = lead(title, text), _stories(db)
    # the best match's story, and its incidents among the matches, best first
    incidents = [event_id for event_id in matches if stories[event_id] == stories[matches[0]]]
    recent = [event_id for event_id in matches if _began_within(profiles[event_id], day)]
    if not announces_new_incident(opening):
        month = incident_month(opening, day)
        if month is None and _unannounced_incident(opening, incidents, profiles, day):
            return Placement(None, terms, country, label, stories[matches[0]])
        event_id = _incident_named(incidents, profiles, month) or _fresh_incident(incidents, recent)
        return Placement(event_id, terms, country, label)
    if recent:
        return Placement(recent[0], terms, country, label)
    return Placement(None, terms, country, label, stories[matches[0]])


def _stories(db: Database) -> dict[int, int]:
    """Each event's story: the id of its first incident's event (its own for a first one)."""
    return dict(db.execute("SELECT id, coalesce(story_id, id) FROM events").fetchall())


def _incident_named(incidents: list[int], profiles: dict, month: tuple[int, int] | None) -> int | None:
    """The incident of the best match's story that began in the month the report refers back to
    ("an inquiry into the May escape"): the story's own dates decide, not which incident is newer."""
    began = _began_in(incidents, {event_id: profiles[event_id][2] for event_id in incidents}, month)
    return began[0] if began else None


def _began_in(events: list[int], first_days: dict[int, date | None], month: tuple[int, int] | None) -> list[int]:
    """The events that began in ``month`` (year, month), in the order given."""
    if month is None:
        return []
    return [e for e in events if first_days.get(e) and (first_days[e].year, first_days[e].month) == month]


def _fresh_incident(incidents: list[int], recent: list[int]) -> int:
    """The best match, unless a later incident of its story began within INCIDENT_DAYS: a report
    of the days after a second breakout is about the second one even when it does not say
    "second" (the first, with more reports, would win on names alone).  Later follow-ups go by
    names, so an inquiry into the first incident months on still joins the first."""
    best = incidents[0]
    fresh = [event_id for event_id in recent if event_id in incidents and event_id > best]
    return fresh[0] if fresh else best


def _unannounced_incident(opening: str, incidents: list[int], profiles: dict, day: date) -> bool:
    """A lead that tells a fresh happening (``tells_fresh_happening``: "a landslide buried three houses
    at about 6.30 a.m.", no inquiry, toll or "after") weeks after every incident of its story began:
    a new incident that its report does not call "second" — reporters often do not.  A follow-up
    names what it follows up; news of the same morning, in a story three weeks old, is news."""
    if not tells_fresh_happening(opening):
        return False
    began = [profiles[event_id][2] for event_id in incidents]
    return all(first is not None and (day - first).days > FRESH_DAYS for first in began)


def _began_within(profile: tuple, day: date) -> bool:
    first = profile[2]
    return first is None or abs((day - first).days) <= INCIDENT_DAYS


def claim_incidents(db: Database, claims: list[dict]) -> dict[int, tuple[int, int]]:
    """The incident each claim tells of, where its own words say so and it is not its report's:
    claim id -> (event id, story id).

    A report is placed in one incident, but a roundup or a follow-up tells of two.  "The collision
    at Pradelles in April killed seven", in a July report on the second derailment, is about the
    April one, and its seven dead meet the April reports' toll: the claim's own month ("in April",
    « l'attaque du 24 août ») names the incident of its story that began then.  Names do not: the
    two incidents of a story share their places (a hospital, a town), and a place named more in one
    incident's reports moved claims of the other into it on the team's sets.  And a roundup's
    paragraph that turns to another happening ("Elsewhere in Sélavie, a coach overturned…",
    ``analyse.incidents.aside_spans``) and names nothing the rest of the report names tells of an
    incident of no stored story: its claims get an event and a story of their own (negative ids,
    never stored), so the coach's injured never meet the tanker's unhurt crew."""
    told = _asides(db, claims)
    placed = [claim for claim in claims if claim.get("event_id") is not None and claim.get("story_id") is not None
              and claim.get("id") not in told]
    story_events, first_days = _story_events(db, {claim["story_id"] for claim in placed}) if placed else ({}, {})
    for claim in placed:
        events = story_events.get(claim["story_id"], [])
        incident = _incident_told(claim, events, first_days) if len(events) > 1 else None
        if incident is not None and incident != claim["event_id"]:
            told[claim["id"]] = (incident, claim["story_id"])
    return told


ASIDE_IDS = 1000  # an aside's own event id: -(article id * ASIDE_IDS + its paragraph's number)
ASIDE_SHARED = 2  # names an aside may share with the report before it: its country, a place in the roundup's headline


def _asides(db: Database, claims: list[dict]) -> dict[int, tuple[int, int]]:
    """Stored claims inside their report's aside paragraphs: claim id -> (its own event id, the same as story)."""
    article_ids = sorted({claim["article_id"] for claim in claims if claim.get("article_id") is not None
                          and claim.get("char_start") is not None})
    if not article_ids:
        return {}
    marks = ", ".join("?" * len(article_ids))
    texts = dict(db.execute(f"SELECT id, text FROM articles WHERE id IN ({marks})", article_ids).fetchall())
    told = {}
    for article_id, text in texts.items():
        mine = [claim for claim in claims if claim.get("article_id") == article_id]
        for index, number in aside_claims(mine, text or "").items():
            own = -(article_id * ASIDE_IDS + number + 1)
            told[mine[index]["id"]] = (own, own)
    return told


def aside_claims(claims: list[dict], text: str) -> dict[int, int]:
    """Of one report's claims (with ``char_start`` in ``text``), those in an aside paragraph that
    tells of another happening: index in ``claims`` -> the aside's number in the report."""
    spans = _unshared_asides(text) if claims else []
    return {index: number for index, claim in enumerate(claims) for number, (start, end) in enumerate(spans)
            if claim.get("char_start") is not None and start <= claim["char_start"] < end}


@functools.lru_cache(maxsize=1024)
def _unshared_asides(text: str) -> tuple[tuple[int, int], ...]:
    """The aside paragraphs whose names the report before them does not share (but for ASIDE_SHARED:
    the country the turn names, "Elsewhere in Sélavie", and a place in the roundup's headline), each
    with the paragraphs after it that go on naming its own places and none of the report's ("The road
    near Sarlevin stays closed")."""
    kept = []
    for start, end in aside_spans(text):
        before = set(anchor_terms(text[:start]))
        own = set(anchor_terms(text[start:end]))
        if not own - before or len(own & before) > ASIDE_SHARED:
            continue
        while end < len(text):
            following = text.find("\n", end + 1)
            following = len(text) if following < 0 else following
            names = set(anchor_terms(text[end + 1:following]))
            if not names & (own - before) or names & (before - own):
                break
            end = following
        kept.append((start, end))
    return tuple(kept)


def _story_events(db: Database, stories: set[int]) -> tuple[dict[int, list[int]], dict[int, date | None]]:
    """The events of each story (story id -> event ids), and each event's first day."""
    marks = ", ".join("?" * len(stories))
    found: dict[int, list[int]] = {}
    first_days: dict[int, date | None] = {}
    for event_id, story, first in db.execute(f"SELECT id, coalesce(story_id, id), first_seen FROM events "
                                             f"WHERE coalesce(story_id, id) IN ({marks}) ORDER BY id", sorted(stories)):
        found.setdefault(story, []).append(event_id)
        first_days[event_id] = _day(first)
    return found, first_days


def _incident_told(claim: dict, events: list[int], first_days: dict[int, date | None]) -> int | None:
    """The one incident of ``events`` that began in the month the claim names ("in April"), unless the
    claim dates itself by its report's own days (``tells_own_day``)."""
    day = _day(claim.get("published"))
    month = incident_month(claim["text"], day) if day and not tells_own_day(claim["text"]) else None
    began = _began_in(events, first_days, month)
    return began[0] if len(began) == 1 else None


def story_of(db: Database, event_id: int) -> int:
    """The story an event belongs to: the id of its first incident's event (its own for a first one)."""
    row = db.execute("SELECT coalesce(story_id, id) FROM events WHERE id = ?", [event_id]).fetchone()
    return row[0] if row else event_id


def place_article(db: Database, article_id: int, placement: Placement, published: str | None) -> int:
    """Put a stored article where ``choose_event`` said (creating the event), in the caller's transaction."""
    event_id = placement.event_id
    if event_id is None:
        event_id = db["events"].insert({"label": placement.label, "first_seen": published, "last_seen": published,
                                         "edited": 0, "created_at": now(), "updated_at": now(),
                                         "story_id": placement.story_id}).last_pk
    db.execute("UPDATE articles SET event_id = ?, terms = ?, country = ? WHERE id = ?",
               [event_id, json.dumps(placement.terms, ensure_ascii=False), placement.country, article_id])
    _refresh_dates(db, event_id)
    return event_id


def story_fingerprint(db: Database) -> tuple:
    """What event choice and frame-mates depend on, in a few index reads: articles added, moved between
    events (merge, split), events added or removed.  Ingest plans outside the write lock and, holding
    it, re-plans only if this changed (status changes and flags leave it alone)."""
    return db.execute("""SELECT (SELECT count(*) FROM articles), (SELECT coalesce(max(id), 0) FROM articles),
                                (SELECT coalesce(sum(CAST(id * coalesce(event_id, 0) AS DOUBLE PRECISION)), 0)
                                 FROM articles INDEXED BY idx_articles_event),
                                (SELECT count(*) FROM events), (SELECT coalesce(max(id), 0) FROM events)""").fetchone()


def assign_event(db: Database, article_id: int) -> int:
    """Put a stored article into the best-matching event within the time window, or a new one."""
    text, published, terms_json, country, outlet, title = db.execute(
        "SELECT text, published, terms, country, outlet, title FROM articles WHERE id = ?", [article_id]).fetchone()
    placement = choose_event(db, text, published, json.loads(terms_json) if terms_json else None, country, outlet,
                             title)
    with db.atomic():
        return place_article(db, article_id, placement, published)


def _refresh_dates(db: Database, event_id: int) -> None:
    db.execute("""UPDATE events SET first_seen = (SELECT min(published) FROM articles WHERE event_id = :id),
                  last_seen = (SELECT max(published) FROM articles WHERE event_id = :id), updated_at = :now
                  WHERE id = :id""", {"id": event_id, "now": now()})


def assign_missing(db: Database) -> list[tuple[int, int]]:
    """Assign every article that has no event yet (in publication order); return (article, event) pairs."""
    ids = [row[0] for row in db.execute(
        "SELECT id FROM articles WHERE event_id IS NULL ORDER BY coalesce(published, ''), id")]
    return [(article_id, assign_event(db, article_id)) for article_id in ids]


def list_events(db: Database) -> list[dict]:
    cursor = db.execute("""SELECT e.id, e.label, e.first_seen, e.last_seen, e.edited, coalesce(e.story_id, e.id) AS story_id,
        (SELECT count(*) FROM articles a WHERE a.event_id = e.id) AS articles,
        (SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article_id WHERE a.event_id = e.id) AS claims
        FROM events e ORDER BY coalesce(e.first_seen, ''), e.id""")
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row), edited=bool(row[4])) for row in cursor.fetchall()]


def _require(db: Database, event_id: int) -> None:
    if not db.execute("SELECT 1 FROM events WHERE id = ?", [event_id]).fetchone():
        raise NotFound(f"event {event_id} does not exist")


def rename_event(db: Database, event_id: int, label: str) -> None:
    _require(db, event_id)
    if not label.strip():
        raise BadInput("an event needs a non-empty name")
    with db.atomic():
        db.execute("UPDATE events SET label = ?, edited = 1, updated_at = ? WHERE id = ?",
                   [label.strip(), now(), event_id])


def merge_events(db: Database, target: int, sources: list[int]) -> None:
    """Move every article of ``sources`` into ``target`` and drop the emptied events."""
    for event_id in [target, *sources]:
        _require(db, event_id)
    sources = [source for source in sources if source != target]
    with db.atomic():
        _merge_stories(db, target, sources)
        for source in sources:
            db.execute("UPDATE articles SET event_id = ? WHERE event_id = ?", [target, source])
            db.execute("DELETE FROM events WHERE id = ?", [source])
        db.execute("UPDATE events SET edited = 1 WHERE id = ?", [target])
        _refresh_dates(db, target)


def _merge_stories(db: Database, target: int, sources: list[int]) -> None:
    """Events of the merged events' stories stay in one story, whose first event survives the merge."""
    gone = set(sources)
    root = story_of(db, target)
    root = target if root in gone else root
    stories = {story_of(db, event_id) for event_id in [target, *sources]}
    marks = ", ".join("?" * len(stories))
    db.execute(f"UPDATE events SET story_id = ? WHERE coalesce(story_id, id) IN ({marks})", [root, *stories])
    db.execute("UPDATE events SET story_id = NULL WHERE story_id = id")


def split_event(db: Database, event_id: int, article_ids: list[int], label: str | None = None) -> int:
    """Move some of an event's articles into a new event; return its id."""
    _require(db, event_id)
    members = {row[0] for row in db.execute("SELECT id FROM articles WHERE event_id = ?", [event_id])}
    strangers = sorted(set(article_ids) - members)
    if strangers or not article_ids:
        raise BadInput(f"articles {strangers or article_ids} are not in event {event_id}")
    if set(article_ids) == members:
        raise BadInput("a split must leave at least one article in the original event")
    with db.atomic():
        new_id = db["events"].insert({"label": label or f"Split from event {event_id}", "edited": 1,
                                      "created_at": now(), "updated_at": now(),
                                      "story_id": story_of(db, event_id)}).last_pk  # split off, still the story
        db.execute(f"UPDATE articles SET event_id = ? WHERE id IN ({', '.join('?' * len(article_ids))})",
                   [new_id, *article_ids])
        db.execute("UPDATE events SET edited = 1 WHERE id = ?", [event_id])
        _refresh_dates(db, event_id)
        _refresh_dates(db, new_id)
    return new_id
