"""The content hash that makes a re-sent report a duplicate: low in the package, so that both the
store and the migrations that repair stored texts compute it the same way."""
from __future__ import annotations

import hashlib
import re

__all__ = ["content_hash"]


def content_hash(text: str) -> str:
    """Hash of the text with case and spacing folded: the same report re-pasted is a duplicate."""
    normalised = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
