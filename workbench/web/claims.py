"""One claim: what other reports say about it, what it says and who says it, and its review.

What other reports say comes first — conflicts, then corroborations, then related claims — read
from the relations ingest stored (``Workbench.matches``), not recomputed per request: the page
shows what the counts, the suggested status and the queue are computed from, and its cost does
not grow with the archive.  ``j``/``k`` and ``s`` (static/claim.js) move between matches and to
the status form; without JavaScript every action is still a plain form.

Review actions are plain forms (POST-redirect-GET with a flash message).
A status form carries the status the page showed (``expected``): when
someone else changed the claim meanwhile, the page is shown again with the
new status and history, a clear conflict message, and the note and evidence
the user typed still in the form, so nothing is lost.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from workbench.errors import BadInput, Conflict
from workbench.model import MATCH_LABELS, SUGGESTION_STATUS

from .auth import actor, role_required
from .db import get_wb
from .views import refused, row_ids, split_evidence

bp = Blueprint("claims", __name__, url_prefix="/claims")
GROUPS = (("conflicts", "Conflicting"), ("corroborates", "Corroborating"), ("related", "Related"),
          ("unrelated", "Marked unrelated"))  # the most telling first: a conflict is what a desk must see
INDEPENDENT = ("An independent source is a different speaker, counted once however many reports quote it; "
               "a syndicated copy of the same wording is not a second source.")


def shared_reasons(matches: list[dict]) -> list[str]:
    """Reasons every match of a group gives ("JNIM is a party to the conflict…" on each of 11): said
    once above the group instead of eleven times."""
    if len(matches) < 2:
        return []
    common = set(matches[0]["reasons"]).intersection(*(match["reasons"] for match in matches[1:]))
    return [reason for reason in matches[0]["reasons"] if reason in common]


def grouped(found: dict[str, dict], claim: dict) -> list[dict]:
    """The page's groups in ``GROUPS`` order, each with its stored total, the matches listed and, for
    conflicts and corroborations, the independent sources behind them — the figures the summary,
    the queue and the suggested status use, so heading, summary and list cannot disagree."""
    sources = {"conflicts": claim.get("conflicts", 0), "corroborates": claim.get("corroborations", 0)}
    groups = []
    for key, title in GROUPS:
        entry = found[key]
        if key == "unrelated" and not entry["total"]:
            continue  # only a person marks a pair unrelated
        common = shared_reasons(entry["matches"])
        matches = [{**match, "reasons": [r for r in match["reasons"] if r not in common]} for match in entry["matches"]]
        groups.append({"key": key, "title": title, "total": entry["total"], "matches": matches, "common": common,
                       "sources": sources.get(key)})
    return groups


def _render(claim_id: int, form: dict | None = None, code: int = 200):
    wb = get_wb()
    claim = wb.claim(claim_id)
    if claim is None:
        abort(404, description=f"Claim {claim_id} does not exist.")
    suggestion = SUGGESTION_STATUS.get(claim.get("suggested_status"))
    return render_template("claim.html", claim=claim, article=wb.article(claim["article_id"]),
                           history=wb.history(claim_id), flags=wb.flags(claim_id=claim_id),
                           groups=grouped(wb.matches(claim_id), claim), suggestion=suggestion,
                           factchecks=wb.fact_checks_for(claim_id=claim_id), MATCH_LABELS=MATCH_LABELS,
                           INDEPENDENT=INDEPENDENT, form=form or {"expected": claim["status"]}), code


@bp.route("/<int:claim_id>")
def show(claim_id: int):
    return _render(claim_id)


def _back(claim_id: int):
    return redirect(url_for("claims.show", claim_id=claim_id))


@bp.post("/<int:claim_id>/status")
@role_required("factchecker")
def set_status(claim_id: int):
    form = {key: request.form.get(key, "") for key in ("status", "note", "evidence", "expected")}
    try:
        entry = get_wb().set_status(claim_id, form["status"], form["note"], actor(),
                                  split_evidence(form["evidence"]), form["expected"] or None)
    except Conflict as error:
        flash(f"Not saved: {error}. Your note is kept below.", "error")
        current = get_wb().claim(claim_id)["status"]
        return _render(claim_id, {**form, "expected": current}, 409)
    except BadInput as error:  # PermissionDenied cannot happen: the role was checked
        flash(f"Not saved: {error}.", "error")
        return _render(claim_id, form, 400)
    flash(f"Status changed from {entry['from_status']} to {entry['to_status']}.", "success")
    return _back(claim_id)


@bp.post("/<int:claim_id>/accept")
@role_required("factchecker")
def accept(claim_id: int):
    """Adopt the suggested status, guarded by ``expected`` like any status change."""
    suggested, expected = request.form.get("suggested", ""), request.form.get("expected") or None
    if suggested not in SUGGESTION_STATUS:
        flash(f"Unknown suggestion {suggested[:60]!r}.", "error")  # bounded: the session cookie carries it
        return _back(claim_id)
    with refused("Not saved"):
        get_wb().accept_suggestion(claim_id, suggested, actor(), expected=expected)
        flash(f"Accepted the suggestion ({suggested}).", "success")
    return _back(claim_id)


@bp.post("/<int:claim_id>/flags")
@role_required("editor")
def flag(claim_id: int):
    with refused("Not flagged"):
        created = get_wb().add_flag(claim_id, request.form.get("reason", ""), actor(), request.form.get("note"))
        flash(f"Flagged: {created['reason'].replace('_', ' ')}.", "success")
    return _back(claim_id)


@bp.post("/<int:claim_id>/flags/<int:flag_id>/resolve")
@role_required("editor")
def resolve(claim_id: int, flag_id: int):
    with refused(""):
        get_wb().resolve_flag(flag_id, actor(), claim_id)  # another claim's flag is a 404 here
        flash("Flag resolved.", "success")
    return _back(claim_id)


@bp.post("/<int:claim_id>/relations")
@role_required("factchecker")
def relation(claim_id: int):
    """Confirm or correct the relation to another claim; a person's verdict wins from now on."""
    other = request.form.get("other", "")
    label = request.form.get("label", "")
    if not row_ids([other]):
        flash("Which claim? The form lacked the other claim's number.", "error")
        return _back(claim_id)
    with refused("Not recorded"):
        get_wb().set_relation(claim_id, int(other), label, actor(), request.form.get("note") or None)
        flash(f"Recorded: claim {other} {label} this one.", "success")
    return redirect(url_for("claims.show", claim_id=claim_id, _anchor="similar"))
