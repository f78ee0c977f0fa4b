"""Geometry for the server-drawn SVG charts; the templates draw them (and escape every label).

No JavaScript and no inline style (the Content-Security-Policy forbids
both): charts are plain SVG elements with presentation attributes and CSS
classes.  This module only computes numbers, so nothing here can inject
markup.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

__all__ = ["bar_chart", "figure_timeline", "timeline", "SHAPES", "Box", "WIDE", "NARROW"]

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


@dataclass(frozen=True)
class Box:
    """One size of the board's figure timeline: the SVG's width and the plot inside it (right of the
    plot: the band's name).  A page carries a wide and a narrow drawing and CSS shows one, so the text
    of either stays readable once the SVG is scaled to the screen."""
    width: int
    left: int
    right: int
    top: int
    bottom: int
    pad: int        # px kept free at each end of the time axis
    step: int       # px between the marks of one day
    day_label: int  # px a date label ("2025-01-31") takes on the time axis


WIDE, NARROW = Box(640, 62, 560, 16, 200, 26, 16, 74), Box(360, 44, 284, 14, 210, 16, 10, 70)
MAX_MARKS = 300              # values drawn per chart; the rest are counted (the consensus weighs them all)
LOG_FROM = 8                 # values spanning this ratio or more get a log axis ("13" and "2,000" both readable)
SHAPES = {"agrees": "circle", "split": "circle", "outlier": "diamond", "revised": "square", "earlier": "square",
          "part": "triangle"}


def _ladder(value: float, up: bool) -> float:
    """The next 1-2-5 step at or above (``up``) or at or below ``value``."""
    power = 10 ** math.floor(math.log10(value))
    steps = [step * power for step in (1, 2, 5, 10)]
    return min(s for s in steps if s >= value) if up else max(s for s in steps if s <= value)


def _value_axis(low: float, high: float, box: Box):
    """(y of a value, ticks, log?): a log axis when the values span ``LOG_FROM`` times or more, else linear from 0."""
    low, high = max(low, 1.0), max(high, 1.0)
    log = high / low >= LOG_FROM
    if log:
        bottom, top = _ladder(low * 0.8, False), _ladder(high * 1.25, True)
        scale = lambda v: math.log10(max(bottom, min(top, v)) / bottom) / math.log10(top / bottom)  # noqa: E731
        ticks = [t * 10 ** p for p in range(int(math.log10(bottom)), int(math.log10(top)) + 1) for t in (1, 2, 5)]
        ticks = [t for t in ticks if bottom <= t <= top]
        if len(ticks) > 7:
            ticks = [t for t in ticks if math.log10(t).is_integer()] or ticks[::3]
    else:
        top = _ladder(high * 1.15, True)
        scale = lambda v: max(0.0, min(top, v)) / top  # noqa: E731
        step = _ladder(top / 5, True)
        ticks = [step * n for n in range(int(top / step) + 1)]

    def y(value: float) -> float:
        return round(box.bottom - (box.bottom - box.top) * scale(value), 1)

    return y, [{"y": y(t), "label": f"{t:,.0f}"} for t in ticks], log


def _point(low: float, high: float | None, log: bool) -> float:
    """Where a figure's mark sits: its value, the middle of its range, or its floor when open."""
    if high is None or high == low:
        return low
    return math.sqrt(max(low, 1) * high) if log else (low + high) / 2


def _shape(kind: str, x: float, y: float) -> str:
    """SVG polygon points for a mark's shape (circles are drawn as circles)."""
    r = 6
    corners = {"diamond": [(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)],
               "square": [(-r, -r), (r, -r), (r, r), (-r, r)],
               "triangle": [(0, -r - 1), (r + 1, r), (-r - 1, r)]}.get(kind, [])
    return " ".join(f"{round(x + dx, 1)},{round(y + dy, 1)}" for dx, dy in corners)


def _sort_day(day: date | None) -> date:
    return day or date.max  # undated values go last


def _day_slots(slots: list, pad: float, box: Box) -> dict:
    """x of each publication day (undated last), ``pad`` px in from the plot's ends, on a time scale."""
    days = [day for day in slots if day is not None]
    left, right = box.left + pad, box.right - pad
    undated = len(days) < len(slots)
    if len(days) > 1:
        width = right - left - (box.day_label if undated else 0)
        where = {day: left + width * (day - days[0]).days / (days[-1] - days[0]).days for day in days}
    else:
        where = {day: (left + right) / 2 - (box.day_label / 2 if undated else 0) for day in days}
    return {**where, None: right} if undated else where


def _day_ticks(slots: list, where: dict, box: Box) -> list[dict]:
    """A tick per day; a date label only where it has room (the last day always has one)."""
    ticks, last = [], -box.day_label
    for day in slots:
        x = round(where[day], 1)
        room = x - last >= box.day_label and (day == slots[-1] or where[slots[-1]] - x >= box.day_label)
        ticks.append({"x": x, "label": day.isoformat() if day else "undated", "labelled": room or day == slots[-1]})
        last = x if ticks[-1]["labelled"] else last
    return ticks


def _by_day(entries: list[dict]) -> dict:
    by_day: dict = {}
    for entry in sorted(entries, key=lambda e: (_sort_day(_day(e.get("published"))), e["id"])):
        by_day.setdefault(_day(entry.get("published")), []).append(entry)
    return by_day


def figure_timeline(weighed: dict, box: Box = WIDE) -> dict | None:
    """Geometry for a figure frame over time (``Overview.event_board``'s weighed frame): per value a bar from
    its lower to its upper bound (an open one runs to the top as an arrow) and a mark whose shape says its
    role (``SHAPES``); the consensus band (or the tied ranges of a split) across the plot; day and value
    ticks.  None when no value has a number."""
    drawn = [entry for entry in weighed["entries"] if entry["role"] in SHAPES]
    if not drawn:
        return None
    left_out, drawn = max(0, len(drawn) - MAX_MARKS), drawn[:MAX_MARKS]
    values = [v for entry in drawn for v in (entry["figure"]["min"], entry["figure"]["max"], entry["reading"][1])
              if v is not None and v != math.inf]
    y, ticks, log = _value_axis(min(values), max(values), box)
    by_day = _by_day(drawn)
    slots = list(by_day)
    crowd = max(len(by_day[slots[0]]), len(by_day[slots[-1]]))  # the end days' marks must fit inside the plot
    where = _day_slots(slots, min(box.pad + box.step * (crowd - 1) / 2, (box.right - box.left) / 4), box)
    days = _day_ticks(slots, where, box)
    gap = min([b["x"] - a["x"] for a, b in zip(days, days[1:])] or [box.right - box.left])
    marks = []
    for day, members in by_day.items():
        step = min(box.step, 0.8 * gap / len(members))
        marks += [_mark(entry, where[day] + (number - (len(members) - 1) / 2) * step, y, log, box)
                  for number, entry in enumerate(members)]
    ranges = [(weighed["band"]["low"], weighed["band"]["high"])] if weighed.get("band") else weighed.get("split", [])
    return {"width": box.width, "height": box.bottom + 34, "left": box.left, "right": box.right, "top": box.top,
            "bottom": box.bottom, "marks": marks, "ticks": ticks, "days": days, "split": not weighed.get("band"),
            "bands": [_band(low, high, y, box) for low, high in ranges], "day_y": box.bottom + 18,
            "tick_x": box.left - 6, "label_x": box.right + 5, "left_out": left_out,
            "shapes": [(role, SHAPES[role]) for role in SHAPES if any(mark["role"] == role for mark in marks)]}


def _mark(entry: dict, x: float, y, log: bool, box: Box) -> dict:
    """One value: its bar (bounds; to the top with an arrow when open) and its mark, with what the tooltip says."""
    figure = entry["figure"]
    low = float(figure["min"] if figure["min"] is not None else 0)
    high = None if figure["max"] is None else float(figure["max"])
    x, cy, shape = round(x, 1), y(_point(low, high, log)), SHAPES[entry["role"]]
    return {"id": entry["id"], "x": x, "y": cy, "role": entry["role"], "shape": shape, "points": _shape(shape, x, cy),
            "bar_top": box.top + 8 if high is None else y(high), "bar_bottom": y(low), "open": high is None,
            "arrow": f"{x - 5},{box.top + 9} {x + 5},{box.top + 9} {x},{box.top}", "value": entry["value"],
            "speaker": entry["speaker"], "outlet": entry["outlet"], "published": entry.get("published"),
            "status": entry.get("status")}


def _band(low: float, high: float | None, y, box: Box) -> dict:
    """A horizontal band over the plot from ``low`` to ``high`` (open: to the top), at least 6 px tall."""
    top = box.top if high is None else y(high)
    bottom = y(low)
    if bottom - top < 6:
        top, bottom = round((top + bottom) / 2 - 3, 1), round((top + bottom) / 2 + 3, 1)
    return {"y": top, "height": round(bottom - top, 1), "label_y": round((top + bottom) / 2 + 4, 1)}


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
