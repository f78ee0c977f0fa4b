"""Geometry for the server-drawn SVG charts; the templates draw them (and escape every label).

No JavaScript and no inline style (the Content-Security-Policy forbids
both): charts are plain SVG elements with presentation attributes and CSS
classes.  This module only computes numbers, so nothing here can inject
markup.
"""
from __future__ import annotations

import math
from datetime import date

__all__ = ["bar_chart", "range_chart", "timeline"]

BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 20, 6, 130, 460


def bar_chart(items: list[dict]) -> dict:
    """Horizontal bars for ``[{"label", "count", "cls", "href"}]``, longest = full width."""
    top = max((item["count"] for item in items), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 60
    bars = []
    for row, item in enumerate(items):
        y = row * (BAR_HEIGHT + BAR_GAP)
        width = max(2.0, span * item["count"] / top) if item["count"] else 0.0
        bars.append({**item, "y": y, "text_y": y + BAR_HEIGHT * 0.7, "x": LABEL_WIDTH, "width": round(width, 1),
                     "count_x": round(LABEL_WIDTH + width + 6, 1), "height": BAR_HEIGHT})
    return {"width": CHART_WIDTH, "height": max(BAR_HEIGHT, len(items) * (BAR_HEIGHT + BAR_GAP)), "bars": bars,
            "label_x": LABEL_WIDTH - 8}


RANGE_LEFT, RANGE_RIGHT, RANGE_WIDTH = 262, 640, 760
OPEN_TAIL = 34  # px of dashed tail after an open-ended figure ("at least 71")


def _log_scale(values: list[dict]) -> tuple[int, callable]:
    """x position on a log10 axis from 1 to the next power of ten above every bound."""
    bounds = [v for item in values for v in (item["min"], item["max"]) if v]
    top = 10 ** max(1, math.ceil(math.log10(max(bounds, default=10) * 1.2)))

    def x(value: float | None) -> float:
        value = min(max(1.0, float(value or 1)), top)
        return round(RANGE_LEFT + (RANGE_RIGHT - RANGE_LEFT) * math.log10(value) / math.log10(top), 1)

    return top, x


def _short(value: str) -> str:
    """'200–999 ("hundreds")' -> '200–999': the chart's value column is narrow."""
    return value.split(' ("')[0][:18]


def range_chart(values: list[dict]) -> dict:
    """One row per reported figure: a bar from min to max on a log scale (tolls run from "a few"
    to "hundreds", so a linear axis would hide the small ones).  An open-ended figure ("at least
    71") is drawn as its reported reading (+15%) followed by a dashed tail, not as a bar to infinity.

    ``values``: ``[{"label", "min", "max", "value", "status", "disagrees", "claim_id"}]``.
    """
    top, x = _log_scale(values)
    row_height, first = 22, 26
    rows = []
    for number, item in enumerate(values):
        y = first + number * row_height
        low = item["min"] if item["min"] is not None else 1
        start = x(low)
        end = x(item["max"]) if item["max"] is not None else x(low * 1.15)
        width = max(6.0, round(end - start, 1))
        rows.append({**item, "y": y, "x": start, "width": width, "text_y": y + 11, "open": item["max"] is None,
                     "tail_x1": start + width, "tail_x2": min(RANGE_RIGHT + 4, start + width + OPEN_TAIL),
                     "mid_y": y + 7, "short": _short(item["value"]), "label": _clip(item["label"], 40)})
    ticks = []
    value = 1
    while value <= top:
        ticks.append({"x": x(value), "label": f"{value:,}"})
        value *= 10
    bottom = first + len(values) * row_height
    return {"width": RANGE_WIDTH, "height": bottom + 6, "rows": rows, "ticks": ticks, "axis_y": 14,
            "bottom": bottom, "label_x": RANGE_LEFT - 10, "value_x": RANGE_RIGHT + 14}


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def timeline(articles: list[dict]) -> dict:
    """Dots on a date axis, one per article (undated ones are left out of the picture, not the list)."""
    dated = [(article, _day(article.get("published"))) for article in articles]
    dated = [(article, day) for article, day in dated if day]
    if not dated:
        return {"points": [], "width": 620, "height": 0}
    first, last = min(day for _, day in dated), max(day for _, day in dated)
    span = max(1, (last - first).days)
    left, right = 40, 580
    stacks: dict[date, int] = {}
    for _, day in dated:
        stacks[day] = stacks.get(day, 0) + 1
    top = min(max(stacks.values()), 8) * 12  # a day with many articles stacks up (to 8 dots)
    axis_y = top + 12
    levels: dict[date, int] = {}
    points = []
    for article, day in dated:
        level = levels.get(day, 0)
        levels[day] = level + 1
        points.append({**article, "x": round(left + (right - left) * (day - first).days / span, 1),
                       "y": axis_y - 10 - 12 * min(level, 7), "day": day.isoformat()})
    ticks = sorted({(point["x"], point["day"]) for point in points})
    return {"points": points, "width": 620, "height": axis_y + 26, "axis_y": axis_y, "left": left, "right": right,
            "ticks": [{"x": x, "label": label, "labelled": len(ticks) <= 6 or number in (0, len(ticks) - 1)}
                      for number, (x, label) in enumerate(ticks)]}
