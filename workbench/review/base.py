"""What every review module shares: its errors, the role check and two small query helpers.

``actions`` (statuses, flags, the queue) and ``accounts`` (users, passwords, sessions, tokens)
both build on these; ``actions`` re-exports them, so ``review.ReviewError`` and
``review.require_role`` stay where callers know them.
"""
from __future__ import annotations

from sqlite_utils import Database

from ..errors import BadInput, Forbidden
from ..model import ROLES

__all__ = ["ReviewError", "PermissionDenied", "require_role", "fetch_one", "fetch_all"]


class ReviewError(BadInput):
    """A review action that cannot be done as asked (bad input)."""


class PermissionDenied(Forbidden, ReviewError):
    """The user's role does not allow this action."""


def require_role(user: dict | None, role: str) -> None:
    """Raise PermissionDenied unless the user's role is ``role`` or above (and the account is not disabled)."""
    if user is not None and user.get("disabled"):
        raise PermissionDenied(f"the account {user['name']} is disabled")
    if user is None or ROLES.index(user["role"]) < ROLES.index(role):
        raise PermissionDenied(f"this needs the {role} role" + (f"; {user['name']} is {user['role']}" if user else ""))


def fetch_one(db: Database, sql: str, params: list) -> dict | None:
    cursor = db.execute(sql, params)
    row = cursor.fetchone()
    return dict(zip([c[0] for c in cursor.description], row)) if row else None


def fetch_all(db: Database, sql: str, params: list) -> list[dict]:
    cursor = db.execute(sql, params)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]
