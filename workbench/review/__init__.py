"""Stage 7 — review: accounts, statuses with history, flags, a person's verdict on a pair and the
queue (``actions``); the counts and pages the desk's screens show (``overview``).
"""
