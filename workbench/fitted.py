"""Weights fitted on the team's development sets and shipped inside the package as data.

Two judgements are small linear models — a claim's type (``analyse.claim_types``) and the stance
combiner (``relate.combine``) — fitted by the scripts in ``bench/`` with cross-validation by set and
read here.  Without their file, or with one fitted for other features, the install is broken:
nothing may be typed or labelled by half a model.
"""
from __future__ import annotations

import json
from pathlib import Path

from .errors import EnvironmentProblem

__all__ = ["load"]


def load(path: Path, what: str, script: str, features: list[str] | None = None) -> dict:
    """The fitted weights at ``path`` (``what`` names them in the error, ``script`` refits them);
    with ``features``, they must be for exactly those."""
    try:
        fitted = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise EnvironmentProblem(f"environment problem: the {what} {path} cannot be read "
                                 f"({type(error).__name__}); reinstall the workbench or run {script} --write") from None
    if not isinstance(fitted, dict) or (features is not None and fitted.get("features") != list(features)):
        raise EnvironmentProblem(f"environment problem: the {what} {path} are for other features; run {script} --write")
    return fitted
