"""Schema of claims.db, changed only through numbered migrations.

claims.db is the newsroom's record: it outlives every version of this code,
so the schema only ever moves forward, one numbered, transactional step at a
time (sqlite-utils ``Migrations``).  Never edit an applied migration; add the
next number.  Names and foreign keys are chosen so the file also reads well
in Datasette.
"""
from __future__ import annotations

import json
import unicodedata

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from ..model import ROLES, STATUSES
from ..text.hashing import content_hash
from ..text.valid import valid_data, valid_text
from .postgres_schema import apply_postgres_migrations
from .sql import dialect
from .views import BROWSING_VIEWS, EFFECTIVE_RELATIONS

__all__ = ["migrations", "STATUSES", "ROLES", "apply_migrations"]


migrations = Migrations("workbench")


def _in_list(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


@migrations()
def m001_initial(db: Database) -> None:
    """Articles, claims, figures, and the review tables the workflow needs."""
    db.executescript(f"""
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        outlet TEXT NOT NULL,
        url TEXT,
        title TEXT,
        published TEXT,
        language TEXT,
        text TEXT NOT NULL,
        headings TEXT NOT NULL DEFAULT '[]',
        content_hash TEXT NOT NULL UNIQUE,
        source TEXT,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX idx_articles_outlet ON articles(outlet);
    CREATE INDEX idx_articles_published ON articles(published);

    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        text TEXT NOT NULL,
        claim_type TEXT NOT NULL,
        checkworthiness REAL NOT NULL,
        speaker TEXT NOT NULL,
        speaker_kind TEXT NOT NULL CHECK ({_in_list('speaker_kind', ('named', 'official', 'anonymous', 'outlet'))}),
        attribution_verb TEXT,
        hedged INTEGER NOT NULL DEFAULT 0,
        hedges TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL DEFAULT 'unverified' CHECK ({_in_list('status', STATUSES)}),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (article_id, position)
    );
    CREATE INDEX idx_claims_status ON claims(status);
    CREATE INDEX idx_claims_type ON claims(claim_type);
    CREATE INDEX idx_claims_speaker ON claims(speaker);

    CREATE TABLE figures (
        id INTEGER PRIMARY KEY,
        claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        min INTEGER,
        max INTEGER,
        approximate INTEGER NOT NULL DEFAULT 0,
        text TEXT NOT NULL
    );
    CREATE INDEX idx_figures_claim ON figures(claim_id);
    CREATE INDEX idx_figures_kind ON figures(kind);

    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK ({_in_list('role', ROLES)}),
        password_hash TEXT,
        token_hash TEXT,
        created_at TEXT NOT NULL
    );

    CREATE TABLE status_history (
        id INTEGER PRIMARY KEY,
        claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        user_id INTEGER REFERENCES users(id),
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL CHECK ({_in_list('to_status', STATUSES)}),
        note TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '[]',
        at TEXT NOT NULL
    );
    CREATE INDEX idx_status_history_claim ON status_history(claim_id);

    CREATE TABLE flags (
        id INTEGER PRIMARY KEY,
        claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        user_id INTEGER REFERENCES users(id),
        reason TEXT NOT NULL,
        note TEXT,
        created_at TEXT NOT NULL,
        resolved_by INTEGER REFERENCES users(id),
        resolved_at TEXT
    );
    CREATE INDEX idx_flags_claim ON flags(claim_id);
    """)
    db["claims"].enable_fts(["text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")


@migrations()
def m002_embeddings(db: Database) -> None:
    """Claim vectors, so the FAISS index can be rebuilt without re-encoding, and the
    database's identity, so an index built from another claims.db is never trusted."""
    db.executescript("""
    CREATE TABLE embeddings (
        claim_id INTEGER PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        vector BLOB NOT NULL
    );
    CREATE INDEX idx_embeddings_model_hash ON embeddings(model, text_hash);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO settings (key, value) VALUES ('db_id', lower(hex(randomblob(16))));
    """)


@migrations()
def m003_events_frames_relations(db: Database) -> None:
    """Events group articles about one happening; frames slot claims within it; relations
    record corroboration/conflict (computed, or set by a person, which then wins)."""
    db.executescript("""
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        first_seen TEXT,
        last_seen TEXT,
        edited INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    ALTER TABLE articles ADD COLUMN event_id INTEGER REFERENCES events(id) ON DELETE SET NULL;
    ALTER TABLE articles ADD COLUMN terms TEXT;
    ALTER TABLE articles ADD COLUMN country TEXT;
    CREATE INDEX idx_articles_event ON articles(event_id);

    CREATE TABLE claim_frames (
        claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        frame TEXT NOT NULL,
        PRIMARY KEY (claim_id, frame)
    );
    CREATE INDEX idx_claim_frames_frame ON claim_frames(frame);

    CREATE TABLE relations (
        id INTEGER PRIMARY KEY,
        claim_a INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        claim_b INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        label TEXT NOT NULL CHECK (label IN ('corroborates', 'conflicts', 'related', 'unrelated')),
        confidence REAL NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        independent INTEGER NOT NULL DEFAULT 1,
        source TEXT NOT NULL CHECK (source IN ('auto', 'person')),
        user_id INTEGER REFERENCES users(id),
        note TEXT,
        at TEXT NOT NULL,
        CHECK (claim_a < claim_b),
        UNIQUE (claim_a, claim_b, source)
    );
    CREATE INDEX idx_relations_b ON relations(claim_b);
    """)


@migrations()
def m004_factchecks_and_views(db: Database) -> None:
    """Published fact-checks (imported ClaimReview / fact-check search JSON) with their own vectors,
    kept apart from claims so the claims index never holds anything but claims; and two views
    that make claims.db pleasant to browse in Datasette."""
    db.executescript(f"""
    CREATE TABLE factchecks (
        id INTEGER PRIMARY KEY,
        claim_text TEXT NOT NULL,
        claimant TEXT,
        claim_date TEXT,
        rating TEXT NOT NULL,
        rating_value REAL,
        best_rating REAL,
        worst_rating REAL,
        publisher TEXT NOT NULL,
        url TEXT,
        title TEXT,
        review_date TEXT,
        language TEXT,
        source TEXT,
        content_hash TEXT NOT NULL UNIQUE,
        imported_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX idx_factchecks_publisher ON factchecks(publisher);

    CREATE TABLE factcheck_embeddings (
        factcheck_id INTEGER NOT NULL REFERENCES factchecks(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (factcheck_id, model)
    );
    CREATE INDEX idx_factcheck_embeddings_model_hash ON factcheck_embeddings(model, text_hash);

    {BROWSING_VIEWS}    """)
    db["factchecks"].enable_fts(["claim_text", "claimant", "publisher"], create_triggers=True,
                                tokenize="unicode61 remove_diacritics 2")


@migrations()
def m005_effective_relations(db: Database) -> None:
    """Per pair, the relation that counts: the one a person set, else the computed one — one
    definition for summaries, the board, the queue and ``similar`` (``workbench.relations``)."""
    db.executescript(f"""
    {EFFECTIVE_RELATIONS}    """)


@migrations()
def m006_claim_sources(db: Database) -> None:
    """Per claim, each independent source that corroborates or conflicts with it (the other claim's
    speaker), through the effective relations: the one definition of "how many sources" that claim
    summaries and the queue's conflicts sort both count (``workbench.storage.relations``)."""
    db.executescript("""
    CREATE VIEW claim_sources AS
    SELECT r.claim_a AS claim_id, r.label, b.speaker FROM effective_relations r JOIN claims b ON b.id = r.claim_b
    WHERE r.independent
    UNION ALL
    SELECT r.claim_b AS claim_id, r.label, a.speaker FROM effective_relations r JOIN claims a ON a.id = r.claim_a
    WHERE r.independent;
    """)


@migrations()
def m007_figure_revisions(db: Database) -> None:
    """A figure presented as replacing an earlier one ("revised down to 41"), and that earlier value."""
    db.executescript("""
    ALTER TABLE figures ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE figures ADD COLUMN previous INTEGER;
    """)


# Columns that hold JSON: a string inside may be a "\udc80" escape, valid JSON text that decodes to a
# lone surrogate (evidence and relation reasons were written with json.dumps' default ASCII escapes).
_M008_JSON_COLUMNS = {("articles", "headings"), ("articles", "terms"), ("claims", "hedges"),
                      ("status_history", "evidence"), ("relations", "reasons")}


def _m008_text_columns(db: Database) -> list[tuple[str, str]]:
    """(table, column) for every TEXT column of the ordinary tables: not FTS tables or their shadows
    (their triggers follow the tables they index), not SQLite's or sqlite-utils' own."""
    virtual = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND sql LIKE 'CREATE VIRTUAL TABLE%'")]
    tables = [name for name in db.table_names() if not name.startswith(("sqlite_", "_"))
              and not any(name == fts or name.startswith(f"{fts}_") for fts in virtual)]
    return [(table, column.name) for table in tables for column in db[table].columns
            if column.type.upper() == "TEXT"]


def _m008_repaired(raw: bytes, is_json: bool) -> str | None:
    """A stored value (its bytes: text another tool stored may not even be UTF-8) made valid, or None
    when it needs nothing."""
    try:
        text, count = raw.decode("utf-8"), 0
    except UnicodeDecodeError:
        text, count = raw.decode("utf-8", errors="replace"), 1
    text, found = valid_text(text)
    count += found
    if is_json and "\\u" in text:
        try:
            data, inside = valid_data(json.loads(text))
        except (ValueError, RecursionError):
            inside = 0
        if inside:
            text, count = json.dumps(data, ensure_ascii=False), count + inside
    return text if count else None


def _m008_shift(old_text: str, offsets: set[int]) -> dict[int, int]:
    """Where each offset into ``old_text`` lands in its repaired text (removed characters move
    everything after them), cleaning the pieces between consecutive offsets: linear in the text."""
    moved, cursor, position = {}, 0, 0
    for offset in sorted(offsets):
        position += len(valid_text(old_text[cursor:offset])[0])
        moved[offset], cursor = position, offset
    return moved


def _m008_article(db: Database, article_id: int, old_text: str, text: str) -> None:
    """The repaired text of an article, with its claims' offsets, its headings and its content hash
    following it (a re-sent copy of the report is still found a duplicate)."""
    claims = db.execute("SELECT id, char_start, char_end FROM claims WHERE article_id = ?", [article_id]).fetchall()
    headings = json.loads(db.execute("SELECT headings FROM articles WHERE id = ?", [article_id]).fetchone()[0])
    moved = _m008_shift(old_text, {offset for _, start, end in claims for offset in (start, end)}
                        | {offset for pair in headings for offset in pair})
    db.execute("UPDATE articles SET text = ?, headings = ? WHERE id = ?",
               [text, json.dumps([[moved[start], moved[end]] for start, end in headings]), article_id])
    db.conn.executemany("UPDATE claims SET char_start = ?, char_end = ? WHERE id = ?",
                        [(moved[start], moved[end], claim_id) for claim_id, start, end in claims])
    db.execute("UPDATE OR IGNORE articles SET content_hash = ? WHERE id = ?", [content_hash(text), article_id])


@migrations()
def m008_clean_text(db: Database) -> None:
    """Every stored text made valid Unicode without control characters (``text.valid``), as every
    entry point now makes new input.  Before, the JSON API stored NULs and other control characters
    as sent (they came out raw in pages and CSV), and JSON escapes of lone surrogates in evidence
    and relation reasons, which broke the claim page and the CSV export for everyone.  A value
    whose repair would collide with a UNIQUE one is left as it was (``OR IGNORE``)."""
    for table, column in _m008_text_columns(db):
        rows = db.execute(f"SELECT rowid, CAST([{column}] AS BLOB) FROM [{table}] WHERE typeof([{column}]) = 'text'")
        fixes = [(rowid, raw, fixed) for rowid, raw in rows  # streamed: only the rows to repair are kept
                 if (fixed := _m008_repaired(raw, (table, column) in _M008_JSON_COLUMNS)) is not None]
        for rowid, raw, fixed in fixes:
            if (table, column) == ("articles", "text"):
                _m008_article(db, rowid, raw.decode("utf-8", errors="replace"), fixed)
            else:
                db.execute(f"UPDATE OR IGNORE [{table}] SET [{column}] = ? WHERE rowid = ?", [fixed, rowid])


@migrations()
def m009_accounts_sessions(db: Database) -> None:
    """Sessions that end and accounts that can be disabled or removed (``review.accounts``): a random
    per-user session nonce that a browser session must name (ending a user's sessions draws a new
    one, so older cookies stop working), when an account was disabled or removed, and a trigger
    that refuses to delete a user row — a removed user stays for history, and no id is ever
    handed to someone else.  Names are stored normalised from now on (NFKC, case-folded, as
    ``review.accounts.normalise_name`` did when this was written); existing ones are normalised
    here unless two would then collide (those keep signing in as they were typed)."""
    db.executescript("""
    ALTER TABLE users ADD COLUMN session_nonce TEXT;
    ALTER TABLE users ADD COLUMN disabled_at TEXT;
    ALTER TABLE users ADD COLUMN removed_at TEXT;
    UPDATE users SET session_nonce = lower(hex(randomblob(16)));
    CREATE TRIGGER users_are_never_deleted BEFORE DELETE ON users
    BEGIN
        SELECT RAISE(ABORT, 'users are never deleted, so no id is reused: use workbench users remove');
    END;
    """)
    names = dict(db.execute("SELECT id, name FROM users").fetchall())
    keys = {user_id: unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold()).strip()
            for user_id, name in names.items()}
    for user_id, key in keys.items():
        if key != names[user_id] and list(keys.values()).count(key) == 1 and key not in names.values():
            db.execute("UPDATE users SET name = ? WHERE id = ?", [key, user_id])


@migrations()
def m010_event_stories(db: Database) -> None:
    """An event can be a later incident of another event's story (``story.events``: a second
    kidnapping in the same district, a second breakout from the same prison): ``story_id`` names the
    story's first event, NULL for an event that begins its own story, as every existing one does."""
    db.execute("ALTER TABLE events ADD COLUMN story_id INTEGER REFERENCES events(id) ON DELETE SET NULL")
    db.execute("CREATE INDEX idx_events_story ON events(story_id)")


def apply_migrations(db: Database) -> list[str]:
    """Apply pending migrations; return the names applied (PostgreSQL: their twins in ``postgres_schema``)."""
    if dialect(db) == "postgresql":
        return apply_postgres_migrations(db)
    pending = [migration.name for migration in migrations.pending(db)]
    migrations.apply(db)
    return pending
