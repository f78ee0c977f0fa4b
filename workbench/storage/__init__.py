"""Stage 4 — store: claims.db. Connection and articles (``store``), numbered migrations (``migrations``,
and their PostgreSQL twins in ``postgres_schema``, sharing ``views``), the same store on a PostgreSQL
server (``postgres``), copying one claims database into another (``transfer``), stored relations read
through one rule (``relations``), chunked SQL helpers (``sql``) and atomic file writes (``files``).
"""
