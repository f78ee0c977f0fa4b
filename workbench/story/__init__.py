"""Stage 5 — story: which articles report the same happening (``events``).
"""
