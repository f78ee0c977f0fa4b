"""Stage 1 — read: files, pages and records in; furniture out. Turns .txt/.html/.json/.jsonl
into article inputs (``sources``) and strips page furniture from HTML and text (``clean``).
"""
