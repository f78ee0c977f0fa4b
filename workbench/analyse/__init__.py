"""Stage 2 — analyse: pure functions, no database. Sentences (``segment``), who says what
(``attribution``, ``actors``), counts (``figures``), which sentences are claims (``claims``) and
the frames a claim fills (``frames``).
"""
