"""English number words: head-counts are often written out ("twenty-five", "two hundred")."""
from __future__ import annotations

NUMBER_WORDS = {
    **dict(zip("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
               "seventeen eighteen nineteen".split(), range(1, 20))),
    **dict(zip("twenty thirty forty fifty sixty seventy eighty ninety".split(), range(20, 100, 10))),
    "zero": 0,
}
MULTIPLIERS = {"hundred": 100, "dozen": 12}
SCALES = {"thousand": 10**3, "million": 10**6, "millions": 10**6, "bn": 10**9, "billion": 10**9, "billions": 10**9}

# Vague plurals that are counts: phrase -> (low, high, centre or None).  Vague words ("several", "many",
# "a few", "heavy") give no figure: they say there were some, not how many.
VAGUE = {"a dozen": (11, 13, 12), "scores of": (40, 99, None), "dozens": (24, 99, None),
         "hundreds": (200, 999, None), "thousands": (2000, 9999, None), "millions": (2_000_000, 9_999_999, None),
         "tens of thousands": (20000, 99999, None), "hundreds of thousands": (200000, 999999, None)}
