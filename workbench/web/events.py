"""Events: the list, and one event's frame board, timeline and editors' corrections.

The board lays every value reported for a frame ("killed", "control", ...)
side by side with who said it and where, disagreements marked, so a desk
sees at a glance that one source says 77 dead and another about 100.
"""
from __future__ import annotations

import re

from flask import Blueprint, flash, redirect, render_template, request, url_for

from workbench.errors import BadInput, NotFound
from workbench.model import FIGURE_FRAMES

from .auth import role_required
from .charts import range_chart, timeline
from .db import get_wb
from .views import paginate, refused, row_ids

bp = Blueprint("events", __name__, url_prefix="/events")
BOARD_VALUES = 60  # values drawn per frame; the rest are counted, not hidden silently


@bp.route("")
def index():
    rows, pager = paginate(lambda limit, offset: get_wb().overview.events_page(limit, offset))
    return render_template("events.html", events=rows, pager=pager)


def _figure_chart(frame: dict, bounds: dict) -> dict | None:
    """A range bar per reported figure of a casualty-type frame (None for control, responsibility...)."""
    kind = frame["frame"].split("@")[0]
    if kind not in FIGURE_FRAMES:
        return None
    rows = []
    for value in frame["values"]:
        figure = bounds.get((value["claim_id"], kind))
        if figure:
            rows.append({**figure, "label": f"{value['speaker']} · {value['outlet']}", "value": value["value"],
                         "status": value["status"], "disagrees": value["disagrees"], "claim_id": value["claim_id"]})
    return range_chart(rows) if rows else None


def _board(event_id: int) -> dict:
    board = get_wb().board(event_id)
    ids = [value["claim_id"] for frame in board["frames"] for value in frame["values"]]
    bounds = get_wb().overview.figure_bounds(sorted(set(ids)))
    for frame in board["frames"]:
        frame["hidden"] = max(0, len(frame["values"]) - BOARD_VALUES)
        frame["values"] = frame["values"][:BOARD_VALUES]
        frame["chart"] = _figure_chart(frame, bounds)
    return board


@bp.route("/<int:event_id>")
def show(event_id: int):
    board = _board(event_id)
    articles, pager = paginate(lambda limit, offset: get_wb().overview.event_articles(event_id, limit, offset))
    return render_template("event.html", board=board, event=board["event"], articles=articles, pager=pager,
                           timeline=timeline(articles))


def _ids(text: str) -> list[int]:
    return row_ids(re.findall(r"\d+", text or ""))


@bp.post("/<int:event_id>/rename")
@role_required("editor")
def rename(event_id: int):
    with refused(""):
        get_wb().rename_event(event_id, request.form.get("label", ""))
        flash("Event renamed.", "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.post("/<int:event_id>/merge")
@role_required("editor")
def merge(event_id: int):
    sources = [source for source in _ids(request.form.get("sources", "")) if source != event_id]
    if not sources:
        flash("Name at least one other event (its number) to merge into this one.", "error")
        return redirect(url_for("events.show", event_id=event_id))
    try:
        get_wb().merge_events(event_id, sources)
        flash(f"Merged event(s) {', '.join(map(str, sources))} into this one.", "success")
    except NotFound as error:
        flash(f"Nothing merged: {error}.", "error")
    return redirect(url_for("events.show", event_id=event_id))


@bp.post("/<int:event_id>/split")
@role_required("editor")
def split(event_id: int):
    article_ids = row_ids(request.form.getlist("article_ids"))
    try:
        new_id = get_wb().split_event(event_id, article_ids, request.form.get("label", "").strip() or None)
    except BadInput as error:
        flash(f"Nothing split: {error}.", "error")
        return redirect(url_for("events.show", event_id=event_id))
    flash(f"Moved {len(article_ids)} article(s) into a new event.", "success")
    return redirect(url_for("events.show", event_id=new_id))
