"""Helpers shared by the views and templates: pagination, filters from the query string, labels.

Every list is paginated in SQL (LIMIT/OFFSET through the Workbench and
review APIs), fetching one row more than a page to know whether there is a
next page without counting everything.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from flask import current_app, flash, request, url_for

from workbench.errors import BadInput
from workbench.model import CLAIM_TYPES, FLAG_REASONS, ROLES, STATUSES

__all__ = ["Pager", "paginate", "page_window", "date_arg", "choice_arg", "split_evidence", "init_app",
           "BadInput", "row_ids", "refused", "same_site_path"]

MAX_PAGE = 10 ** 9  # (page - 1) * per_page must stay inside SQLite's 64-bit OFFSET
SIMILAR_K = 30  # similar claims /api/claims/<id>/similar shows (the claim page reads stored relations)


@dataclass
class Pager:
    page: int
    per_page: int
    has_next: bool
    total: int | None = None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def pages(self) -> int | None:
        return None if self.total is None else max(1, -(-self.total // self.per_page))

    def url(self, page: int) -> str:
        args = {**request.args.to_dict(), "page": page}
        return url_for(request.endpoint, **(request.view_args or {}), **args)


def page_window(per_page: int | None = None) -> Pager:
    """The requested page (``?page=``, 1 when missing or not a number); rows are not yet known."""
    page = request.args.get("page", 1, type=int) or 1
    return Pager(min(max(1, page), MAX_PAGE), per_page or current_app.config["PER_PAGE"], False)


def paginate(fetch, per_page: int | None = None, total: int | None = None) -> tuple[list, Pager]:
    """Call ``fetch(limit, offset)`` for one page (plus one row to see if another follows)."""
    pager = page_window(per_page)
    rows = fetch(pager.per_page + 1, pager.offset)
    pager.has_next = len(rows) > pager.per_page
    pager.total = total
    return rows[:pager.per_page], pager


def date_arg(args, name: str) -> str | None:
    value = (args.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadInput(f"{name} must be a date like 2024-09-17, not {value[:40]!r}") from None


def choice_arg(args, name: str, choices) -> str | None:
    value = (args.get(name) or "").strip()
    if value and value not in choices:
        raise BadInput(f"{name} must be one of {', '.join(choices)}")
    return value or None


def row_ids(values) -> list[int]:
    """The form values that can be row ids; the rest are ignored.  Not ``str.isdigit``: "²" passes
    it and then int() refuses it, and a 30-digit number overflows SQLite's INTEGER."""
    return [int(value) for value in values if value.isdecimal() and len(value) <= 18]


def same_site_path(target, prefix: str = "/") -> str | None:
    """``target`` when it is a path of this site under ``prefix``, safe to redirect to; else None.

    A form or query value becomes a Location header here: "//host" or "/\\host" would leave the
    site, and a control character (a newline) cannot be in a header at all — Werkzeug raises, a 500."""
    if not isinstance(target, str) or not target.startswith(prefix) or target.startswith("//"):
        return None
    if re.search(r"[\x00-\x1f\x7f\\]", target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def split_evidence(text: str) -> list[str]:
    """Evidence typed one per line (or separated by commas/spaces): claim ids or URLs."""
    return [item for item in re.split(r"[\s,]+", text or "") if item]


def _label(value) -> str:
    return str(value or "").replace("_", " ").replace("-", " ")


def _short_date(value) -> str:
    return (value or "")[:10] or "undated"


def init_app(app) -> None:
    app.jinja_env.filters["label"] = _label
    app.jinja_env.filters["day"] = _short_date
    app.jinja_env.globals.update(STATUSES=STATUSES, ROLES=ROLES, CLAIM_TYPES=CLAIM_TYPES,
                                 FLAG_REASONS=FLAG_REASONS)


@contextmanager
def refused(what: str):
    """A form action the library refuses (``BadInput``) becomes one flash message, "<what>: reason.",
    and the view goes on to redirect; anything missing (``NotFound``) rises to the one 404 handler."""
    try:
        yield
    except BadInput as error:
        flash(f"{what}: {error}." if what else f"{error}.", "error")
