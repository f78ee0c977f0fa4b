"""Views both engines define in the same words: the numbered migrations of each (``migrations.py``,
``postgres_schema.py``) create them from here, so the two cannot drift apart."""

__all__ = ["BROWSING_VIEWS", "EFFECTIVE_RELATIONS"]

BROWSING_VIEWS = """
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
"""
EFFECTIVE_RELATIONS = """
    CREATE VIEW effective_relations AS
    SELECT r.* FROM relations r
    WHERE r.source = 'person' OR NOT EXISTS (SELECT 1 FROM relations p WHERE p.source = 'person'
                                             AND p.claim_a = r.claim_a AND p.claim_b = r.claim_b);
"""
