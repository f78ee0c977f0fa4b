"""Reading: the list of articles, one article with its claims highlighted and badged, and search."""
from __future__ import annotations

from flask import Blueprint, abort, flash, render_template, request, session

from workbench.model import CLAIM_TYPES
from workbench.model import STATUSES

from .db import get_wb
from .views import BadInput, Pager, choice_arg, date_arg, page_window, paginate

bp = Blueprint("library", __name__)
MAX_SEARCH_DEPTH = 500  # results ranked for the deepest search page


@bp.route("/articles")
def articles():
    wb = get_wb()
    rows, pager = paginate(lambda limit, offset: wb.overview.newest_articles(limit, offset),
                           total=wb.count("articles"))
    return render_template("articles.html", articles=rows, pager=pager)


def highlight(text: str, claims: list[dict]) -> list[dict]:
    """The article text cut into plain runs and claim runs (by char offsets), in order.

    A claim overlapping one already placed, or pointing outside the text, is
    left unmarked rather than garbling the text.
    """
    pieces, cursor = [], 0
    for claim in sorted(claims, key=lambda c: (c["char_start"], c["id"])):
        start, end = claim["char_start"], claim["char_end"]
        if start < cursor or end > len(text) or start >= end:
            continue
        if start > cursor:
            pieces.append({"text": text[cursor:start], "claim": None})
        pieces.append({"text": text[start:end], "claim": claim})
        cursor = end
    if cursor < len(text):
        pieces.append({"text": text[cursor:], "claim": None})
    return pieces


@bp.route("/articles/<int:article_id>")
def article(article_id: int):
    """The text with its claims marked, each claim another report conflicts with or corroborates
    badged with the counts, and a list of those other claims — above the text on the first view
    after an ingest (``session["ingested"]``, set once like a flash message: the URL stays the
    article's), where it is the answer to "what does this new report contradict?"."""
    wb = get_wb()
    found = wb.article(article_id)
    if found is None:
        abort(404, description=f"Article {article_id} does not exist.")
    claims = wb.claims(article_id=article_id)
    return render_template("article.html", article=found, claims=claims, pieces=highlight(found["text"], claims),
                           relations=wb.article_matches(article_id), ingested=_just_ingested(article_id))


def _just_ingested(article_id: int) -> bool:
    """Whether this view is the first of an article just ingested here (the mark is used up).  Read
    before popping: popping a missing key would still rewrite the session cookie on every view."""
    return "ingested" in session and session.pop("ingested") == article_id


def search_filters(args) -> dict:
    """The CLI's search filters from a query string; BadInput names the bad one."""
    filters = {"outlet": (args.get("outlet") or "").strip() or None, "since": date_arg(args, "since"),
               "until": date_arg(args, "until"), "status": choice_arg(args, "status", STATUSES),
               "claim_type": choice_arg(args, "type", CLAIM_TYPES)}
    return {key: value for key, value in filters.items() if value}


def _ranked(query: str, filters: dict) -> tuple[list[dict], Pager, str]:
    """One page of hybrid search results: rank the top page*per and show the last page of them;
    and what the query was taken as (a claim, a question, a topic)."""
    pager = page_window(20)
    depth = pager.page * pager.per_page
    if depth > MAX_SEARCH_DEPTH:
        return [], pager, "claim"
    results = get_wb().search(query, k=depth, **filters)
    pager.has_next = len(results) >= depth and depth < MAX_SEARCH_DEPTH
    return results[pager.offset:depth], pager, results.taken_as


def _browse(filters: dict, speaker: str | None) -> tuple[list[dict], Pager]:
    """Without words, list claims by status / type / speaker (what the dashboard's bars link to)."""
    wb = get_wb()
    return paginate(lambda limit, offset: wb.claims(status=filters.get("status"),
                                                    claim_type=filters.get("claim_type"), speaker=speaker,
                                                    limit=limit, offset=offset))


@bp.route("/search")
def search():
    query, speaker = (request.args.get("q") or "").strip(), (request.args.get("speaker") or "").strip() or None
    try:
        filters = search_filters(request.args)
    except BadInput as error:
        flash(str(error), "error")
        return render_template("search.html", query=query, results=None, claims=None, pager=None,
                               outlets=_outlets()), 400
    results = claims = pager = groups = None
    taken_as = "claim"
    if query:
        results, pager, taken_as = _ranked(query, filters)
        if taken_as != "claim":
            groups = get_wb().group_results(results)
    elif filters.get("status") or filters.get("claim_type") or speaker:
        claims, pager = _browse(filters, speaker)
        if set(filters) - {"status", "claim_type"}:
            flash("Outlet and date filters apply to a search: type some words to use them.", "info")
    elif "q" in request.args:  # the form sent blank: say so rather than show nothing, or arbitrary claims
        flash("An empty search finds nothing: type words, a figure or a name.", "error")
    return render_template("search.html", query=query, results=results, claims=claims, pager=pager,
                           outlets=_outlets(), taken_as=taken_as, groups=groups)


def _outlets() -> list[str]:
    """Outlet names for the filter's suggestions (bounded: a suggestion list, not a report)."""
    return get_wb().overview.outlets()
