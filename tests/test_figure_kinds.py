"""Figure kinds beyond the dead and wounded — missing, bodies recovered, buried, casualties, cases,
displaced — and revisions reach everything a desk reads: the claim JSON, the CSV export and the
event board.  The reports are invented for this test; the embedder is the stand-in (nothing here is
about search)."""
from __future__ import annotations

import csv
import io

import pytest

from workbench.analyse.figures import extract_figures

FIRST = """Port Vessa, 3 March (Harbour Courier) - Fourteen workers are missing after a fire swept through a fuel \
depot in Port Vessa on Sunday, the civil protection agency said.

Rescuers have recovered 9 bodies from the burnt warehouse, according to the port authority.

About 2,000 residents of the Kantara district were evacuated overnight, the mayor said."""

LATER = """Port Vessa, 9 March (Le Veilleur) - Le bilan de l'incendie du dépôt de Port Vessa s'est alourdi à 17 morts, \
contre 9 la semaine dernière, selon la protection civile.

Au moins 30 personnes ont été tuées ou blessées, selon l'hôpital régional.

Onze victimes ont été inhumées samedi au cimetière de Kantara."""


def _ingest(wb):
    wb.ingest_text(FIRST, outlet="Harbour Courier", published="2025-03-03", language="en", source="first.txt")
    wb.ingest_text(LATER, outlet="Le Veilleur", published="2025-03-09", language="fr", source="later.txt")
    return {(f["kind"], f["min"]): f for claim in wb.claims() for f in claim["figures"]}


def test_new_kinds_and_revisions_are_in_the_claim_json(wb):
    figures = _ingest(wb)
    assert {("missing", 14), ("bodies_recovered", 9), ("casualties", 30), ("buried", 11)} <= set(figures)
    assert figures[("displaced", 1800)]["approximate"]  # "about 2,000": a range around it, 1800–2200
    revised = figures[("killed", 17)]
    assert revised["revision"] and revised["previous"] == 9
    assert not any(kind == "killed" and f["min"] in (14, 2000) for (kind, _), f in figures.items())


def test_new_kinds_are_in_the_csv_export(wb):
    _ingest(wb)
    out = io.BytesIO()
    wb.export("csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"))))
    cells = " | ".join(row["figures"] for row in rows)
    assert "missing: 14" in cells and "bodies_recovered: 9" in cells and "casualties: at least 30" in cells
    assert "killed: 17 (revised, from 9)" in cells


def test_new_kinds_are_frames_on_the_event_board(wb):
    _ingest(wb)
    events = wb.events()
    assert len(events) == 1, events  # one depot fire, reported twice
    frames = {frame["frame"] for frame in wb.board(events[0]["id"])["frames"]}
    assert {"missing", "bodies_recovered", "casualties", "buried", "killed"} <= frames


@pytest.mark.parametrize("sentence, kinds", [
    ("About 2,500 families lost their homes in the floods.", [("displaced", 2250)]),
    ("At least 40 fishermen lost their lives in the storm.", [("killed", 40)]),
    ("The relief society put the toll at 19 and said 8,000 people had to leave their homes.",
     [("killed", 19), ("displaced", 8000)]),
    ("Quelque quatre cents familles ont perdu leur logement.", [("displaced", 360)]),
    ("Cinq des rescapés sont dans un état grave, selon l'hôpital.", [("injured", 5)]),
    ("Two of the miners were in critical condition.", [("injured", 2)]),
])
def test_a_phrase_says_what_befell_the_people_counted(sentence, kinds):
    """'lost their homes' is not the 'lost' of a toll, and the death word of one number does not pass to the
    next; « dans un état grave », 'in critical condition': wounded."""
    assert [(figure.kind, figure.min) for figure in extract_figures(sentence)] == kinds
