"""A claim's type by what it reports, not by how it was reported: a fitted reading.

The rules of ``analyse.claims`` type a sentence by the first cue family that matches, so "the
governor said troops had stormed the school" is a statement (a verb of speech came first) where a
fact-checker files an event, and "the families say the toll is higher" is a casualty claim where
the dispute is a statement.  Hand ordering of cues does not settle which of the five everyday types
(casualty, event, statement, condition, finding) a sentence is; the cues, the figures, the
attribution and the words together do, weighed by a multinomial logistic regression fitted on the
team's gold sentences (``bench/fit_types.py``, cross-validated by leaving each set out).

The rules still decide what the stance rules lean on — control, responsibility, background, and
what is no claim at all; the reading only chooses among the five.  The weights are data
(``data/claim_types.json``): each sign a sentence shows ("cue:casualty", "verb:denied",
"kind:missing", "word:inquiry") adds its weights; a sign the fit never saw adds nothing.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from ..errors import EnvironmentProblem
from ..fitted import load as load_fitted
from ..text.patterns import strip_accents
from .attribution import Attribution

__all__ = ["READ_TYPES", "TYPES_PATH", "read_type", "signs", "weights"]

TYPES_PATH = Path(__file__).with_name("data") / "claim_types.json"
READ_TYPES = ("casualty", "event", "statement", "condition", "finding")  # the types the reading chooses between
_WORD = re.compile(r"[a-z]{3,}")


@functools.lru_cache(maxsize=1)
def weights() -> dict:
    """{"classes", "intercept", "signs": {sign: one weight per class}, "cross_validated"}."""
    fitted = load_fitted(TYPES_PATH, "claim-type weights", "bench/fit_types.py")
    if fitted.get("classes") != list(READ_TYPES) or not isinstance(fitted.get("signs"), dict):
        raise EnvironmentProblem(
            f"environment problem: the claim-type weights {TYPES_PATH} are for other types; run bench/fit_types.py --write")
    return fitted


def signs(text: str, rule_type: str, cues: dict[str, bool], figure_kinds: set[str], attribution: Attribution) -> set[str]:
    """What the reading weighs: the rules' type, the cue families, the figure kinds, the
    attribution's verb, speaker kind and hedge, and the sentence's words (accents folded)."""
    found = {f"rule:{rule_type}", f"verb:{attribution.attribution_verb or '-'}", f"speaker:{attribution.speaker_kind}"}
    found |= {f"cue:{name}" for name, present in cues.items() if present}
    found |= {f"kind:{kind}" for kind in figure_kinds} | ({"figures"} if figure_kinds else set())
    found |= {"hedged"} if attribution.hedged else set()
    return found | {f"word:{word}" for word in _WORD.findall(strip_accents(text.lower()))}


def read_type(shown: set[str], fitted: dict | None = None) -> str:
    """The type whose weights the sentence's signs add up highest for."""
    fitted = fitted or weights()
    scores = list(fitted["intercept"])
    for sign in shown:
        for i, weight in enumerate(fitted["signs"].get(sign, ())):
            scores[i] += weight
    return fitted["classes"][max(range(len(scores)), key=scores.__getitem__)]
