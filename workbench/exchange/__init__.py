"""In and out: exports (ClaimReview JSON-LD, CSV, JSONL; ``exports``, ``streams``), published
fact-checks (``factchecks``, ``factcheck_formats``) and backups (``backup``).
"""
