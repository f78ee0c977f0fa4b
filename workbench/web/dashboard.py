"""The dashboard: where the claims stand, which need a person now, and what just came in."""
from __future__ import annotations

from flask import Blueprint, render_template, url_for

from workbench.model import CLAIM_TYPES, STATUSES

from .charts import bar_chart
from .db import get_wb

bp = Blueprint("dashboard", __name__)
ATTENTION_SHOWN = 10  # claims listed under "Needs attention"; "see all" opens the queue with every one


def _chart(counts: dict[str, int], order, param: str, css_prefix: str) -> dict:
    """A bar per known value (zeros included, so the picture's shape is stable), linking to the list."""
    keys = list(order) + sorted(set(counts) - set(order))
    return bar_chart([{"label": key.replace("_", " "), "count": counts.get(key, 0), "cls": f"{css_prefix}{key}",
                       "href": url_for("library.search", **{param: key})} for key in keys])


@bp.route("/")
def index():
    """Counts as charts, the claims that need a person (one row per claim, by story; the rest are one link
    away in the queue's attention filter) and the newest articles."""
    overview = get_wb().overview
    by_status, by_type = overview.counts_by("status"), overview.counts_by("claim_type")
    attention = overview.attention(ATTENTION_SHOWN)
    shown = sum(len(group["claims"]) for group in attention["groups"])
    return render_template("dashboard.html", status_chart=_chart(by_status, STATUSES, "status", "status-"),
                           type_chart=_chart(by_type, CLAIM_TYPES, "type", "type-"),
                           total=sum(by_status.values()), attention=attention, shown=shown,
                           articles=overview.newest_articles(8))
