"""Stage 4 — store: claims.db. Connection and articles (``store``), numbered migrations,
stored relations read through one rule (``relations``), chunked SQL helpers (``sql``) and atomic
file writes (``files``).
"""
