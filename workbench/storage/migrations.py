"""Schema of claims.db, changed only through numbered migrations.

claims.db is the newsroom's record: it outlives every version of this code,
so the schema only ever moves forward, one numbered, transactional step at a
time (sqlite-utils ``Migrations``).  Never edit an applied migration; add the
next number.  Names and foreign keys are chosen so the file also reads well
in Datasette.
"""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from ..model import ROLES, STATUSES

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
    db.executescript("""
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

    CREATE VIEW claims_with_article AS
    SELECT c.id AS claim_id, c.text, c.speaker, c.speaker_kind, c.attribution_verb, c.claim_type,
           c.checkworthiness, c.status, c.updated_at, a.id AS article_id, a.title AS article_title,
           a.outlet, a.url AS article_url, a.published, a.language, a.event_id, e.label AS event
    FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN events e ON e.id = a.event_id;

    CREATE VIEW open_flags AS
    SELECT f.id AS flag_id, f.claim_id, f.reason, f.note, u.name AS flagged_by, f.created_at,
           c.text AS claim_text, c.status, a.outlet, a.title AS article_title, a.published
    FROM flags f JOIN claims c ON c.id = f.claim_id JOIN articles a ON a.id = c.article_id
    LEFT JOIN users u ON u.id = f.user_id
    WHERE f.resolved_at IS NULL;
    """)
    db["factchecks"].enable_fts(["claim_text", "claimant", "publisher"], create_triggers=True,
                                tokenize="unicode61 remove_diacritics 2")


@migrations()
def m005_effective_relations(db: Database) -> None:
    """Per pair, the relation that counts: the one a person set, else the computed one — one
    definition for summaries, the board, the queue and ``similar`` (``workbench.relations``)."""
    db.executescript("""
    CREATE VIEW effective_relations AS
    SELECT r.* FROM relations r
    WHERE r.source = 'person' OR NOT EXISTS (SELECT 1 FROM relations p WHERE p.source = 'person'
                                             AND p.claim_a = r.claim_a AND p.claim_b = r.claim_b);
    """)


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


def apply_migrations(db: Database) -> list[str]:
    """Apply pending migrations; return the names applied."""
    pending = [migration.name for migration in migrations.pending(db)]
    migrations.apply(db)
    return pending
