"""What a typed search is: a claim to check, a question, or a topic.

"JNIM holds the airport" and "77 killed" assert something, so the results are related to the
query as to a claim (which reports corroborate it, which conflict).  "who controls the military
airport" and "death toll" assert nothing: a question cannot be contradicted, and reading it as a
claim labels real toll claims "unrelated" or marks claims CONFLICTS with a question.  Those are
searched for what they are about, and the results grouped by story and frame instead.
"""
from __future__ import annotations

import re

from ..model import Figure

__all__ = ["QUERY_KINDS", "query_kind"]

QUERY_KINDS = ("claim", "question", "topic")

_QUESTION_START = re.compile(
    r"^\s*(?:who|whom|whose|what|which|when|where|why|how|is|are|was|were|did|does|do|has|have|had|can|could|"
    r"will|would|should|qui|que|quoi|quel(?:le)?s?|lequel|laquelle|combien|o[uù]|quand|comment|pourquoi|"
    r"est-ce|y a-t-il)\b", re.IGNORECASE)
# a finite verb: a query that has one says something of its subject
_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|holds?|held|controls|controlled|says?|said|claims?|claimed|denie[sd]|deny|"
    r"killed|died|wounded|injured|seized|captured|attacked|stormed|fell|took|took over|retook|blamed|carried out|"
    r"est|sont|était|étaient|a été|ont|tient|tiennent|contrôlent?|contrôlait|affirme|dément|revendique|"
    r"a (?:pris|tué|fait|revendiqué|attaqué)|ont (?:pris|tué|fait|revendiqué|attaqué))\b", re.IGNORECASE)


def query_kind(text: str, figures: list[Figure] = ()) -> str:
    """``question`` (asks), ``topic`` (names a subject without saying anything of it) or ``claim``."""
    stripped = text.strip()
    if stripped.endswith("?") or _QUESTION_START.match(stripped):
        return "question"
    if figures or _VERB.search(stripped):
        return "claim"
    return "topic"
