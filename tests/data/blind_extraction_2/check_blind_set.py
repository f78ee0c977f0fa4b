#!/usr/bin/env python3
"""Self-check for tests/data/blind_extraction_2/ (the shared checks live in ../blind_checks.py)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import blind_checks as bc

s = bc.BlindSet(__file__, strict=False, incidents=False, approx=False)
s.check_core(words=(250, 600))
s.check_folder("blind_extraction_2")
s.check_events({"okan-wharf-depot-fire-2025": (6, 3, 3, 2), "kelewa-stadium-crush-2025": (6, 3, 3, 2)})
s.check_cross_language()
# (set 2 only) no gold sentence copied from the first set, when that folder is present
first = os.path.join(s.data, "blind_extraction", "gold_sentences.jsonl")
if os.path.exists(first):
    old = s._old_gold(first, lenient=False)
    for g in s.gold:
        if g["sentence"] in old:
            s.err(f"{g['file']}: sentence copied from the first set: {g['sentence'][:60]!r}")
s.finish()
