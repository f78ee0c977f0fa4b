#!/usr/bin/env python3
"""Self-check for tests/data/blind_extraction/ (the shared checks live in ../blind_checks.py)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import blind_checks as bc

s = bc.BlindSet(__file__, strict=False, incidents=False, approx=False)
s.check_core(words=(250, 600))
s.finish()
